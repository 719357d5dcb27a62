package io.slidestream.masks;

import io.slidestream.images.LabelRaster;
import io.slidestream.masks.ledger.MaskTileLedger;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts tile predictions into a slide's mask: each prediction covers a tile's patch (core plus
 * halo); only the core is kept, so neighbouring tiles never overlap and the halo only lent
 * context. The cores go to every mask writer. Tiles may come in any order; a tile that comes again
 * (a duplicate from upstream, e.g. a replayed record) is ignored.
 *
 * <p>A slide's outputs are all or nothing: once a writer fails, the stitcher refuses further tiles
 * (the slide must be redone from the start), and if one writer fails to finish, the outputs the
 * others had already published are removed.
 */
public final class Stitcher implements AutoCloseable {

  private final MaskSpec spec;
  private final int halo;
  private final List<MaskWriter> writers;
  private final MaskTileLedger ledger;
  private final long[] classPixels = new long[256];
  private IOException failure;
  private boolean finished;

  public Stitcher(MaskSpec spec, int halo, List<MaskWriter> writers) {
    if (halo < 0) {
      throw new IllegalArgumentException("halo must not be negative, got " + halo);
    }
    this.spec = spec;
    this.halo = halo;
    this.writers = List.copyOf(writers);
    this.ledger = new MaskTileLedger(spec);
  }

  /**
   * Accepts one tile's prediction over its whole patch.
   *
   * @return false if the tile had already been written (the call did nothing)
   * @throws IOException when a writer fails; the stitcher then refuses every later call
   */
  public boolean accept(int col, int row, LabelRaster prediction) throws IOException {
    checkUsable();
    if (col < 0 || row < 0 || col >= spec.columns() || row >= spec.rows()) {
      throw new IllegalArgumentException("tile (" + col + ", " + row + ") is outside the "
          + spec.columns() + " x " + spec.rows() + " grid");
    }
    int patch = spec.tileSize() + 2 * halo;
    if (prediction.width() != patch || prediction.height() != patch) {
      throw new IllegalArgumentException("prediction is " + prediction.width() + "x" + prediction.height()
          + ", expected the patch size " + patch + "x" + patch);
    }
    if (ledger.contains(col, row)) {
      return false;
    }
    LabelRaster core = prediction.crop(halo, halo, spec.tileWidth(col), spec.tileHeight(row));
    ledger.accept(col, row, core);
    try {
      for (MaskWriter w : writers) {
        w.writeTile(col, row, core);
      }
    } catch (IOException | RuntimeException e) {
      failure = e instanceof IOException io ? io : new IOException("a mask writer failed", e);
      throw e;
    }
    long[] h = core.histogram();
    for (int i = 0; i < 256; i++) {
      classPixels[i] += h[i];
    }
    return true;
  }

  private void checkUsable() {
    if (failure != null) {
      throw new IllegalStateException("a mask writer failed earlier (" + failure.getMessage()
          + "); this slide's outputs are abandoned", failure);
    }
    if (finished) {
      throw new IllegalStateException("the stitcher has finished");
    }
  }

  public long tilesWritten() {
    return ledger.count();
  }

  /** Pixels per class id over the tiles written so far (area never written is not counted). */
  public long[] classPixels() {
    return classPixels.clone();
  }

  /**
   * Completes every writer and returns all their outputs; if one fails, the outputs already
   * published are deleted, so a slide never ends with a partial set of files.
   */
  public List<MaskOutput> finish() throws IOException {
    checkUsable();
    List<MaskOutput> outputs = new ArrayList<>();
    try {
      for (MaskWriter w : writers) {
        outputs.addAll(w.finish());
      }
    } catch (IOException | RuntimeException e) {
      failure = e instanceof IOException io ? io : new IOException("a mask writer failed to finish", e);
      for (MaskOutput o : outputs) {
        try {
          Files.deleteIfExists(o.file());
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
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
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null && !finished) {
      throw first;
    }
  }
}
