package io.slidestream.masks.tiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MajorityReducerTest {

  /** The rule written the slow, obvious way: count, take the most frequent, lowest id on a tie. */
  static int naive(int... labels) {
    int[] count = new int[256];
    for (int l : labels) {
      count[l]++;
    }
    int best = 0;
    for (int id = 1; id < 256; id++) {
      if (count[id] > count[best]) {
        best = id;
      }
    }
    return best;
  }

  @Test
  void tiesGoToTheLowestLabelAndMajoritiesWin() {
    assertThat(MajorityReducer.majorityOf4(5, 5, 5, 5)).isEqualTo(5);
    assertThat(MajorityReducer.majorityOf4(7, 7, 3, 9)).isEqualTo(7);
    assertThat(MajorityReducer.majorityOf4(7, 3, 7, 3)).isEqualTo(3);
    assertThat(MajorityReducer.majorityOf4(9, 8, 7, 6)).isEqualTo(6);
    assertThat(MajorityReducer.majorityOf4(1, 2, 2, 2)).isEqualTo(2);
    assertThat(MajorityReducer.majorityOf4(200, 4, 200, 250)).isEqualTo(200);
  }

  @Test
  void everyCombinationOfFewLabelsMatchesCounting() {
    for (int a = 0; a < 4; a++) {
      for (int b = 0; b < 4; b++) {
        for (int c = 0; c < 4; c++) {
          for (int d = 0; d < 4; d++) {
            assertThat(MajorityReducer.majorityOf4(a, b, c, d)).as("%d %d %d %d", a, b, c, d)
                .isEqualTo(naive(a, b, c, d));
          }
        }
      }
    }
  }

  @Test
  void oddSizedRastersVoteWithThePixelsTheirEdgeBlocksHave() {
    Random rnd = new Random(5);
    int w = 7;
    int h = 5;
    int stride = 9;
    byte[] src = new byte[stride * h];
    for (int i = 0; i < src.length; i++) {
      src[i] = (byte) (rnd.nextInt(3) * 100);
    }
    byte[] dst = new byte[4 * 3];
    MajorityReducer.reduce(src, stride, w, h, dst, 4);
    for (int oy = 0; oy < 3; oy++) {
      for (int ox = 0; ox < 4; ox++) {
        java.util.List<Integer> block = new java.util.ArrayList<>();
        for (int y = oy * 2; y < Math.min(h, oy * 2 + 2); y++) {
          for (int x = ox * 2; x < Math.min(w, ox * 2 + 2); x++) {
            block.add(src[y * stride + x] & 0xff);
          }
        }
        assertThat(dst[oy * 4 + ox] & 0xff).isEqualTo(naive(block.stream().mapToInt(Integer::intValue).toArray()));
      }
    }
  }
}
