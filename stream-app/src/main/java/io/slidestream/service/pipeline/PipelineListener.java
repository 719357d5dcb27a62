package io.slidestream.service.pipeline;

/**
 * What the per-slide graph tells whoever watches it (the service's metrics), from its own threads:
 * each call must be quick and must not throw. Durations are in nanoseconds. {@link #NONE} hears
 * nothing and costs nothing.
 */
public interface PipelineListener {

  PipelineListener NONE = new PipelineListener() {};

  /** A tissue tile was read from the slide (on a reader thread). */
  default void tileRead(long nanos) {}

  /**
   * A batch went through the network (on the inference thread): {@code tissueTiles} of at most
   * {@code batchSize} patches.
   */
  default void batchInferred(int tissueTiles, int batchSize, long nanos) {}

  /** A batch's tiles, with or without tissue, were stitched into the outputs and described as records. */
  default void batchStitched(int tiles, long nanos) {}

  /** A slide's outputs were finished: synced, renamed into place, described in its mask record. */
  default void outputsWritten(long nanos) {}
}
