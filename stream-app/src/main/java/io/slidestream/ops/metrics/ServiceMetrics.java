package io.slidestream.ops.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.slidestream.models.training.MemoryUse;
import io.slidestream.service.jobs.OutputStore;
import io.slidestream.service.kafka.JobListener;
import io.slidestream.service.kafka.SlidestreamService;
import io.slidestream.service.pipeline.PipelineListener;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The service's metrics in one Prometheus registry (Micrometer): what the consumer graph and the
 * per-slide pipeline report through their listeners ({@link #jobs()}, {@link #pipeline()},
 * {@link #modelLoads()}), the consumer's lag, the producer's errors and retries, the stores' free
 * space, the JVM's heap, collections and threads, the process's native heap and resident memory,
 * and the figures of training runs in the process. {@link #scrape()} renders them in the
 * Prometheus text format. Names follow Prometheus's conventions: base units ({@code _seconds},
 * {@code _bytes}), counters ending in {@code _total}, and no label that could hold a slide's path,
 * a file name or a job id.
 */
public final class ServiceMetrics implements AutoCloseable {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JobMetrics jobs;
  private final PipelineMetrics pipeline;
  private final Timer modelLoad;
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final TrainingRunMetrics training;
  private volatile ConsumerMetrics consumer;
  /** What function counters read: Micrometer holds them weakly, so they are held here. */
  private final List<Object> held = new CopyOnWriteArrayList<>();

  public ServiceMetrics() {
    // Two of Micrometer's processor meters break Prometheus's naming rules (promtool says so):
    // process_cpu_time_ns_total (an abbreviated unit) and system_cpu_count (a gauge named _count).
    // The first comes back in seconds as Prometheus's own process_cpu_seconds_total.
    registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")
        || id.getName().equals("system.cpu.count")));
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      held.add(os);
      FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9).baseUnit("seconds")
          .description("CPU time the process has used").register(registry);
    }
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    Gauge.builder("process.resident.memory", () -> MemoryUse.now().physicalBytes()).baseUnit("bytes")
        .description("Resident memory of the process: heap, native memory, code and allocator caches")
        .register(registry);
    Gauge.builder("slidestream.native.heap", () -> MemoryUse.now().offHeapBytes()).baseUnit("bytes")
        .description("Native (off-heap) memory in use on the C heap: ND4J's arrays and workspaces, oneDNN's buffers")
        .register(registry);
    jobs = new JobMetrics(registry);
    pipeline = new PipelineMetrics(registry);
    modelLoad = Timer.builder("slidestream.model.load").description("Networks loaded from the model store, and how long each took")
        .serviceLevelObjectives(Buckets.SECONDS).register(registry);
    training = new TrainingRunMetrics(registry);
  }

  /** A stage's timer: {@code slidestream_stage_duration_seconds{stage}}. */
  static Timer stage(MeterRegistry registry, String stage) {
    return Timer.builder("slidestream.stage.duration").tag("stage", stage)
        .description("Time one step of a stage took: validate a job record, read a tile, infer or stitch a batch,"
            + " write a slide's outputs, publish a record until acknowledged")
        .serviceLevelObjectives(Buckets.SECONDS).register(registry);
  }

  /** What the consumer graph reports. */
  public JobListener jobs() {
    return jobs;
  }

  /** What the per-slide pipeline reports. */
  public PipelineListener pipeline() {
    return pipeline;
  }

  /** Told how long each network load took. */
  public LongConsumer modelLoads() {
    return nanos -> modelLoad.record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Adds what only a running service has: its consumer's lag and jobs not yet committed, its
   * producer's errors and retries, and the free space of the stores (by name: work, models,
   * outputs) with the output store's floor.
   */
  public void watch(SlidestreamService service, Map<String, Path> stores, long outputsMinFreeBytes) {
    consumer = new ConsumerMetrics(registry, service.consumerState(), service.groupId(), Clock.systemUTC());
    Map<MetricName, ? extends Metric> producer = service.producerMetrics();
    held.add(producer);
    producerCounter(producer, "record-error-total", "slidestream.producer.record.errors",
        "Records the producer failed to send, after its retries");
    producerCounter(producer, "record-retry-total", "slidestream.producer.record.retries",
        "Retried sends of record batches by the producer");
    stores.forEach((name, dir) -> Gauge.builder("slidestream.store.free", dir, ServiceMetrics::usableBytes)
        .strongReference(true).tag("store", name).baseUnit("bytes").description("Usable space on the file system of a store")
        .register(registry));
    Gauge.builder("slidestream.outputs.min.free", () -> outputsMinFreeBytes).baseUnit("bytes")
        .description("The output store's free-space floor (slidestream.outputs.min-free-bytes): below it no job starts")
        .register(registry);
  }

  /** Samples the consumer's lag from the brokers (nothing before {@link #watch}). */
  public void sampleLag(Admin admin, Duration timeout) {
    ConsumerMetrics c = consumer;
    if (c != null) {
      c.sample(admin, timeout);
    }
  }

  private void producerCounter(Map<MetricName, ? extends Metric> metrics, String kafkaName, String name,
      String description) {
    FunctionCounter.builder(name, metrics, m -> producerValue(m, kafkaName)).description(description)
        .register(registry);
  }

  /** A producer-wide metric of the Kafka client ({@code producer-metrics} group), NaN until it exists. */
  private static double producerValue(Map<MetricName, ? extends Metric> metrics, String kafkaName) {
    for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
      if (e.getKey().name().equals(kafkaName) && e.getKey().group().equals("producer-metrics")
          && e.getValue().metricValue() instanceof Number n) {
        return n.doubleValue();
      }
    }
    return Double.NaN;
  }

  /** Usable bytes where the directory is, or at its nearest existing parent; NaN if none can be asked. */
  private static double usableBytes(Path dir) {
    try {
      return OutputStore.usableSpace(dir);
    } catch (IOException e) {
      return Double.NaN;
    }
  }

  /** The registry, for tests and further meters. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Every metric in the Prometheus text format (0.0.4), the per-scrape rows brought up to date first. */
  public String scrape() {
    ConsumerMetrics c = consumer;
    if (c != null) {
      c.refresh();
    }
    training.refresh();
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
