package io.slidestream.images.codec.jpeg;

import io.slidestream.images.RgbRaster;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes with the JDK's own JPEG reader, for machines without libjpeg-turbo. It reads the
 * {@link Raster}, which the JDK returns without colour conversion, and converts here as libjpeg
 * would (see {@link JpegHeader#isRgb()}): the JDK's image path would instead guess colour spaces
 * its own way and, lacking JFIF, take an Aperio RGB tile for YCbCr or apply an ICC profile.
 */
public final class JavaJpegDecoder implements JpegDecoder {

  /**
   * One reader a thread, reused: it keeps none of a frame once its input is reset (the raster goes
   * to the caller, libjpeg frees its per-image memory at the end of each read), so a thread that
   * once decoded a huge frame holds no more than one that decoded a small tile.
   */
  private static final ThreadLocal<ImageReader> READERS = ThreadLocal.withInitial(JavaJpegDecoder::newReader);

  public static JavaJpegDecoder create() {
    return new JavaJpegDecoder();
  }

  private JavaJpegDecoder() {}

  private static ImageReader newReader() {
    Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg");
    ImageReader fallback = null;
    while (it.hasNext()) {
      ImageReader r = it.next();
      // Prefer the JDK's reader: a plugin on the class path could convert colours differently.
      if (r.getClass().getName().startsWith("com.sun.imageio.")) {
        return r;
      }
      if (fallback == null) {
        fallback = r;
      }
    }
    if (fallback == null) {
      throw new IllegalStateException("this JDK has no javax.imageio JPEG reader");
    }
    return fallback;
  }

  @Override
  public String name() {
    return "java";
  }

  @Override
  public JpegInfo readInfo(byte[] jpeg, int offset, int length) {
    JpegHeader h = JpegHeader.parse(jpeg, offset, length);
    return new JpegInfo(h.width(), h.height(), h.components());
  }

  @Override
  public void decode(byte[] jpeg, int offset, int length, RgbRaster target) {
    JpegHeader header = JpegHeader.parse(jpeg, offset, length);
    if (header.width() != target.width() || header.height() != target.height()) {
      throw new JpegException("JPEG frame is " + header.width() + "x" + header.height()
          + " but " + target.width() + "x" + target.height() + " was expected");
    }
    if (header.precision() != 8) {
      throw new JpegException(header.precision() + "-bit JPEG is not supported, only 8-bit");
    }
    int nc = header.components();
    if (nc != 1 && nc != 3) {
      throw new JpegException(nc + "-component JPEG (CMYK/YCCK) is not supported");
    }
    Raster raster = readRaster(jpeg, offset, length);
    if (raster.getWidth() != target.width() || raster.getHeight() != target.height()
        || raster.getNumBands() != nc) {
      throw new JpegException("JPEG reader returned " + raster.getWidth() + "x" + raster.getHeight()
          + "x" + raster.getNumBands() + " for a " + header.width() + "x" + header.height() + "x" + nc + " frame");
    }
    copyToRgb(raster, target);
    if (nc == 3 && !header.isRgb()) {
      YCbCr.toRgbInPlace(target.data(), target.width() * target.height());
    }
  }

  private static Raster readRaster(byte[] jpeg, int offset, int length) {
    ImageReader reader = READERS.get();
    List<String> warnings = new ArrayList<>();
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg, offset, length))) {
      reader.setInput(in, true, true);
      reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
      Raster raster = reader.readRaster(0, null);
      if (!warnings.isEmpty()) {
        // As with libjpeg-turbo: recoverable damage would leave grey filler in the tile.
        throw new JpegException("cannot decode JPEG (damaged data): " + String.join("; ", warnings));
      }
      return raster;
    } catch (IOException e) {
      throw new JpegException("cannot decode JPEG: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (e instanceof JpegException) {
        throw e;
      }
      // The JDK's reader reports some damage as unchecked exceptions from its native code.
      throw new JpegException("cannot decode JPEG: " + e, e);
    } finally {
      reader.removeAllIIOReadWarningListeners();
      reader.setInput(null);
    }
  }

  private static void copyToRgb(Raster raster, RgbRaster target) {
    byte[] dst = target.data();
    int w = raster.getWidth();
    int h = raster.getHeight();
    int nc = raster.getNumBands();
    if (raster.getSampleModel() instanceof ComponentSampleModel sm
        && raster.getDataBuffer() instanceof DataBufferByte db && db.getNumBanks() == 1) {
      byte[] src = db.getData();
      int pixelStride = sm.getPixelStride();
      int lineStride = sm.getScanlineStride();
      int[] bandOffsets = sm.getBandOffsets();
      int base = db.getOffset()
          - raster.getSampleModelTranslateY() * lineStride - raster.getSampleModelTranslateX() * pixelStride;
      boolean packedRgb = nc == 3 && pixelStride == 3 && bandOffsets[0] == 0 && bandOffsets[1] == 1 && bandOffsets[2] == 2;
      for (int y = 0; y < h; y++) {
        int s = base + y * lineStride;
        int d = y * w * 3;
        if (packedRgb) {
          System.arraycopy(src, s, dst, d, w * 3);
        } else if (nc == 3) {
          for (int x = 0; x < w; x++, s += pixelStride, d += 3) {
            dst[d] = src[s + bandOffsets[0]];
            dst[d + 1] = src[s + bandOffsets[1]];
            dst[d + 2] = src[s + bandOffsets[2]];
          }
        } else {
          for (int x = 0; x < w; x++, s += pixelStride, d += 3) {
            byte v = src[s + bandOffsets[0]];
            dst[d] = v;
            dst[d + 1] = v;
            dst[d + 2] = v;
          }
        }
      }
      return;
    }
    // Any other layout: per-row sample reads, still no per-pixel objects.
    int[] row = new int[w * nc];
    for (int y = 0; y < h; y++) {
      raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
      for (int x = 0, d = y * w * 3; x < w; x++, d += 3) {
        int s = x * nc;
        dst[d] = (byte) row[s];
        dst[d + 1] = (byte) row[nc == 3 ? s + 1 : s];
        dst[d + 2] = (byte) row[nc == 3 ? s + 2 : s];
      }
    }
  }
}
