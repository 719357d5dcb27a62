package io.slidestream.images;

import java.util.Objects;

/**
 * A tissue class as it appears in masks and exports: the id stored in label rasters, the name
 * pathologists use (the QuPath classification name) and its display colour {@code 0xRRGGBB}.
 */
public record LabelClass(int id, String name, int rgb) {
  public LabelClass {
    if (id < 0 || id > 255) {
      throw new IllegalArgumentException("class id must be in 0..255, got " + id);
    }
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("class " + id + " needs a name");
    }
    rgb &= 0xffffff;
  }
}
