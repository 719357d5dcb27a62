package io.slidestream.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.annotations.AnnotationSource;
import io.slidestream.annotations.AnnotationSources;
import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.annotations.RegionRequest;
import io.slidestream.annotations.protocol.LabelingProtocol;
import io.slidestream.annotations.protocol.LabelingProtocolConfig;
import io.slidestream.images.LabelRaster;
import io.slidestream.images.readers.synthetic.SyntheticGroundTruth;
import io.slidestream.images.readers.synthetic.SyntheticSlide;
import io.slidestream.images.readers.synthetic.SyntheticSlideReader;
import io.slidestream.images.readers.synthetic.SyntheticSlideSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlidePatchSourceTest {

  /** The synthetic slides' classes 1..6 as ids 0..5; sparse masks' 0 is "not annotated". */
  static final String SYNTHETIC_PROTOCOL = """
      name = synthetic
      classes = [
        { name = Glass, color = "#b4b4b4" }
        { name = Stroma, color = "#96c896" }
        { name = Tumor, color = "#c80000" }
        { name = Adipose, color = "#ffc800" }
        { name = "Immune cells", color = "#a05aa0" }
        { name = "Carcinoma in situ", color = "#00b4ff" }
      ]
      values { 0 = unannotated, 1 = Glass, 2 = Stroma, 3 = Tumor, 4 = Adipose, 5 = "Immune cells",
               6 = "Carcinoma in situ" }
      """;

  @TempDir
  static Path dir;

  static SyntheticSlide slide;
  static SlidePatchSource source;
  static AnnotationSource annotationsForChecks;

  @BeforeAll
  static void writeTruthAndOpen() throws IOException {
    LabelingProtocol protocol = LabelingProtocolConfig.parse(SYNTHETIC_PROTOCOL);
    slide = SyntheticSlide.of(SyntheticSlideSpec.of(4096, 3072, 7)); // 0.5 µm/px
    Path geojson = SyntheticGroundTruth.writeGeoJson(slide, dir, "s.annotations").file();
    source = SlidePatchSource.atMicronsPerPixel(1.0)
        .add("s", new SyntheticSlideReader(slide), AnnotationSources.open(geojson, protocol, 1),
            new SyntheticTruthSource(slide))
        .build();
    annotationsForChecks = AnnotationSources.open(geojson, protocol, 1);
  }

  @AfterAll
  static void close() {
    source.close();
    annotationsForChecks.close();
  }

  @Test
  void readsAtTheWorkingResolution() {
    assertThat(source.downsample(0)).isEqualTo(2.0);
    assertThat(source.regionWidth(0)).isEqualTo(2048);
    assertThat(source.regionHeight(0)).isEqualTo(1536);
    assertThat(source.classCount()).isEqualTo(6);
    TrainingSample p = source.readAtLevel0(0, 1000, 800, 96, 64);
    assertThat(p.id()).isEqualTo("s@1000,800");
    assertThat(p.width()).isEqualTo(96);
    assertThat(p.image()).isEqualTo(new SyntheticSlideReader(slide).readRegionAtDownsample(2, 1000, 800, 96, 64));
    assertThat(p.labels()).isEqualTo(annotationsForChecks.rasterize(new RegionRequest(1000, 800, 2, 96, 64)));
    // A patch request is in working pixels: (500, 400) is level-0 (1000, 800).
    assertThat(source.read(new PatchRequest(0, 500, 400, 96, 64)).labels()).isEqualTo(p.labels());
  }

  @Test
  void sampledPatchesAreAnnotatedAndAgreeWithTheDenseReference() {
    UniformPatchSampler sampler = new UniformPatchSampler(source, 64, 64, 9);
    int centreAnnotated = 0;
    long annotated = 0;
    long compared = 0;
    int n = 60;
    for (long i = 0; i < n; i++) {
      TrainingSample p = source.read(sampler.sample(i));
      LabelSetRaster l = p.labels();
      LabelRaster ref = p.reference().orElseThrow();
      centreAnnotated += l.get(32, 32) != l.universe() ? 1 : 0;
      for (int k = 0; k < l.data().length; k++) {
        long set = l.data()[k];
        if (set != l.universe()) {
          annotated++;
          int truth = ref.data()[k] & 0xff;
          if (truth != TrainingSample.IGNORE) {
            compared++;
            assertThat(set).as("patch %d pixel %d", i, k).isEqualTo(1L << truth);
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "synthetic slide source: %d of %d sampled 64x64 patches have an annotated centre;"
        + " %d annotated pixels, %d checked against the dense truth, all agree%n", centreAnnotated, n, annotated,
        compared);
    assertThat(centreAnnotated).isGreaterThanOrEqualTo(n * 9 / 10);
    assertThat(compared).isGreaterThan(n * 64L * 64 / 10);
  }

  @Test
  void annotatedAreaEstimateIsCloseToTheTruth() {
    AnnotatedArea area = source.annotatedArea(0);
    assertThat(area.exactCounts()).isFalse();
    assertThat(area.cellSize()).isEqualTo(16);
    LabelSetRaster all = annotationsForChecks.rasterize(new RegionRequest(0, 0, 2, 2048, 1536));
    long exact = all.data().length - all.unconstrainedCount();
    System.out.printf(Locale.ROOT, "synthetic slide annotated area: estimated %d, exact %d working pixels%n",
        area.total(), exact);
    assertThat(exact).isPositive();
    assertThat((double) area.total() / exact).isBetween(0.9, 1.1);
    assertThat(area.pixels().isAnnotated(0, 0)).isEqualTo(all.get(0, 0) != all.universe());
  }

  @Test
  void cellsGrowWithTheSlide() {
    assertThat(SlidePatchSource.cellSize(2048, 1536)).isEqualTo(16);
    // 100 000 x 80 000 working pixels: sqrt(8e9 / 4 Mi) = 43.7 -> 44 (a multiple of 4).
    assertThat(SlidePatchSource.cellSize(100_000, 80_000)).isEqualTo(44);
  }

  @Test
  void classCountsMustAgree() throws IOException {
    LabelingProtocol two = LabelingProtocolConfig.parse("""
        classes = [ { name = Glass, color = "#ffffff" }, { name = Tumor, color = "#c80000" } ]
        names { Stroma = unannotated, Adipose = unannotated, "Immune cells" = unannotated,
                "Carcinoma in situ" = unannotated }
        """);
    Path geojson = dir.resolve("s.annotations.geojson");
    LabelingProtocol six = LabelingProtocolConfig.parse(SYNTHETIC_PROTOCOL);
    SlidePatchSource.Builder b = SlidePatchSource.atDownsample(2)
        .add("a", new SyntheticSlideReader(slide), AnnotationSources.open(geojson, six, 1));
    assertThatThrownBy(() -> b.add("b", new SyntheticSlideReader(slide), AnnotationSources.open(geojson, two, 1)))
        .hasMessageContaining("b: annotations of 2 classes, but a has 6");
  }
}
