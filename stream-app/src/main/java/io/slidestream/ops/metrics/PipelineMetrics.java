package io.slidestream.ops.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.slidestream.service.pipeline.PipelineListener;
import java.util.concurrent.TimeUnit;

/** The per-slide graph's figures: tiles read and inferred, the stages' times, how full batches are. */
final class PipelineMetrics implements PipelineListener {

  private final Counter tilesRead;
  private final Counter tilesInferred;
  private final Timer read;
  private final Timer infer;
  private final Timer stitch;
  private final Timer writeOutputs;
  private final DistributionSummary batchFill;

  PipelineMetrics(MeterRegistry registry) {
    tilesRead = Counter.builder("slidestream.tiles.read").description("Tissue tiles read from slides")
        .register(registry);
    tilesInferred = Counter.builder("slidestream.tiles.inferred").description("Tiles run through the network")
        .register(registry);
    read = ServiceMetrics.stage(registry, "read");
    infer = ServiceMetrics.stage(registry, "infer");
    stitch = ServiceMetrics.stage(registry, "stitch");
    writeOutputs = ServiceMetrics.stage(registry, "write_outputs");
    batchFill = DistributionSummary.builder("slidestream.batch.fill").baseUnit("ratio")
        .description("Share of a batch's patches that held tissue tiles, per network call")
        .serviceLevelObjectives(Buckets.EIGHTHS).register(registry);
  }

  @Override
  public void tileRead(long nanos) {
    tilesRead.increment();
    read.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void batchInferred(int tissueTiles, int batchSize, long nanos) {
    tilesInferred.increment(tissueTiles);
    infer.record(nanos, TimeUnit.NANOSECONDS);
    batchFill.record(batchSize > 0 ? (double) tissueTiles / batchSize : 0);
  }

  @Override
  public void batchStitched(int tiles, long nanos) {
    stitch.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void outputsWritten(long nanos) {
    writeOutputs.record(nanos, TimeUnit.NANOSECONDS);
  }
}
