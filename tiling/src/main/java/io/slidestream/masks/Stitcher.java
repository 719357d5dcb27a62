package io.slidestream.masks;

import io.slidestream.images.LabelRaster;
import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Puts tile predictions into a slide's mask: each prediction covers a tile's patch (core plus
 * halo); only the core is kept, so neighbouring tiles never overlap and the halo only lent
 * context. The cores go to every mask writer. Tiles may come in any order; a tile seen twice
 * (a retried read) is written once.
 */
public final class Stitcher implements AutoCloseable {

  private final MaskSpec spec;
  private final int halo;
  private final List<MaskWriter> writers;
  private final BitSet written;
  private final long[] classPixels = new long[256];
  private boolean finished;

  public Stitcher(MaskSpec spec, int halo, List<MaskWriter> writers) {
    if (halo < 0) {
      throw new IllegalArgumentException("halo must not be negative, got " + halo);
    }
    this.spec = spec;
    this.halo = halo;
    this.writers = List.copyOf(writers);
    this.written = new BitSet(spec.columns() * spec.rows());
  }

  /**
   * Accepts one tile's prediction over its whole patch.
   *
   * @return false if the tile had already been written (the call did nothing)
   */
  public boolean accept(int col, int row, LabelRaster prediction) throws IOException {
    if (col < 0 || row < 0 || col >= spec.columns() || row >= spec.rows()) {
      throw new IllegalArgumentException("tile (" + col + ", " + row + ") is outside the "
          + spec.columns() + " x " + spec.rows() + " grid");
    }
    int patch = spec.tileSize() + 2 * halo;
    if (prediction.width() != patch || prediction.height() != patch) {
      throw new IllegalArgumentException("prediction is " + prediction.width() + "x" + prediction.height()
          + ", expected the patch size " + patch + "x" + patch);
    }
    int bit = row * spec.columns() + col;
    if (written.get(bit)) {
      return false;
    }
    LabelRaster core = prediction.crop(halo, halo, spec.tileWidth(col), spec.tileHeight(row));
    for (MaskWriter w : writers) {
      w.writeTile(col, row, core);
    }
    long[] h = core.histogram();
    for (int i = 0; i < 256; i++) {
      classPixels[i] += h[i];
    }
    written.set(bit);
    return true;
  }

  public int tilesWritten() {
    return written.cardinality();
  }

  /** Pixels per class id over the tiles written so far (area never written is not counted). */
  public long[] classPixels() {
    return classPixels.clone();
  }

  /** Completes every writer and returns all their outputs. */
  public List<MaskOutput> finish() throws IOException {
    List<MaskOutput> outputs = new ArrayList<>();
    for (MaskWriter w : writers) {
      outputs.addAll(w.finish());
    }
    finished = true;
    return outputs;
  }

  /** Closes every writer; before {@link #finish()} this abandons their outputs. */
  @Override
  public void close() {
    RuntimeException first = null;
    for (MaskWriter w : writers) {
      try {
        w.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null && !finished) {
      throw first;
    }
  }
}
