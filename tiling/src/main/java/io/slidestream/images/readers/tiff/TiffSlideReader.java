package io.slidestream.images.readers.tiff;

import io.slidestream.images.RgbRaster;
import io.slidestream.images.codec.jpeg.JpegDecoder;
import io.slidestream.images.readers.PyramidLevel;
import io.slidestream.images.readers.SlideException;
import io.slidestream.images.readers.SlideInfo;
import io.slidestream.images.readers.SlideReader;
import io.slidestream.images.readers.tiff.internals.SlideFile;
import io.slidestream.images.readers.tiff.internals.TiffFile;
import io.slidestream.images.readers.tiff.internals.TiffLayout;
import io.slidestream.images.readers.tiff.internals.TileCache;
import io.slidestream.images.readers.tiff.internals.TileDecoder;
import io.slidestream.images.readers.tiff.internals.TiledImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A tiled TIFF slide (Aperio SVS, OME-TIFF, generic pyramid) read by the project's own code:
 * positional reads of only the tiles a region needs, decoded into RGB and kept in a small cache.
 * Safe for concurrent reads; {@link #close()} waits for reads in progress.
 */
public final class TiffSlideReader implements SlideReader {

  private static final byte WHITE = (byte) 0xFF;

  private final SlideFile file;
  private final SlideInfo info;
  private final List<TiledImage> images;
  private final TileDecoder[] decoders;
  private final TileCache cache;
  private final String jpegDecoderName;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  private TiffSlideReader(SlideFile file, SlideInfo info, List<TiledImage> images, JpegDecoder jpeg, long cacheBytes) {
    this.file = file;
    this.info = info;
    this.images = images;
    this.decoders = images.stream().map(im -> new TileDecoder(file, im, jpeg)).toArray(TileDecoder[]::new);
    this.cache = new TileCache(cacheBytes);
    this.jpegDecoderName = jpeg.name();
  }

  /**
   * Opens a slide.
   *
   * @param readerName the name to report in {@link SlideInfo#reader()}
   * @param jpeg       the decoder for JPEG tiles
   * @param cacheBytes the most decoded tile bytes to keep (0 for none)
   * @throws SlideException with a subtype saying what is wrong
   */
  public static TiffSlideReader open(Path path, String readerName, JpegDecoder jpeg, long cacheBytes) {
    SlideFile file = SlideFile.open(path);
    try {
      TiffLayout layout = TiffLayout.of(TiffFile.read(file), file);
      SlideInfo info = new SlideInfo(readerName, layout.vendor(), layout.levels(),
          layout.micronsPerPixelX(), layout.micronsPerPixelY(), layout.objectivePower());
      return new TiffSlideReader(file, info, layout.images(), jpeg, cacheBytes);
    } catch (RuntimeException e) {
      file.close();
      throw e;
    }
  }

  @Override
  public SlideInfo info() {
    return info;
  }

  /** The JPEG decoder in use ("turbo" or "java"). */
  public String jpegDecoder() {
    return jpegDecoderName;
  }

  @Override
  public RgbRaster readRegion(int level, long x, long y, int width, int height) {
    PyramidLevel pl = info.level(level);
    if (width < 0 || height < 0) {
      throw new IllegalArgumentException("negative region size " + width + "x" + height);
    }
    RgbRaster out = RgbRaster.create(width, height);
    TiledImage image = images.get(level);
    // The corner is given in level-0 pixels, as OpenSlide takes it.
    long lx = (long) Math.floor(x / pl.downsample());
    long ly = (long) Math.floor(y / pl.downsample());
    long ix0 = Math.max(lx, 0);
    long iy0 = Math.max(ly, 0);
    long ix1 = Math.min(lx + width, image.width());
    long iy1 = Math.min(ly + height, image.height());
    boolean inside = ix0 == lx && iy0 == ly && ix1 == lx + width && iy1 == ly + height;
    if (!inside) {
      Arrays.fill(out.data(), WHITE);
    }
    if (ix0 >= ix1 || iy0 >= iy1) {
      return out;
    }
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("slide reader for " + file.path() + " is closed");
      }
      int tw = image.tileWidth();
      int th = image.tileHeight();
      for (int ty = (int) (iy0 / th); ty <= (iy1 - 1) / th; ty++) {
        for (int tx = (int) (ix0 / tw); tx <= (ix1 - 1) / tw; tx++) {
          // The part of this tile inside both the image and the region, in image pixels.
          long bx0 = Math.max(ix0, (long) tx * tw);
          long by0 = Math.max(iy0, (long) ty * th);
          long bx1 = Math.min(ix1, (long) (tx + 1) * tw);
          long by1 = Math.min(iy1, (long) (ty + 1) * th);
          int bw = (int) (bx1 - bx0);
          int bh = (int) (by1 - by0);
          int dx = (int) (bx0 - lx);
          int dy = (int) (by0 - ly);
          RgbRaster tile = tile(level, ty * image.tilesAcross() + tx);
          if (tile == null) {
            fillWhite(out, dx, dy, bw, bh);
          } else {
            out.copyFrom(tile, (int) (bx0 - (long) tx * tw), (int) (by0 - (long) ty * th), dx, dy, bw, bh);
          }
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    return out;
  }

  private RgbRaster tile(int level, int index) {
    long key = TileCache.key(level, index);
    RgbRaster tile = cache.get(key);
    if (tile == null) {
      tile = decoders[level].read(index);
      if (tile != null) {
        cache.put(key, tile);
      }
    }
    return tile;
  }

  private static void fillWhite(RgbRaster out, int x, int y, int w, int h) {
    byte[] d = out.data();
    for (int row = y; row < y + h; row++) {
      int from = (row * out.width() + x) * 3;
      Arrays.fill(d, from, from + w * 3, WHITE);
    }
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        file.close();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "TiffSlideReader[" + file.path() + ", " + info.vendor() + "]";
  }
}
