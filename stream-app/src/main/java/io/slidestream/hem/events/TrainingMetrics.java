package io.slidestream.hem.events;

import io.slidestream.models.hem.HemCycleReport;
import java.lang.management.ManagementFactory;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The MBean of one run, registered on the platform MBean server while the run lasts (a JMX
 * exporter or {@code jconsole} reads it). A second registration under the same name replaces
 * the first: a run restarted in the same JVM shows its new figures.
 */
public final class TrainingMetrics implements TrainingMetricsMBean, AutoCloseable {

  private final String runId;
  private final ObjectName name;
  private volatile long cycle = -1;
  private volatile long cycles;
  private volatile int k = -1;
  private volatile int nextK = -1;
  private volatile int poolSize = -1;
  private volatile double trainerIdle = Double.NaN;
  private volatile double errorMapIdle = Double.NaN;
  private volatile double loss = Double.NaN;
  private volatile double dice = Double.NaN;
  private volatile long iteration;
  private volatile double cycleSeconds = Double.NaN;
  private volatile String state = "STARTED";

  private TrainingMetrics(String runId, ObjectName name) {
    this.runId = runId;
    this.name = name;
  }

  public static ObjectName objectName(String runId) {
    try {
      return new ObjectName("io.slidestream:type=Training,name=" + ObjectName.quote(runId));
    } catch (MalformedObjectNameException e) {
      throw new IllegalArgumentException("no MBean name for run " + runId, e);
    }
  }

  /** Creates and registers the MBean of a run. */
  public static TrainingMetrics register(String runId) {
    TrainingMetrics m = new TrainingMetrics(runId, objectName(runId));
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      try {
        server.registerMBean(m, m.name);
      } catch (InstanceAlreadyExistsException e) {
        server.unregisterMBean(m.name);
        server.registerMBean(m, m.name);
      }
    } catch (JMException e) {
      throw new IllegalStateException("cannot register " + m.name + ": " + e.getMessage(), e);
    }
    return m;
  }

  public ObjectName name() {
    return name;
  }

  public void update(HemCycleReport r) {
    cycle = r.cycle();
    cycles++;
    k = r.k();
    nextK = r.nextK();
    poolSize = r.poolSize();
    trainerIdle = r.trainerIdle();
    errorMapIdle = r.errorMapIdle();
    loss = r.loss();
    if (!Double.isNaN(r.validationDice())) {
      dice = r.validationDice();
    }
    iteration = r.iteration();
    cycleSeconds = r.wallSeconds();
    state = "RUNNING";
  }

  public void ended(boolean failed) {
    state = failed ? "FAILED" : "FINISHED";
  }

  @Override
  public void close() {
    try {
      ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
    } catch (InstanceNotFoundException e) {
      // Replaced by a newer registration, or already gone.
    } catch (JMException e) {
      throw new IllegalStateException("cannot unregister " + name, e);
    }
  }

  @Override public String getRunId() { return runId; }
  @Override public long getCycle() { return cycle; }
  @Override public long getCyclesCompleted() { return cycles; }
  @Override public int getK() { return k; }
  @Override public int getNextK() { return nextK; }
  @Override public int getPoolSize() { return poolSize; }
  @Override public double getTrainerIdle() { return trainerIdle; }
  @Override public double getErrorMapIdle() { return errorMapIdle; }
  @Override public double getLoss() { return loss; }
  @Override public double getValidationDice() { return dice; }
  @Override public long getIteration() { return iteration; }
  @Override public double getCycleSeconds() { return cycleSeconds; }
  @Override public String getState() { return state; }
}
