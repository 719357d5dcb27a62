package io.slidestream.images.readers.openslide;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.slidestream.images.RgbRaster;
import io.slidestream.images.readers.PyramidLevel;
import io.slidestream.images.readers.SlideException;
import io.slidestream.images.readers.SlideInfo;
import io.slidestream.images.readers.SlideReader;
import io.slidestream.images.readers.SlideReaders;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A slide opened by OpenSlide. One handle serves all threads (OpenSlide's reads are thread-safe);
 * reads share a read lock and {@link #close()} takes the write lock, so the handle is never freed
 * under a running read.
 */
public final class OpenSlideReader implements SlideReader {

  /** Pixels per native read: bounds the native buffer a large region needs (16 MiB). */
  private static final int MAX_PIXELS_PER_CALL = 1 << 22;

  private final Path file;
  private final SlideInfo info;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private Pointer osr;

  private OpenSlideReader(Path file, Pointer osr, SlideInfo info) {
    this.file = file;
    this.osr = osr;
    this.info = info;
  }

  /**
   * Opens a slide.
   *
   * @throws SlideException.NotFound when the file is missing
   * @throws SlideException.Unsupported when OpenSlide does not recognise the format
   * @throws SlideException.Corrupt when OpenSlide recognises it but fails to open it
   * @throws IllegalStateException when libopenslide is not installed
   */
  public static OpenSlideReader open(Path file, String readerName) {
    if (!OpenSlideLibrary.isLoaded()) {
      throw new IllegalStateException("libopenslide is not available: " + OpenSlideLibrary.loadFailure().getMessage());
    }
    SlideReaders.requireRegularFile(file);
    String name = file.toAbsolutePath().toString();
    String vendor = OpenSlideLibrary.openslide_detect_vendor(name);
    if (vendor == null) {
      throw new SlideException.Unsupported(file, "OpenSlide does not recognise this file format");
    }
    Pointer osr = OpenSlideLibrary.openslide_open(name);
    if (osr == null) {
      throw new SlideException.Unsupported(file, "OpenSlide does not recognise this file format");
    }
    try {
      String error = OpenSlideLibrary.openslide_get_error(osr);
      if (error != null) {
        throw new SlideException.Corrupt(file, "OpenSlide cannot open the " + vendor + " slide: " + error);
      }
      SlideInfo info = readInfo(file, osr, readerName);
      return new OpenSlideReader(file, osr, info);
    } catch (RuntimeException e) {
      OpenSlideLibrary.openslide_close(osr);
      throw e;
    }
  }

  /** From the openslide.* properties that say what tiling needs, and deliberately no others. */
  private static SlideInfo readInfo(Path file, Pointer osr, String readerName) {
    int count = OpenSlideLibrary.openslide_get_level_count(osr);
    checkError(file, osr, "reading the level count");
    if (count < 1) {
      throw new SlideException.Corrupt(file, "OpenSlide reports no pyramid levels");
    }
    List<PyramidLevel> levels = new ArrayList<>(count);
    long[] w = new long[1];
    long[] h = new long[1];
    for (int i = 0; i < count; i++) {
      OpenSlideLibrary.openslide_get_level_dimensions(osr, i, w, h);
      double downsample = OpenSlideLibrary.openslide_get_level_downsample(osr, i);
      checkError(file, osr, "reading level " + i);
      int tileW = intProperty(osr, "openslide.level[" + i + "].tile-width");
      int tileH = intProperty(osr, "openslide.level[" + i + "].tile-height");
      try {
        levels.add(new PyramidLevel(w[0], h[0], downsample, tileW, tileH));
      } catch (IllegalArgumentException e) {
        throw new SlideException.Corrupt(file, "OpenSlide reports an invalid level " + i + ": " + e.getMessage());
      }
    }
    String vendor = OpenSlideLibrary.openslide_get_property_value(osr, "openslide.vendor");
    return new SlideInfo(readerName, vendor == null ? "unknown" : vendor, levels,
        doubleProperty(osr, "openslide.mpp-x"), doubleProperty(osr, "openslide.mpp-y"),
        doubleProperty(osr, "openslide.objective-power"));
  }

  private static Double doubleProperty(Pointer osr, String name) {
    String v = OpenSlideLibrary.openslide_get_property_value(osr, name);
    if (v == null) {
      return null;
    }
    try {
      double d = Double.parseDouble(v.trim());
      return Double.isFinite(d) && d > 0 ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static int intProperty(Pointer osr, String name) {
    Double d = doubleProperty(osr, name);
    return d == null || d > Integer.MAX_VALUE ? 0 : d.intValue();
  }

  private static void checkError(Path file, Pointer osr, String doing) {
    String error = OpenSlideLibrary.openslide_get_error(osr);
    if (error != null) {
      throw new SlideException.Corrupt(file, "OpenSlide failed " + doing + ": " + error);
    }
  }

  @Override
  public SlideInfo info() {
    return info;
  }

  @Override
  public RgbRaster readRegion(int level, long x, long y, int width, int height) {
    info.level(level);
    if (width < 0 || height < 0) {
      throw new IllegalArgumentException("negative region size " + width + "x" + height);
    }
    RgbRaster out = RgbRaster.create(width, height);
    if (width == 0 || height == 0) {
      return out;
    }
    // Rows per call so that one native buffer stays bounded whatever the region.
    int rowsPerCall = Math.max(1, Math.min(height, MAX_PIXELS_PER_CALL / width));
    double downsample = info.level(level).downsample();
    lock.readLock().lock();
    try (Memory buffer = new Memory((long) rowsPerCall * width * 4)) {
      if (osr == null) {
        throw new IllegalStateException("slide reader for " + file + " is closed");
      }
      IntBuffer pixels = buffer.getByteBuffer(0, buffer.size()).order(ByteOrder.nativeOrder()).asIntBuffer();
      for (int row = 0; row < height; row += rowsPerCall) {
        int rows = Math.min(rowsPerCall, height - row);
        // The corner is in level-0 coordinates; a band further down starts row * downsample lower.
        long bandY = y + Math.round(row * downsample);
        OpenSlideLibrary.openslide_read_region(osr, buffer, x, bandY, level, width, rows);
        checkError(file, osr, "reading " + width + "x" + rows + " pixels of level " + level + " at (" + x + "," + bandY + ")");
        PremultipliedArgb.toRgbOverWhite(pixels, width * rows, out.data(), row * width * 3);
      }
    } finally {
      lock.readLock().unlock();
    }
    return out;
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (osr != null) {
        OpenSlideLibrary.openslide_close(osr);
        osr = null;
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "OpenSlideReader[" + file + "]";
  }
}
