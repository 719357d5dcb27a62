package io.slidestream.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PatchGridTest {

  private static long[] coreStarts(PatchGrid.Axis a) {
    long[] s = new long[a.count()];
    for (int i = 0; i < s.length; i++) {
      s[i] = a.coreStart(i);
    }
    return s;
  }

  private static int[] coreLengths(PatchGrid.Axis a) {
    int[] s = new int[a.count()];
    for (int i = 0; i < s.length; i++) {
      s[i] = a.coreLength(i);
    }
    return s;
  }

  private static long[] patchStarts(PatchGrid.Axis a) {
    long[] s = new long[a.count()];
    for (int i = 0; i < s.length; i++) {
      s[i] = a.patchStart(i);
    }
    return s;
  }

  @Test
  void coresStepFromZeroAndTheLastIsCutAtTheEdge() {
    PatchGrid.Axis a = new PatchGrid.Axis(75, 24, 4);
    assertThat(coreStarts(a)).containsExactly(0, 24, 48, 72);
    assertThat(coreLengths(a)).containsExactly(24, 24, 24, 3);
    assertThat(patchStarts(a)).as("each core's patch starts its context before it").containsExactly(-4, 20, 44, 68);
    assertThat(a.patchLength()).isEqualTo(32);
    PatchGrid.Axis exact = new PatchGrid.Axis(48, 24, 4);
    assertThat(coreStarts(exact)).containsExactly(0, 24);
    assertThat(coreLengths(exact)).containsExactly(24, 24);
    PatchGrid.Axis small = new PatchGrid.Axis(10, 24, 4);
    assertThat(coreStarts(small)).containsExactly(0);
    assertThat(coreLengths(small)).containsExactly(10);
    assertThat(new PatchGrid.Axis(0, 24, 4).count()).isZero();
  }

  @Test
  void everyPixelLiesInExactlyOneCore() {
    for (int extent = 1; extent <= 100; extent++) {
      for (int core : new int[] {1, 7, 16, 24, 100, 130}) {
        PatchGrid.Axis a = new PatchGrid.Axis(extent, core, 3);
        int[] seen = new int[extent];
        for (int i = 0; i < a.count(); i++) {
          assertThat(a.patchStart(i) + a.context()).isEqualTo(a.coreStart(i));
          for (long p = a.coreStart(i); p < a.coreStart(i) + a.coreLength(i); p++) {
            seen[(int) p]++;
          }
        }
        for (int p = 0; p < extent; p++) {
          assertThat(seen[p]).as("pixel %d of %d in cores of %d", p, extent, core).isEqualTo(1);
        }
      }
    }
  }

  @Test
  void aFittingGridReadsARegionThatFitsInOnePatchWholeFromZero() {
    PatchGrid g = PatchGrid.fitting(30, 75, 32, 4);
    assertThat(g.x()).as("fits: one patch from 0, no context").isEqualTo(new PatchGrid.Axis(30, 32, 0));
    assertThat(coreLengths(g.x())).containsExactly(30);
    assertThat(patchStarts(g.x())).containsExactly(0);
    assertThat(g.y()).as("longer than a patch: cores inside the context").isEqualTo(new PatchGrid.Axis(75, 24, 4));
    assertThat(g.x().patchLength()).isEqualTo(g.y().patchLength()).isEqualTo(32);
    assertThat(PatchGrid.fitting(32, 33, 32, 4).x().context()).isZero();
    assertThat(PatchGrid.fitting(32, 33, 32, 4).y().context()).isEqualTo(4);
    assertThatThrownBy(() -> PatchGrid.fitting(10, 10, 8, 4)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cellsAreNumberedRowByRow() {
    PatchGrid g = PatchGrid.of(70, 40, 32, 0);
    assertThat(g.columns()).isEqualTo(3);
    assertThat(g.rows()).isEqualTo(2);
    assertThat(g.cells()).isEqualTo(6);
    assertThat(g.cell(0, 0)).isZero();
    assertThat(g.cell(2, 0)).isEqualTo(2);
    assertThat(g.cell(1, 1)).isEqualTo(4);
    for (int i = 0; i < g.cells(); i++) {
      assertThat(g.cell(g.column(i), g.row(i))).isEqualTo(i);
    }
    assertThatThrownBy(() -> g.cell(3, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> g.row(6)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
