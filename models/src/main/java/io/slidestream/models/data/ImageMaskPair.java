package io.slidestream.models.data;

import java.nio.file.Path;
import java.util.Objects;

/** An RGB image file and the label mask file that annotates it, under the id they share (the file stem). */
public record ImageMaskPair(String id, Path image, Path mask) {
  public ImageMaskPair {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(mask, "mask");
  }
}
