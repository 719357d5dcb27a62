package io.slidestream.models.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.images.LabelRaster;
import io.slidestream.images.readers.synthetic.SyntheticGroundTruth;
import io.slidestream.images.readers.synthetic.SyntheticSlide;
import io.slidestream.images.readers.synthetic.SyntheticSlideSpec;
import io.slidestream.models.data.PatchRequest;
import io.slidestream.models.data.SlidePatchSource;
import io.slidestream.models.data.TrainingSample;
import io.slidestream.models.data.UniformPatchSampler;
import io.slidestream.models.eval.DiceScores;
import io.slidestream.models.fixtures.SingleThreadedNd4j;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training from slides and annotation files, configured as {@code train.data.slides}: synthetic
 * slides opened from their {@code *.synthetic.json} specs, their sparse annotations as QuPath
 * GeoJSON, and one slide's dense truth as a label-image reference for validation.
 */
@ExtendWith(SingleThreadedNd4j.class)
class TrainingDataTest {

  /** The shipped protocol of synthetic slides: GeoJSON class names and mask values 0..6. */
  static Path protocol() {
    Path p = Path.of(System.getProperty("slidestream.repo.root", "..")).resolve("conf/protocols/synthetic.conf");
    assertThat(p).exists();
    return p.toAbsolutePath();
  }

  @TempDir static Path dir;

  /** Two training slides and a validation slide, 1024 px a side at 0.5 µm/px. */
  @BeforeAll
  static void writeSlides() throws Exception {
    for (int i = 1; i <= 3; i++) {
      Files.writeString(dir.resolve("s" + i + ".synthetic.json"),
          "{\"width\": 1024, \"height\": 1024, \"seed\": " + (40 + i) + ", \"tissueFraction\": 0.9}");
      SyntheticSlide slide = SyntheticSlide.of(SyntheticSlideSpec.of(1024, 1024, 40 + i).withTissueFraction(0.9));
      SyntheticGroundTruth.writeGeoJson(slide, dir, "s" + i + ".annotations");
      writeTruthPng(slide, dir.resolve("s" + i + ".truth.png"));
    }
  }

  /**
   * The dense truth as an 8-bit PNG label image at downsample 4 (values 1..6). The project's own
   * mask-tiff files are BigTIFF, which the label-image reader (ImageIO) does not open.
   */
  static void writeTruthPng(SyntheticSlide slide, Path file) throws Exception {
    LabelRaster truth = slide.labels(4, 0, 0, 256, 256);
    BufferedImage png = new BufferedImage(256, 256, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 256; y++) {
      for (int x = 0; x < 256; x++) {
        png.getRaster().setSample(x, y, 0, truth.data()[y * 256 + x] & 0xff);
      }
    }
    ImageIO.write(png, "png", file.toFile());
  }

  static TrainingConfig config(String slides, int iterations) {
    String text = """
        train {
          name = "slides", seed = 5, output-dir = "out"
          data { protocol = "%s", label-image-downsample = 4, slides = %s }
          model { levels = 3, filters = 4, patch-size = 32, microns-per-pixel = 2.0 }
          batch-size = 4, iterations = %d, validate-every = %d, checkpoint-every = %d, learning-rate = 3e-3
        }
        """.formatted(protocol(), slides, iterations, iterations, iterations);
    return TrainingConfig.fromConfig(ConfigFactory.parseString(text), p -> dir.resolve(p));
  }

  static final String SLIDES = """
      [ { slide = "s1.synthetic.json", annotations = "s1.annotations.geojson" }
        { slide = "s2.synthetic.json", annotations = "s2.annotations.geojson" }
        { slide = "s3.synthetic.json", annotations = "s3.annotations.geojson", reference = "s3.truth.png",
          validation = true } ]
      """;

  @Test
  void slidesAreReadAtTheModelResolutionWithTheirAnnotations() throws Exception {
    TrainingConfig config = config(SLIDES, 10);
    assertThat(config.fromSlides()).isTrue();
    assertThat(config.slides()).hasSize(3);
    assertThat(config.slides().get(2).reference()).isEqualTo(dir.resolve("s3.truth.png"));
    try (TrainingData data = TrainingData.open(config)) {
      assertThat(data.description()).isEqualTo("2 training and 1 validation slides at 2.0 µm/px");
      assertThat(data.protocol().classCount()).isEqualTo(6);
      SlidePatchSource train = (SlidePatchSource) data.train();
      assertThat(train.regionCount()).isEqualTo(2);
      assertThat(train.downsample(0)).isEqualTo(4.0);
      assertThat(train.regionWidth(0)).isEqualTo(256);
      // Sampled patches are centred on annotated pixels, whose sets are the GeoJSON classes.
      UniformPatchSampler sampler = new UniformPatchSampler(train, 32, 32, 1);
      int annotatedCentres = 0;
      for (long i = 0; i < 20; i++) {
        LabelSetRaster labels = train.read(sampler.sample(i)).labels();
        annotatedCentres += Long.bitCount(labels.get(16, 16)) == 1 ? 1 : 0;
      }
      assertThat(annotatedCentres).as("sampled patches whose centre carries one class, of 20").isGreaterThanOrEqualTo(16);
      // Validation reads the dense truth as the reference: no pixel of it is missing.
      TrainingSample v = data.validation().read(new PatchRequest(0, 64, 64, 32, 32));
      LabelRaster reference = v.reference().orElseThrow();
      assertThat(reference.histogram()[TrainingSample.IGNORE]).isZero();
    }
  }

