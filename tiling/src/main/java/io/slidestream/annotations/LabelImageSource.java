package io.slidestream.annotations;

import io.slidestream.annotations.io.LabelImageFile;
import io.slidestream.annotations.protocol.LabelingProtocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A label image (one raw value per pixel) that covers the slide at a stated downsample: label
 * pixel (u, v) covers level-0 {@code [u·D, (u+1)·D) × [v·D, (v+1)·D)}. Each output pixel takes,
 * by nearest neighbour, the label pixel under its centre, and the protocol turns the raw value
 * into a set. Output pixels whose centre falls outside the label image carry no information
 * (every class).
 *
 * <p>Small label images are decoded once; large ones are read block by block per tile (see
 * {@link LabelImageFile}). Thread-safe.
 */
public final class LabelImageSource implements AnnotationSource {

  /**
   * @param maxDecodedPixels label images up to this many pixels are decoded once and kept (a byte
   *     or two each); larger ones are read per tile
   * @param maxBlockPixels a tile whose label block would exceed this many pixels (a tile far
   *     coarser than the label image) reads the label rows it samples one at a time instead
   */
  public record Options(long maxDecodedPixels, long maxBlockPixels) {
    public static Options defaults() {
      return new Options(64L << 20, 16L << 20);
    }
  }

  private final LabelImageFile image;
  private final double downsample;
  private final int classCount;
  private final long universe;
  private final long[] table;
  private final String origin;
  private final long maxBlockPixels;

  private LabelImageSource(LabelImageFile image, double downsample, LabelingProtocol protocol, String origin,
      long maxBlockPixels) {
    this.image = image;
    this.maxBlockPixels = maxBlockPixels;
    this.downsample = downsample;
    this.classCount = protocol.classCount();
    this.universe = protocol.universe();
    this.table = protocol.valueTable();
    this.origin = origin;
  }

  /** Opens with the default options. */
  public static LabelImageSource open(Path file, double downsample, LabelingProtocol protocol) throws IOException {
    return open(file, downsample, protocol, Options.defaults());
  }

  /**
   * Opens a label image covering the slide at {@code downsample} level-0 pixels per label pixel.
   * A decoded image is checked against the protocol at once, so a value the protocol does not
   * list fails here rather than in the middle of training.
   */
  public static LabelImageSource open(Path file, double downsample, LabelingProtocol protocol, Options options)
      throws IOException {
    if (!(downsample > 0) || Double.isInfinite(downsample)) {
      throw new IllegalArgumentException("label image downsample must be positive and finite, got " + downsample);
    }
    LabelImageFile image = LabelImageFile.open(file, options.maxDecodedPixels());
    LabelImageSource s = new LabelImageSource(image, downsample, protocol, file.getFileName().toString(),
        options.maxBlockPixels());
    if (image.isDecoded()) {
      try {
        s.checkValues(image.decoded());
      } catch (RuntimeException e) {
        image.close();
        throw e;
      }
    }
    return s;
  }

  private void checkValues(LabelImageFile.Block b) {
    int n = b.width() * b.height();
    for (int i = 0; i < n; i++) {
      int v = b.bytes() != null ? b.bytes()[i] & 0xff : b.shorts()[i] & 0xffff;
      if (table[v] == 0) {
        throw unknownValue(v, b.x() + i % b.width(), b.y() + i / b.width());
      }
    }
  }

  private AnnotationException unknownValue(int v, int u, int row) {
    return new AnnotationException.UnknownLabel(origin + ": label value " + v + " at pixel (" + u + ", " + row
        + ") is not in the labeling protocol (unmapped values are errors)");
  }

  public int width() {
    return image.width();
  }

  public int height() {
    return image.height();
  }

  /** Level-0 pixels per label pixel. */
  public double downsample() {
    return downsample;
  }

  @Override
  public int classCount() {
    return classCount;
  }

  @Override
  public LabelSetRaster rasterize(RegionRequest region) {
    int w = region.width();
    int h = region.height();
    LabelSetRaster out = LabelSetRaster.create(w, h, classCount, universe);
    // Nearest neighbour: the label pixel under each output pixel centre; monotone in i and j, so
    // the columns and rows inside the image form one run each.
    int[] cols = new int[w];
    int i0 = w;
    int i1 = 0;
    for (int i = 0; i < w; i++) {
      cols[i] = labelIndex(region.centreX(i), image.width());
      if (cols[i] >= 0) {
        i0 = Math.min(i0, i);
        i1 = i + 1;
      }
    }
    int[] rows = new int[h];
    int j0 = h;
    int j1 = 0;
    for (int j = 0; j < h; j++) {
      rows[j] = labelIndex(region.centreY(j), image.height());
      if (rows[j] >= 0) {
        j0 = Math.min(j0, j);
        j1 = j + 1;
      }
    }
    if (i0 >= i1 || j0 >= j1) {
      return out;
    }
    int u0 = cols[i0];
    int u1 = cols[i1 - 1];
    int v0 = rows[j0];
    int v1 = rows[j1 - 1];
    try {
      if (image.isDecoded() || (long) (u1 - u0 + 1) * (v1 - v0 + 1) <= maxBlockPixels) {
        LabelImageFile.Block block = image.block(u0, v0, u1 - u0 + 1, v1 - v0 + 1);
        sample(block, out.data(), w, cols, rows, i0, i1, j0, j1);
      } else {
        // A tile much coarser than the label image: read only the label rows it samples.
        LabelImageFile.Block block = null;
        for (int j = j0; j < j1; j++) {
          if (block == null || block.y() != rows[j]) {
            block = image.block(u0, rows[j], u1 - u0 + 1, 1);
          }
          sample(block, out.data(), w, cols, rows, i0, i1, j, j + 1);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(origin + ": reading the label image failed", e);
    }
    return out;
  }

  /** The label pixel index under level-0 coordinate {@code c}, or -1 outside {@code [0, size)}. */
  private int labelIndex(double c, int size) {
    double u = Math.floor(c / downsample);
    return u >= 0 && u < size ? (int) u : -1;
  }

  private void sample(LabelImageFile.Block b, long[] out, int w, int[] cols, int[] rows, int i0, int i1, int j0,
      int j1) {
    long[] t = table;
    for (int j = j0; j < j1; j++) {
      int src = b.offset(0, rows[j]); // index of label pixel u in this row is src + u
      int dst = j * w;
      if (b.bytes() != null) {
        byte[] px = b.bytes();
        for (int i = i0; i < i1; i++) {
          long s = t[px[src + cols[i]] & 0xff];
          if (s == 0) {
            throw unknownValue(px[src + cols[i]] & 0xff, cols[i], rows[j]);
          }
          out[dst + i] = s;
        }
      } else {
        short[] px = b.shorts();
        for (int i = i0; i < i1; i++) {
          long s = t[px[src + cols[i]] & 0xffff];
          if (s == 0) {
            throw unknownValue(px[src + cols[i]] & 0xffff, cols[i], rows[j]);
          }
          out[dst + i] = s;
        }
      }
    }
  }

  @Override
  public void close() {
    image.close();
  }

  @Override
  public String toString() {
    return "LabelImageSource[" + image + ", downsample " + downsample + "]";
  }
}
