package io.slidestream.models.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.images.RgbRaster;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GridPatchesTest {

  @Test
  void coversEveryPixelExactlyOnce() {
    InMemoryPatchSource src = InMemoryPatchSource.of(List.of(InMemoryPatchSourceTest.random("a", 70, 40, 2, 1),
        InMemoryPatchSourceTest.random("b", 20, 20, 2, 2)));
    List<PatchRequest> grid = GridPatches.cover(src, 32, 32);
    // Image a: columns 0, 32, 64 and rows 0, 32, the last cut at the edge (they reach past it, where
    // nothing is labelled); image b (smaller than a patch): one patch from 0.
    assertThat(grid).containsExactly(
        new PatchRequest(0, 0, 0, 32, 32), new PatchRequest(0, 32, 0, 32, 32), new PatchRequest(0, 64, 0, 32, 32),
        new PatchRequest(0, 0, 32, 32, 32), new PatchRequest(0, 32, 32, 32, 32), new PatchRequest(0, 64, 32, 32, 32),
        new PatchRequest(1, 0, 0, 32, 32));
    int[] covered = new int[70 * 40];
    for (PatchRequest r : grid.subList(0, 6)) {
      for (int y = r.y(); y < Math.min(40, r.y() + 32); y++) {
        for (int x = r.x(); x < Math.min(70, r.x() + 32); x++) {
          covered[y * 70 + x]++;
        }
      }
    }
    for (int c : covered) {
      assertThat(c).isEqualTo(1);
    }
  }

  @Test
  void coverAnnotatedSkipsPatchesWithoutAnnotatedPixels() {
    // 96 x 32: only pixel (70, 5) is annotated, in the third 32-px column.
    long all = 0b11;
    long[] sets = new long[96 * 32];
    Arrays.fill(sets, all);
    sets[5 * 96 + 70] = 0b01;
    LabelSetRaster labels = LabelSetRaster.wrap(96, 32, 2, sets);
    InMemoryPatchSource src = InMemoryPatchSource.of(List.of(TrainingSample.of("a",
        RgbRaster.create(96, 32), labels)));
    assertThat(GridPatches.cover(src, 32, 32)).hasSize(3);
    assertThat(GridPatches.coverAnnotated(src, 32, 32)).containsExactly(new PatchRequest(0, 64, 0, 32, 32));
  }
}
