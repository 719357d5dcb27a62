package io.slidestream.models.data;

import io.slidestream.tiles.PatchGrid;
import java.util.ArrayList;
import java.util.List;

/**
 * A fixed set of patches covering every region of a source: for validation, where every pixel
 * should be evaluated once and the set must not change between evaluations. The patches are the
 * cores of a {@link PatchGrid} without context: they step by their size from 0 and the last row and
 * column are cut at the region's edge, so the last patches reach past it, where the source gives no
 * labels and nothing is evaluated; a region smaller than a patch is one patch from 0.
 */
public final class GridPatches {

  private GridPatches() {}

  public static List<PatchRequest> cover(PatchSource source, int patchWidth, int patchHeight) {
    List<PatchRequest> out = new ArrayList<>();
    for (int r = 0; r < source.regionCount(); r++) {
      PatchGrid grid = new PatchGrid(new PatchGrid.Axis(source.regionWidth(r), patchWidth, 0),
          new PatchGrid.Axis(source.regionHeight(r), patchHeight, 0));
      for (int row = 0; row < grid.rows(); row++) {
        for (int col = 0; col < grid.columns(); col++) {
          out.add(new PatchRequest(r, (int) grid.x().patchStart(col), (int) grid.y().patchStart(row), patchWidth,
              patchHeight));
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
}
