package io.slidestream.masks.ledger;

import io.slidestream.images.LabelRaster;
import io.slidestream.masks.MaskSpec;
import java.util.BitSet;
import java.util.Objects;

/**
 * Which tiles of a {@link MaskSpec} grid a writer has received: checks each new tile's position
 * and size against the spec and refuses a second copy, which would be counted twice. One bit a
 * tile, so it stays small for any slide.
 */
public final class MaskTileLedger {

  private final MaskSpec spec;
  private final BitSet written;
  private long count;

  public MaskTileLedger(MaskSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
    long tiles = (long) spec.columns() * spec.rows();
    if (tiles > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a " + spec.width() + "x" + spec.height() + " mask in " + spec.tileSize()
          + " px tiles has too many tiles (" + tiles + ")");
    }
    written = new BitSet((int) tiles);
  }

  /**
   * Records the tile, or throws if it does not belong to the grid or came before. For a writer
   * whose storing cannot fail; one whose can calls {@link #check} before storing and
   * {@link #record} after, so that a tile it failed to store is not counted as written.
   *
   * @throws IllegalArgumentException for a position outside the grid or a wrong tile size
   * @throws IllegalStateException    for a tile received twice
   */
  public void accept(int col, int row, LabelRaster tile) {
    check(col, row, tile);
    record(col, row);
  }

  /**
   * Throws if the tile does not belong to the grid or was recorded before; records nothing.
   *
   * @throws IllegalArgumentException for a position outside the grid or a wrong tile size
   * @throws IllegalStateException    for a tile already recorded
   */
  public void check(int col, int row, LabelRaster tile) {
    Objects.requireNonNull(tile, "tile");
    if (col < 0 || row < 0 || col >= spec.columns() || row >= spec.rows()) {
      throw new IllegalArgumentException("tile (" + col + ", " + row + ") is outside the " + spec.columns() + "x"
          + spec.rows() + " tile grid of mask " + spec.slideId());
    }
    int w = spec.tileWidth(col);
    int h = spec.tileHeight(row);
    if (tile.width() != w || tile.height() != h) {
      throw new IllegalArgumentException("tile (" + col + ", " + row + ") of mask " + spec.slideId() + " must be "
          + w + "x" + h + ", got " + tile.width() + "x" + tile.height());
    }
    if (written.get(cell(col, row))) {
      throw new IllegalStateException("tile (" + col + ", " + row + ") of mask " + spec.slideId() + " was already written");
    }
  }

  /** Records a tile {@link #check checked} and stored. */
  public void record(int col, int row) {
    int index = cell(col, row);
    if (!written.get(index)) {
      written.set(index);
      count++;
    }
  }

  public boolean contains(int col, int row) {
    return written.get(cell(col, row));
  }

  /**
   * The tile's bit: its cell number row by row, as {@code TileGrid.cell} numbers the same grid
   * (masks do not depend on tiles, so the mask's grid numbers its own cells).
   */
  private int cell(int col, int row) {
    return row * spec.columns() + col;
  }

  /** Tiles accepted so far. */
  public long count() {
    return count;
  }

  /** Mask pixels in tiles accepted so far. */
  public long pixelsCovered() {
    long sum = 0;
    for (int i = written.nextSetBit(0); i >= 0; i = written.nextSetBit(i + 1)) {
      sum += (long) spec.tileWidth(i % spec.columns()) * spec.tileHeight(i / spec.columns());
    }
    return sum;
  }
}
