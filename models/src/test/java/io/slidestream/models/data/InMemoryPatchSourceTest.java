package io.slidestream.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.images.RgbRaster;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InMemoryPatchSourceTest {

  static TrainingSample random(String id, int w, int h, int classes, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] rgb = new byte[w * h * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) r.nextInt(256);
    }
    long all = (1L << classes) - 1;
    long[] sets = new long[w * h];
    for (int i = 0; i < sets.length; i++) {
      sets[i] = r.nextInt(3) == 0 ? all : 1L << r.nextInt(classes);
    }
    LabelSetRaster labels = LabelSetRaster.wrap(w, h, classes, sets);
    return TrainingSample.of(id, RgbRaster.wrap(w, h, rgb), labels, TrainingSample.referenceOf(labels));
  }

  @Test
  void patchesInsideAreCrops() {
    TrainingSample s = random("a", 40, 30, 3, 1);
    InMemoryPatchSource src = InMemoryPatchSource.of(List.of(s));
    TrainingSample p = src.read(new PatchRequest(0, 5, 7, 16, 12));
    TrainingSample c = s.crop(5, 7, 16, 12);
    assertThat(p.image()).isEqualTo(c.image());
    assertThat(p.labels()).isEqualTo(c.labels());
    assertThat(p.reference()).isEqualTo(c.reference());
    assertThat(p.id()).isEqualTo("a@5,7");
    assertThat(src.whole(0).labels()).isEqualTo(s.labels());
  }

  @Test
  void outsideTheImageIsMirroredWithoutLabels() {
    TrainingSample s = random("a", 10, 8, 2, 2);
    InMemoryPatchSource src = InMemoryPatchSource.of(List.of(s));
    TrainingSample p = src.read(new PatchRequest(0, -3, 6, 6, 4));
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 6; x++) {
        int sx = x - 3;
        int sy = 6 + y;
        boolean inside = sx >= 0 && sy < 8;
        int mx = sx < 0 ? -1 - sx : sx;
        int my = sy >= 8 ? 15 - sy : sy;
        assertThat(p.image().rgb(x, y)).isEqualTo(s.image().rgb(mx, my));
        assertThat(p.labels().get(x, y)).isEqualTo(inside ? s.labels().get(sx, sy) : 0b11);
        assertThat(p.reference().orElseThrow().get(x, y))
            .isEqualTo(inside ? s.reference().orElseThrow().get(sx, sy) : TrainingSample.IGNORE);
      }
    }
  }

  @Test
  void annotatedAreaIsExact() {
    TrainingSample s = random("a", 37, 21, 3, 3);
    AnnotatedArea a = InMemoryPatchSource.of(List.of(s)).annotatedArea(0);
    long annotated = s.labels().data().length - s.labels().unconstrainedCount();
    assertThat(a.total()).isEqualTo(annotated);
    assertThat(a.exactCounts()).isTrue();
    assertThat(a.cellSize()).isEqualTo(InMemoryPatchSource.CELL);
  }

  @Test
  void samplesMustShareTheirClasses() {
    assertThatThrownBy(() -> InMemoryPatchSource.of(List.of(random("a", 4, 4, 2, 1), random("b", 4, 4, 3, 1))))
        .hasMessageContaining("b has 3 classes, a has 2");
  }

  @Test
  void withLabelsKeepsImagesAndReferencesAndCountsTheNewAnnotatedArea() {
    TrainingSample a = random("a", 40, 30, 3, 1);
    TrainingSample b = random("b", 20, 20, 3, 2);
    InMemoryPatchSource src = InMemoryPatchSource.of(List.of(a, b));
    long[] sets = new long[40 * 30];
    Arrays.fill(sets, 0b111);
    sets[0] = 0b010;
    LabelSetRaster one = LabelSetRaster.wrap(40, 30, 3, sets);

    InMemoryPatchSource replaced = src.withLabels(List.of(one, b.labels()));

    assertThat(replaced.labels(0)).isEqualTo(one);
    assertThat(replaced.labels(1)).isEqualTo(b.labels());
    assertThat(replaced.whole(0).image()).isEqualTo(a.image());
    assertThat(replaced.whole(0).reference()).isEqualTo(a.reference());
    assertThat(replaced.annotatedArea(0).total()).isEqualTo(1);
    assertThat(src.labels(0)).as("the original source is unchanged").isEqualTo(a.labels());
    assertThatThrownBy(() -> src.withLabels(List.of(one))).hasMessageContaining("1 label rasters for 2 images");
    assertThatThrownBy(() -> src.withLabels(List.of(b.labels(), b.labels())))
        .hasMessageContaining("20x20");
  }
}