  @Test
  void aRunTrainsOnSlidesAndValidatesOnTheDenseReference() throws Exception {
    TrainingConfig config = config(SLIDES, 12);
    try (TrainingData data = TrainingData.open(config)) {
      Trainer trainer = new Trainer(config, data.train(), data.validation(), data.protocol().classes(),
          data.protocol().backgroundClass());
      TrainingResult result = trainer.run(false, TrainingProgress.silent());
      DiceScores dice = result.report().dice();
      System.out.printf("TrainingDataTest: 12 iterations on 2 slides; validation Dice %.3f over %d pixels%n",
          dice.overall(), dice.pixels());
      assertThat(dice.ignoredPixels()).as("validation patches lie in the dense reference").isZero();
      assertThat(dice.pixels()).isPositive().isEqualTo(dice.pixels() / (32 * 32) * (32 * 32));
      assertThat(trainer.modelFile()).exists();
      assertThat(Files.readAllLines(trainer.logFile())).hasSize(13);
    }
  }

  @Test
  void withoutAMarkedSlideAShareOfTheSlidesIsHeldOut() throws Exception {
    TrainingConfig config = config("""
        [ { slide = "s1.synthetic.json", annotations = "s1.annotations.geojson" }
          { slide = "s2.synthetic.json", annotations = "s2.annotations.geojson" }
          { slide = "s3.synthetic.json", annotations = "s3.truth.png" } ]
        """, 10);
    try (TrainingData data = TrainingData.open(config)) {
      assertThat(data.train().regionCount()).isEqualTo(2);
      assertThat(data.validation().regionCount()).isEqualTo(1);
    }
  }

  @Test
  void badSlideListsAreClearErrors() {
    assertThatThrownBy(() -> TrainingData.open(config("[ { slide = \"s1.synthetic.json\", annotations ="
        + " \"s1.annotations.geojson\" } ]", 10)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one slide cannot be split");
    assertThatThrownBy(() -> TrainingData.open(config("[ { slide = \"nope.svs\", annotations ="
        + " \"s1.annotations.geojson\" }, { slide = \"s2.synthetic.json\", annotations = \"s2.annotations.geojson\" } ]",
        10)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no such file").hasMessageContaining("nope.svs");
    assertThatThrownBy(() -> TrainingConfig.fromConfig(ConfigFactory.parseString("""
        train.data { protocol = p, images = i, masks = m, slides = [ { slide = s, annotations = a } ] }
        """), Path::of))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("give one or the other");
    assertThatThrownBy(() -> TrainingConfig.fromConfig(ConfigFactory.parseString("""
        train { data { protocol = p, slides = [ { slide = s, annotations = a } ] }, loss = binary-ambiguity,
                smiler.rounds = 2 }
        """), Path::of))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not slides");
  }

  @Test
  void theShippedTrainingFilesAreValid() throws Exception {
    Path repo = Path.of(System.getProperty("slidestream.repo.root", "..")).toAbsolutePath();
    TrainingConfig glas = TrainingConfig.fromConfig(ConfigFactory.parseFile(repo.resolve("conf/train/glas.conf")
        .toFile()).resolve(), repo::resolve);
    assertThat(glas.fromSlides()).isFalse();
    assertThat(glas.smiler().enabled()).isFalse();
    TrainingConfig cmu = TrainingConfig.fromConfig(ConfigFactory.parseFile(repo.resolve("conf/train/cmu-slide.conf")
        .toFile()).resolve(), p -> repo.resolve(p).normalize());
    assertThat(cmu.fromSlides()).isTrue();
    assertThat(cmu.slides()).extracting(TrainingSlide::validation).containsExactly(false, true);
    try (TrainingData data = TrainingData.open(cmu)) {
      assertThat(data.description()).isEqualTo("1 training and 1 validation slides at 2.0 µm/px");
      assertThat(data.protocol().classes()).extracting(c -> c.name()).containsExactly("background", "tissue");
      // The GeoJSON boxes: about 0.1 of the slide annotated for training at 2 µm/px.
      long annotated = data.train().annotatedArea(0).total();
      long pixels = (long) data.train().regionWidth(0) * data.train().regionHeight(0);
      assertThat((double) annotated / pixels).isBetween(0.05, 0.3);
    }
  }

  @Test
  void smilerKeysAreRead() {
    TrainingConfig c = TrainingConfig.fromConfig(ConfigFactory.parseString("""
        train { data { protocol = p, images = i, masks = m }, loss = "binary-ambiguity",
                smiler { rounds = 3, gamma-max = 0.5, threshold = 0.6 } }
        """), Path::of);
    assertThat(c.smiler()).isEqualTo(new SmilerConfig(3, 0.5, 0.6));
    assertThat(c.smiler().phaseStart(1, c.iterations())).isEqualTo(250);
    assertThat(TrainingConfig.fromConfig(ConfigFactory.parseString("train.data { protocol = p, images = i, masks = m }"),
        Path::of).smiler().enabled()).isFalse();
  }
}
