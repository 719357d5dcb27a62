package io.slidestream.images.writers.tiff.internals;

import io.slidestream.images.tiff.TiffTags;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * 8-bit single-sample tiles as zlib streams (TIFF Compression 8, Adobe Deflate), optionally with
 * the horizontal differencing predictor. Deflaters hold native memory, so they are pooled per
 * codec and ended on {@link #close()} rather than left to finalization.
 */
final class DeflateTileCodec implements TileCodec {

  private final int tileSize;
  private final int level;
  private final boolean predictor;
  private final ConcurrentLinkedQueue<Deflater> deflaters = new ConcurrentLinkedQueue<>();

  DeflateTileCodec(int tileSize, int level, boolean predictor) {
    this.tileSize = tileSize;
    this.level = level;
    this.predictor = predictor;
  }

  @Override
  public int compressionTag() {
    return TiffTags.COMPRESSION_ADOBE_DEFLATE;
  }

  @Override
  public int photometricTag() {
    return TiffTags.PHOTOMETRIC_MIN_IS_BLACK;
  }

  @Override
  public byte[] encode(byte[] pixels) {
    if (pixels.length != tileSize * tileSize) {
      throw new IllegalArgumentException("expected " + (tileSize * tileSize) + " bytes, got " + pixels.length);
    }
    byte[] src = predictor ? differenced(pixels) : pixels;
    Deflater d = deflaters.poll();
    if (d == null) {
      d = new Deflater(level);
    }
    try {
      d.setInput(src);
      d.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, src.length / 8));
      byte[] buf = new byte[Math.min(1 << 16, src.length + 64)];
      while (!d.finished()) {
        int n = d.deflate(buf);
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } finally {
      d.reset();
      deflaters.offer(d);
    }
  }

  private byte[] differenced(byte[] pixels) {
    byte[] out = pixels.clone();
    for (int row = 0; row < tileSize; row++) {
      int start = row * tileSize;
      for (int i = start + tileSize - 1; i > start; i--) {
        out[i] = (byte) (out[i] - out[i - 1]);
      }
    }
    return out;
  }

  @Override
  public byte[] decode(byte[] stored) throws IOException {
    byte[] out = new byte[tileSize * tileSize];
    Inflater inf = new Inflater();
    try {
      inf.setInput(stored);
      int n = 0;
      while (n < out.length && !inf.finished()) {
        int got = inf.inflate(out, n, out.length - n);
        if (got == 0 && (inf.needsInput() || inf.needsDictionary())) {
          break;
        }
        n += got;
      }
      if (n != out.length) {
        throw new IOException("deflate tile holds " + n + " bytes, expected " + out.length);
      }
    } catch (DataFormatException e) {
      throw new IOException("corrupt deflate tile: " + e.getMessage(), e);
    } finally {
      inf.end();
    }
    if (predictor) {
      for (int row = 0; row < tileSize; row++) {
        int start = row * tileSize;
        for (int i = start + 1; i < start + tileSize; i++) {
          out[i] = (byte) (out[i] + out[i - 1]);
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    for (Deflater d; (d = deflaters.poll()) != null; ) {
      d.end();
    }
  }
}
