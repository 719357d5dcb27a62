package io.slidestream.models.training;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One slide of a run that trains from slides ({@code train.data.slides}).
 *
 * @param slide       the slide file (anything {@code SlideReaders.open} opens; it must state its µm/px)
 * @param annotations its annotation file: QuPath GeoJSON, ASAP XML or a label image
 * @param reference   dense annotations that validation scores against, or null to score against
 *                    the single-class pixels of {@code annotations}
 * @param validation  whether the slide is held out for validation
 */
public record TrainingSlide(Path slide, Path annotations, Path reference, boolean validation) {

  public TrainingSlide {
    Objects.requireNonNull(slide, "slide");
    Objects.requireNonNull(annotations, "annotations");
  }
}
