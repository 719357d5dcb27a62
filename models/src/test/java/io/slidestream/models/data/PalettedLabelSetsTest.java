package io.slidestream.models.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.annotations.LabelSetRaster;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PalettedLabelSetsTest {

  @Test
  void readsBackEveryBlockIncludingOutside() {
    long[] sets = new long[30 * 20];
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < sets.length; i++) {
      sets[i] = 1 + r.nextInt(7);
    }
    LabelSetRaster labels = LabelSetRaster.wrap(30, 20, 3, sets);
    PalettedLabelSets p = PalettedLabelSets.of(labels);
    assertThat(p.read(0, 0, 30, 20)).isEqualTo(labels);
    LabelSetRaster block = p.read(-2, 18, 5, 4);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 5; x++) {
        boolean inside = x - 2 >= 0 && 18 + y < 20;
        assertThat(block.get(x, y)).isEqualTo(inside ? labels.get(x - 2, 18 + y) : 0b111);
      }
    }
    assertThat(p.isAnnotated(0, 0)).isEqualTo(sets[0] != 0b111);
  }

  @Test
  void moreThan256DistinctSetsAreKeptAsTheyAre() {
    long[] sets = new long[40 * 10];
    for (int i = 0; i < sets.length; i++) {
      sets[i] = 1 + i % 300;
    }
    LabelSetRaster labels = LabelSetRaster.wrap(40, 10, 10, sets);
    assertThat(PalettedLabelSets.of(labels).read(0, 0, 40, 10)).isEqualTo(labels);
    assertThat(PalettedLabelSets.of(labels).read(35, 5, 10, 10).get(0, 0)).isEqualTo(labels.get(35, 5));
  }
}
