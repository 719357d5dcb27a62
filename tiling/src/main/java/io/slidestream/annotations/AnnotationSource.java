package io.slidestream.annotations;

/**
 * The annotations of one slide, turned into admissible label sets tile by tile. Implementations
 * are safe for concurrent {@link #rasterize} calls (training reads patches in parallel) and touch
 * only the annotations near the requested tile.
 */
public interface AnnotationSource extends AutoCloseable {

  /** Number of classes of the sets this source produces (that of its labeling protocol). */
  int classCount();

  /** A new raster of {@code region.width() × region.height()} label sets. */
  LabelSetRaster rasterize(RegionRequest region);

  @Override
  default void close() {}
}
