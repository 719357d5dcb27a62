package io.slidestream.models.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A fixed set of patches covering every region of a source: for validation, where every pixel
 * should be evaluated once and the set must not change between evaluations. Patches step by their
 * size; the last row and column are moved back to end at the region's edge (overlapping the one
 * before) so that no patch reaches outside a region at least as large as a patch.
 */
public final class GridPatches {

  private GridPatches() {}

  public static List<PatchRequest> cover(PatchSource source, int patchWidth, int patchHeight) {
    List<PatchRequest> out = new ArrayList<>();
    for (int r = 0; r < source.regionCount(); r++) {
      for (int y : starts(source.regionHeight(r), patchHeight)) {
        for (int x : starts(source.regionWidth(r), patchWidth)) {
          out.add(new PatchRequest(r, x, y, patchWidth, patchHeight));
        }
      }
    }
    return out;
  }

  /**
   * The patches of {@link #cover} that hold annotated pixels, as the source's
   * {@link PatchSource#annotatedArea} counts them: on slides annotated in a few regions, validation
   * then reads those regions, not the whole slide.
   */
  public static List<PatchRequest> coverAnnotated(PatchSource source, int patchWidth, int patchHeight) {
    List<PatchRequest> out = new ArrayList<>();
    for (PatchRequest p : cover(source, patchWidth, patchHeight)) {
      if (source.annotatedArea(p.region()).anyAnnotated(p.x(), p.y(), p.width(), p.height())) {
        out.add(p);
      }
    }
    return out;
  }


  static int[] starts(int extent, int size) {
    if (extent <= size) {
      return new int[] {UniformPatchSampler.place(extent / 2, size, extent)};
    }
    int n = (extent + size - 1) / size;
    int[] s = new int[n];
    for (int i = 0; i < n; i++) {
      s[i] = Math.min(i * size, extent - size);
    }
    return s;
  }
}
