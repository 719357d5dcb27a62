package io.slidestream.masks.reduced;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.images.LabelRaster;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReducedLabelGridTest {

  @Test
  void aMaskWithinTheLimitIsKeptExactly() {
    ReducedLabelGrid g = new ReducedLabelGrid(100, 60, 100);
    assertThat(g.factor()).isEqualTo(1);
    LabelRaster t = LabelRaster.create(10, 5);
    t.set(3, 2, 7);
    g.put(90, 55, t);
    assertThat(g.cells()[57 * 100 + 93]).isEqualTo((byte) 7);
  }

  @Test
  void theFactorIsTheSmallestWholeNumberThatFitsTheLongerSide() {
    ReducedLabelGrid g = new ReducedLabelGrid(775, 522, 256);
    assertThat(g.factor()).isEqualTo(4);
    assertThat(g.width()).isEqualTo(194);
    assertThat(g.height()).isEqualTo(131);
    ReducedLabelGrid huge = new ReducedLabelGrid(2_000_000, 1_500_000, 8192);
    assertThat(huge.factor()).isEqualTo(245);
    assertThat(huge.width()).isLessThanOrEqualTo(8192);
    assertThat((long) huge.width() * huge.height()).isLessThanOrEqualTo(8192L * 8192);
  }

  @Test
  void eachCellSamplesTheCentreOfItsBlockWhateverTheTileOrder() {
    Random rnd = new Random(5);
    int w = 303;
    int h = 211;
    byte[] mask = new byte[w * h];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = (byte) rnd.nextInt(5);
    }
    LabelRaster full = LabelRaster.wrap(w, h, mask);
    ReducedLabelGrid g = new ReducedLabelGrid(w, h, 64); // factor 5, last blocks partial
    assertThat(g.factor()).isEqualTo(5);
    List<int[]> tiles = new ArrayList<>();
    for (int y = 0; y < h; y += 32) {
      for (int x = 0; x < w; x += 32) {
        tiles.add(new int[] {x, y});
      }
    }
    Collections.shuffle(tiles, rnd);
    for (int[] t : tiles) {
      int tw = Math.min(32, w - t[0]);
      int th = Math.min(32, h - t[1]);
      g.put(t[0], t[1], full.crop(t[0], t[1], tw, th));
    }
    for (int j = 0; j < g.height(); j++) {
      for (int i = 0; i < g.width(); i++) {
        int sx = Math.min(i * 5 + 2, w - 1);
        int sy = Math.min(j * 5 + 2, h - 1);
        assertThat(g.cells()[j * g.width() + i]).as("cell (%d, %d)", i, j).isEqualTo(mask[sy * w + sx]);
      }
    }
  }

  @Test
  void tilesOutsideTheMaskAreRejected() {
    ReducedLabelGrid g = new ReducedLabelGrid(100, 100, 50);
    assertThatThrownBy(() -> g.put(96, 0, LabelRaster.create(8, 8))).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
