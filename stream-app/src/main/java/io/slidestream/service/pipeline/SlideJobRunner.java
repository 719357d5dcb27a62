package io.slidestream.service.pipeline;

import io.slidestream.service.jobs.SlideJob;
import io.slidestream.service.records.JobOutput;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Runs validated slide jobs. Each call gives a cold source (nothing happens until it is run) that
 * emits, in order: PROGRESS events and tile records as tiles complete (one record per tile of the
 * slide's grid; the last carries the tile count), then exactly one {@link io.slidestream.service.records.MaskRecord},
 * last, once every output file is durable. On failure the source fails with a
 * {@link JobFailedException} and no output file of the job is published; cancelling it abandons the
 * job the same way. Running the same job again gives byte-identical files and equal tile records.
 * Several jobs may run at once; they share the runner's model and threads.
 */
public interface SlideJobRunner extends AutoCloseable {

  Source<JobOutput, NotUsed> run(SlideJob job);

  /** Stops the runner's threads; jobs still running fail. */
  @Override
  void close();
}
