package io.slidestream.models.data;

/**
 * Regions (images, slides) that training patches are read from, at one working resolution. A
 * region is addressed by index; coordinates are pixels at the working resolution from the
 * region's top-left corner. {@link #read} is safe to call from several threads at once.
 */
public interface PatchSource extends AutoCloseable {

  /** Classes of every label set this source produces. */
  int classCount();

  int regionCount();

  /** A name for messages and sample ids. */
  String regionId(int region);

  /** Width of the region in working-resolution pixels. */
  int regionWidth(int region);

  int regionHeight(int region);

  /** Where the region is annotated: what samplers draw patch centres from. */
  AnnotatedArea annotatedArea(int region);

  /** Reads a patch; pixels outside the region carry no labels (all classes). */
  TrainingSample read(PatchRequest request);

  @Override
  default void close() {}
}
