package io.slidestream.images;

import java.util.List;
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

  /**
   * What every output calls a label that no class names: {@code "Class <id>"}, in a grey of its
   * own (so that two unnamed labels side by side can still be told apart).
   */
  public static LabelClass unnamed(int id) {
    int grey = 64 + (id * 37) % 160;
    return new LabelClass(id, "Class " + id, grey << 16 | grey << 8 | grey);
  }

  /** The class of {@code id} among {@code classes}, or {@link #unnamed(int)} when none has it. */
  public static LabelClass byId(List<LabelClass> classes, int id) {
    for (LabelClass c : classes) {
      if (c.id() == id) {
        return c;
      }
    }
    return unnamed(id);
  }
}
