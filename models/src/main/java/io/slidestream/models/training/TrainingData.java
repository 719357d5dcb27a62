package io.slidestream.models.training;

import io.slidestream.annotations.AnnotationSource;
import io.slidestream.annotations.AnnotationSources;
import io.slidestream.annotations.protocol.LabelingProtocol;
import io.slidestream.annotations.protocol.LabelingProtocolConfig;
import io.slidestream.images.readers.SlideReader;
import io.slidestream.images.readers.SlideReaders;
import io.slidestream.models.data.DatasetSplit;
import io.slidestream.models.data.ImageMaskDataset;
import io.slidestream.models.data.PatchSource;
import io.slidestream.models.data.SlidePatchSource;
import io.slidestream.models.data.SparseAnnotationSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The data a {@link TrainingConfig} names, opened: the labeling protocol, and training and
 * validation patch sources, either images and masks in memory ({@link ImageMaskDataset}) or slides
 * with annotation files read at the model's µm/px ({@link SlidePatchSource}). Closing it closes
 * the slides and annotation files.
 */
public final class TrainingData implements AutoCloseable {

  private final LabelingProtocol protocol;
  private final PatchSource train;
  private final PatchSource validation;
  private final String description;

  private TrainingData(LabelingProtocol protocol, PatchSource train, PatchSource validation, String description) {
    this.protocol = protocol;
    this.train = train;
    this.validation = validation;
    this.description = description;
  }

  /**
   * Opens the data.
   *
   * @throws IOException when a file cannot be read
   * @throws IllegalArgumentException when a file is missing or the data cannot be split
   */
  public static TrainingData open(TrainingConfig config) throws IOException {
    LabelingProtocol protocol = LabelingProtocolConfig.load(existing(config.protocol(), "data.protocol"));
    return config.fromSlides() ? slides(config, protocol) : images(config, protocol);
  }

  private static TrainingData images(TrainingConfig config, LabelingProtocol protocol) throws IOException {
    SparseAnnotationSimulator sparse = config.sparseKeepFraction() > 0
        ? new SparseAnnotationSimulator(
            SparseAnnotationSimulator.Options.defaults().withKeepFraction(config.sparseKeepFraction()), config.seed())
        : null;
    ImageMaskDataset data = ImageMaskDataset.load(config.images(), config.masks(), protocol,
        config.validationFraction(), config.seed(), sparse);
    return new TrainingData(protocol, data.trainSource(), data.validationSource(), String.format(Locale.ROOT,
        "%d training and %d validation images", data.split().train().size(), data.split().validation().size()));
  }

  private static TrainingData slides(TrainingConfig config, LabelingProtocol protocol) throws IOException {
    List<TrainingSlide> marked = config.slides().stream().filter(TrainingSlide::validation).toList();
    List<TrainingSlide> training;
    List<TrainingSlide> held;
    if (!marked.isEmpty()) {
      training = config.slides().stream().filter(s -> !s.validation()).toList();
      held = marked;
    } else {
      if (config.slides().size() < 2) {
        throw new IllegalArgumentException("one slide cannot be split into training and validation; add a slide or"
            + " mark one 'validation = true' (the same slide may be listed twice with different annotations)");
      }
      DatasetSplit<TrainingSlide> split = DatasetSplit.of(config.slides(), config.validationFraction(), config.seed());
      training = split.train();
      held = split.validation();
    }
    if (training.isEmpty()) {
      throw new IllegalArgumentException("every slide is marked for validation; none is left to train on");
    }
    SlidePatchSource train = null;
    try {
      train = open(training, "train", config, protocol);
      SlidePatchSource validation = open(held, "validation", config, protocol);
      return new TrainingData(protocol, train, validation, String.format(Locale.ROOT,
          "%d training and %d validation slides at %s µm/px", training.size(), held.size(), config.micronsPerPixel()));
    } catch (IOException | RuntimeException e) {
      if (train != null) {
        train.close();
      }
      throw e;
    }
  }

  private static SlidePatchSource open(List<TrainingSlide> slides, String role, TrainingConfig config,
      LabelingProtocol protocol) throws IOException {
    SlidePatchSource.Builder b = SlidePatchSource.atMicronsPerPixel(config.micronsPerPixel());
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      for (int i = 0; i < slides.size(); i++) {
        TrainingSlide s = slides.get(i);
        SlideReader reader = SlideReaders.open(existing(s.slide(), "data.slides[].slide"));
        opened.add(reader);
        AnnotationSource annotations = AnnotationSources.open(existing(s.annotations(), "data.slides[].annotations"),
            protocol, config.labelImageDownsample());
        opened.add(annotations);
        AnnotationSource reference = null;
        if (s.reference() != null) {
          reference = AnnotationSources.open(existing(s.reference(), "data.slides[].reference"), protocol,
              config.labelImageDownsample());
          opened.add(reference);
        }
        // Region ids name the slide for messages only; they never leave the training process.
        b.add(role + "-" + i + ":" + s.slide().getFileName(), reader, annotations, reference);
      }
      return b.build();
    } catch (IOException | RuntimeException e) {
      for (AutoCloseable c : opened) {
        try {
          c.close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  private static Path existing(Path file, String key) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(key + ": no such file: " + file);
    }
    return file;
  }

  public LabelingProtocol protocol() {
    return protocol;
  }

  public PatchSource train() {
    return train;
  }

  public PatchSource validation() {
    return validation;
  }

  /** "68 training and 17 validation images", for progress output. */
  public String description() {
    return description;
  }

  @Override
  public void close() {
    train.close();
    validation.close();
  }
}
