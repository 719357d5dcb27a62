package io.slidestream.models.data;

/** Whether one pixel of a region, at the working resolution, carries any information (its set is not all classes). */
@FunctionalInterface
public interface AnnotatedPixels {
  boolean isAnnotated(int x, int y);
}
