package io.slidestream.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.images.readers.PyramidLevel;
import io.slidestream.images.readers.SlideInfo;
import io.slidestream.masks.MaskSpec;
import io.slidestream.tissue.BinaryMask;
import io.slidestream.tissue.TissueMask;
import java.util.List;
import org.junit.jupiter.api.Test;

class TileGridTest {

  static SlideInfo slide(long w, long h, Double mpp) {
    return new SlideInfo("test", "test", List.of(new PyramidLevel(w, h, 1, 256, 256)), mpp, mpp, null);
  }

  @Test
  void coresTileTheTargetResolutionExactlyOnce() {
    TileGrid grid = TileGrid.builder(slide(2220, 2967, 0.5)).targetMicronsPerPixel(1.0).tileSize(256).halo(32).build();
    assertThat(grid.downsample()).isEqualTo(2.0);
    assertThat(grid.width()).isEqualTo(1110);
    assertThat(grid.height()).isEqualTo(1484);
    assertThat(grid.columns()).isEqualTo(5);
    assertThat(grid.rows()).isEqualTo(6);
    assertThat(grid.tiles()).hasSize(30);
    assertThat(grid.patchSize()).isEqualTo(320);
    Tile t = grid.tiles().get(6); // row 1, col 1
    assertThat(t.col()).isEqualTo(1);
    assertThat(t.row()).isEqualTo(1);
    assertThat(t.x()).as("core starts at 256 grid px = 512 level-0 px, minus the 32 px halo").isEqualTo((256 - 32) * 2);
    assertThat(grid.tiles().get(0).x()).isEqualTo(-64);
    for (int i = 0; i < grid.tiles().size(); i++) {
      assertThat(grid.tiles().get(i).index()).isEqualTo(i);
    }
    MaskSpec spec = grid.maskSpec("s", List.of());
    assertThat(spec.columns()).isEqualTo(5);
    assertThat(spec.tileWidth(4)).isEqualTo(1110 - 4 * 256);
    assertThat(spec.micronsPerPixel()).isEqualTo(1.0);
  }

  @Test
  void cellsAreNumberedRowByRowAndABackgroundTileLiesWhereItsCellIs() {
    BinaryMask m = new BinaryMask(16, 16);
    m.set(5, 5, true);
    SlideInfo info = slide(1000, 700, 0.25);
    TileGrid sparse = TileGrid.builder(info).downsample(2).tileSize(64).halo(8).tissue(new TissueMask(m, 64), 0.0)
        .build();
    TileGrid all = TileGrid.builder(info).downsample(2).tileSize(64).halo(8).build();
    assertThat(sparse.cells()).isEqualTo(sparse.columns() * sparse.rows()).isEqualTo(all.tiles().size());
    assertThat(sparse.tiles()).isNotEmpty().hasSizeLessThan(sparse.cells());
    java.util.Set<Integer> tissue = new java.util.HashSet<>();
    for (Tile t : sparse.tiles()) {
      tissue.add(sparse.cell(t));
    }
    for (Tile t : all.tiles()) {
      int cell = all.cell(t.col(), t.row());
      assertThat(cell).isEqualTo(t.index()).isEqualTo(t.row() * all.columns() + t.col());
      if (!tissue.contains(cell)) {
        assertThat(sparse.backgroundTile(cell)).as("cell %d", cell).isEqualTo(t);
      }
    }
  }

  @Test
  void keepsOnlyTilesOverTissue() {
    // Tissue mask at downsample 64: one 4x4 block of tissue in the top-left of a 16x16 mask.
    BinaryMask m = new BinaryMask(16, 16);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        m.set(x, y, true);
      }
    }
    TileGrid grid = TileGrid.builder(slide(1024, 1024, 0.25)).downsample(1).tileSize(256)
        .tissue(new TissueMask(m, 64), 0.0).build();
    assertThat(grid.tiles()).extracting(Tile::col, Tile::row)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 0));
  }

  @Test
  void refusesTargetsItCannotPlace() {
    assertThatThrownBy(() -> TileGrid.builder(slide(100, 100, null)).targetMicronsPerPixel(1.0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("µm per pixel");
    assertThatThrownBy(() -> TileGrid.builder(slide(100, 100, 0.5)).tileSize(100))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiple of 16");
    assertThatThrownBy(() -> TileGrid.builder(slide(100, 100, 0.5)).build())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aSlideOfNonSquarePixelsGivesAMaskOfNonSquarePixels() {
    // The OME fixture's scanner: 0.25 µm wide, 0.26 µm high.
    SlideInfo info = new SlideInfo("test", "test", List.of(new PyramidLevel(4000, 3000, 1, 256, 256)), 0.25, 0.26,
        null);
    MaskSpec spec = TileGrid.builder(info).targetMicronsPerPixel(1.0).tileSize(256).build().maskSpec("s", List.of());
    assertThat(spec.downsample()).isEqualTo(4.0);
    assertThat(spec.micronsPerPixel()).isEqualTo(1.0);
    assertThat(spec.micronsPerPixelY()).isCloseTo(1.04, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(TileGrid.builder(slide(4000, 3000, null)).downsample(4).tileSize(256).build().maskSpec("s", List.of())
        .micronsPerPixelY()).isNaN();
  }
}
