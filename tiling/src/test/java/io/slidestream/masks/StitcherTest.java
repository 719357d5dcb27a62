package io.slidestream.masks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.images.LabelRaster;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StitcherTest {

  /** Assembles what it is given into one in-memory raster, as a real writer would on disk. */
  static class AssemblingWriter implements MaskWriter {
    final LabelRaster canvas;
    final MaskSpec spec;
    final List<String> calls = new ArrayList<>();
    boolean closed;

    AssemblingWriter(MaskSpec spec) {
      this.spec = spec;
      this.canvas = LabelRaster.create((int) spec.width(), (int) spec.height());
    }

    @Override
    public void writeTile(int col, int row, LabelRaster tile) {
      assertThat(tile.width()).isEqualTo(spec.tileWidth(col));
      assertThat(tile.height()).isEqualTo(spec.tileHeight(row));
      canvas.copyFrom(tile, 0, 0, col * spec.tileSize(), row * spec.tileSize(), tile.width(), tile.height());
      calls.add(col + "," + row);
    }

    @Override
    public List<MaskOutput> finish() {
      return List.of();
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /** The prediction of a patch: every pixel labelled by its position on the mask, halo included. */
  static LabelRaster prediction(MaskSpec spec, int halo, int col, int row) {
    int patch = spec.tileSize() + 2 * halo;
    LabelRaster p = LabelRaster.create(patch, patch);
    for (int y = 0; y < patch; y++) {
      for (int x = 0; x < patch; x++) {
        long mx = (long) col * spec.tileSize() - halo + x;
        long my = (long) row * spec.tileSize() - halo + y;
        p.set(x, y, (int) Math.floorMod(mx * 7 + my * 13, 251));
      }
    }
    return p;
  }

  @Test
  void keepsCoresOnlyInAnyOrderWithoutSeamsAndClipsEdges() throws Exception {
    MaskSpec spec = new MaskSpec("s", 100, 70, 32, 1.0, 2.0, List.of());
    int halo = 8;
    AssemblingWriter w = new AssemblingWriter(spec);
    try (Stitcher s = new Stitcher(spec, halo, List.of(w))) {
      int[][] order = {{3, 2}, {0, 0}, {2, 1}, {1, 0}, {3, 0}, {0, 2}, {2, 0}, {1, 1}, {0, 1}, {3, 1}, {1, 2}, {2, 2}};
      for (int[] t : order) {
        assertThat(s.accept(t[0], t[1], prediction(spec, halo, t[0], t[1]))).isTrue();
      }
      assertThat(s.accept(1, 1, prediction(spec, halo, 1, 1))).as("duplicate ignored").isFalse();
      assertThat(s.tilesWritten()).isEqualTo(12);
      s.finish();
    }
    for (int y = 0; y < 70; y++) {
      for (int x = 0; x < 100; x++) {
        assertThat(w.canvas.get(x, y)).isEqualTo(Math.floorMod(x * 7 + y * 13, 251));
      }
    }
    assertThat(w.calls).hasSize(12);
    assertThat(w.closed).isTrue();
  }

  @Test
  void rejectsWrongSizesAndPositions() {
    MaskSpec spec = new MaskSpec("s", 64, 64, 32, 1.0, 1.0, List.of());
    try (Stitcher s = new Stitcher(spec, 4, List.of(new AssemblingWriter(spec)))) {
      assertThatThrownBy(() -> s.accept(0, 0, LabelRaster.create(32, 32)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("40x40");
      assertThatThrownBy(() -> s.accept(2, 0, LabelRaster.create(40, 40)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
    }
  }

  /** Fails on its n-th tile, or on finish. */
  static final class FailingWriter extends AssemblingWriter {
    final int failOnTile;
    final boolean failOnFinish;
    int seen;

    FailingWriter(MaskSpec spec, int failOnTile, boolean failOnFinish) {
      super(spec);
      this.failOnTile = failOnTile;
      this.failOnFinish = failOnFinish;
    }

    @Override
    public void writeTile(int col, int row, LabelRaster tile) {
      if (++seen == failOnTile) {
        throw new java.io.UncheckedIOException(new java.io.IOException("disk full"));
      }
      super.writeTile(col, row, tile);
    }

    @Override
    public List<MaskOutput> finish() {
      if (failOnFinish) {
        throw new java.io.UncheckedIOException(new java.io.IOException("disk full at the end"));
      }
      return List.of();
    }
  }

  /** Publishes one real file on finish, like a real writer. */
  static final class PublishingWriter extends AssemblingWriter {
    final java.nio.file.Path file;

    PublishingWriter(MaskSpec spec, java.nio.file.Path file) {
      super(spec);
      this.file = file;
    }

    @Override
    public List<MaskOutput> finish() {
      try {
        java.nio.file.Files.writeString(file, "mask");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return List.of(new MaskOutput("test", file, 4, "x"));
    }
  }

  @Test
  void afterAWriterFailsTheSlideIsAbandonedNotHalfWritten() throws Exception {
    MaskSpec spec = new MaskSpec("s", 64, 64, 32, 1.0, 1.0, List.of());
    try (Stitcher s = new Stitcher(spec, 0, List.of(new AssemblingWriter(spec), new FailingWriter(spec, 2, false)))) {
      assertThat(s.accept(0, 0, LabelRaster.create(32, 32))).isTrue();
      assertThatThrownBy(() -> s.accept(1, 0, LabelRaster.create(32, 32))).hasMessageContaining("disk full");
      assertThatThrownBy(() -> s.accept(0, 1, LabelRaster.create(32, 32)))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("abandoned");
      assertThatThrownBy(s::finish).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void aWriterFailingToFinishTakesTheOthersPublishedOutputsWithIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    MaskSpec spec = new MaskSpec("s", 32, 32, 32, 1.0, 1.0, List.of());
    java.nio.file.Path published = dir.resolve("first.out");
    try (Stitcher s = new Stitcher(spec, 0,
        List.of(new PublishingWriter(spec, published), new FailingWriter(spec, 0, true)))) {
      s.accept(0, 0, LabelRaster.create(32, 32));
      assertThatThrownBy(s::finish).hasMessageContaining("disk full at the end");
    }
    assertThat(published).doesNotExist();
  }

  @Test
  void countsPixelsPerClassOverCoresOnly() throws Exception {
    MaskSpec spec = new MaskSpec("s", 48, 32, 32, 1.0, 1.0, List.of());
    try (Stitcher s = new Stitcher(spec, 4, List.of())) {
      LabelRaster p = LabelRaster.create(40, 40);
      p.fill(3);
      s.accept(0, 0, p);
      s.accept(1, 0, p);
      assertThat(s.classPixels()[3]).isEqualTo(48L * 32);
    }
  }
}
