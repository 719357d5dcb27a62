package io.slidestream.ops.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.slidestream.hem.events.TrainingMetricsMBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The figures of the training runs in this process, as their {@code hem.events} MBeans
 * ({@code io.slidestream:type=Training,name=<run>}) hold them: one row per run, labelled with its
 * run id, present while the run's MBean is registered. Read at each scrape.
 */
final class TrainingRunMetrics {

  private static final ObjectName RUNS;

  static {
    try {
      RUNS = new ObjectName("io.slidestream:type=Training,*");
    } catch (MalformedObjectNameException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private record Figure(MultiGauge gauge, ToDoubleFunction<TrainingMetricsMBean> value) {}

  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
  private final List<Figure> figures = new ArrayList<>();

  TrainingRunMetrics(MeterRegistry registry) {
    figure(registry, "slidestream.training.loss", null, "Training loss of the last cycle", m -> m.getLoss());
    figure(registry, "slidestream.training.validation.dice", null, "Last validation Dice measured",
        m -> m.getValidationDice());
    figure(registry, "slidestream.training.k", "patches", "Patches sampled per hard-example-mining cycle (k)",
        m -> m.getK());
    figure(registry, "slidestream.training.pool.size", "patches", "Patches in the hard-example pool",
        m -> m.getPoolSize());
    figure(registry, "slidestream.training.trainer.idle", "ratio", "Share of the last cycle the trainer waited",
        m -> m.getTrainerIdle());
    figure(registry, "slidestream.training.error.map.idle", "ratio",
        "Share of the last cycle the error-map workers waited", m -> m.getErrorMapIdle());
    figure(registry, "slidestream.training.iteration", null, "Training iterations done", m -> m.getIteration());
    figure(registry, "slidestream.training.cycle.duration", "seconds", "Wall time of the last cycle",
        m -> m.getCycleSeconds());
  }

  private void figure(MeterRegistry registry, String name, String unit, String description,
      ToDoubleFunction<TrainingMetricsMBean> value) {
    MultiGauge.Builder b = MultiGauge.builder(name).description(description);
    if (unit != null) {
      b.baseUnit(unit);
    }
    figures.add(new Figure(b.register(registry), value));
  }

  /** One row per training run registered now; called before each scrape. */
  void refresh() {
    Set<ObjectName> names = server.queryNames(RUNS, null);
    List<TrainingMetricsMBean> runs = new ArrayList<>();
    for (ObjectName n : names) {
      runs.add(JMX.newMBeanProxy(server, n, TrainingMetricsMBean.class));
    }
    for (Figure f : figures) {
      List<MultiGauge.Row<?>> rows = new ArrayList<>();
      for (TrainingMetricsMBean run : runs) {
        try {
          rows.add(MultiGauge.Row.of(Tags.of("run", run.getRunId()), f.value().applyAsDouble(run)));
        } catch (RuntimeException unregisteredMeanwhile) {
          // The run ended between the query and the read: it has no row.
        }
      }
      f.gauge().register(rows, true);
    }
  }
}
