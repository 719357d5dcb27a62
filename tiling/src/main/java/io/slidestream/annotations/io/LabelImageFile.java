package io.slidestream.annotations.io;

import io.slidestream.annotations.AnnotationException;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * A label image (PNG or TIFF through ImageIO; grayscale or palette, up to 16 bits, one value per
 * pixel; the first image of a multi-page TIFF). Small images are decoded once into one compact
 * array (a byte or short per pixel); larger ones stay on disk and each request reads just its
 * block through ImageIO's source-region reading, so memory follows the tile, not the image.
 * Reading blocks is fast from a tiled TIFF; a PNG is one sequential stream, so ImageIO inflates
 * the rows above a block on every read: store large label images as tiled TIFF.
 *
 * <p>The size the header claims is checked against the file's length before anything is
 * allocated: no lossless codec a label image uses compresses better than about 1 400 : 1 (LZW;
 * Deflate stops at 1 032 : 1), so a header claiming more than {@value #MAX_COMPRESSION} times the
 * file's bytes is corrupt or hostile.
 *
 * <p>Thread-safe: block reads from disk are serialised (an ImageReader is single-threaded);
 * decoded images are read-only.
 */
public final class LabelImageFile implements AutoCloseable {

  /** Bytes of pixel data one byte of file may claim at most. */
  public static final long MAX_COMPRESSION = 4096;

  /**
   * A block of label values: {@code bytes} (8-bit or less) or {@code shorts} (16-bit) holds
   * {@code width × height} values of the image from ({@code x}, {@code y}), row-major.
   */
  public record Block(byte[] bytes, short[] shorts, int x, int y, int width, int height) {
    /** Index into the array of image pixel ({@code u}, {@code v}). */
    public int offset(int u, int v) {
      return (v - y) * width + (u - x);
    }

    public int value(int u, int v) {
      int i = offset(u, v);
      return bytes != null ? bytes[i] & 0xff : shorts[i] & 0xffff;
    }
  }

  private final Path file;
  private final int width;
  private final int height;
  private final int bits;
  private final Block decoded;
  private ImageInputStream stream;
  private ImageReader reader;

  private LabelImageFile(Path file, int width, int height, int bits, Block decoded, ImageInputStream stream,
      ImageReader reader) {
    this.file = file;
    this.width = width;
    this.height = height;
    this.bits = bits;
    this.decoded = decoded;
    this.stream = stream;
    this.reader = reader;
  }

  /**
   * Opens a label image; decodes it at once when it has at most {@code maxDecodedPixels} pixels.
   *
   * @throws AnnotationException.Unsupported when it is not a single-band image ImageIO reads
   * @throws AnnotationException.TooLarge when its header claims more pixels than its length can hold
   * @throws AnnotationException.Malformed when its data are corrupt or truncated
   */
  public static LabelImageFile open(Path file, long maxDecodedPixels) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "label image not found");
    }
    long length = Files.size(file);
    ImageInputStream in = ImageIO.createImageInputStream(file.toFile());
    if (in == null) {
      throw new IOException(file + ": cannot open an image stream");
    }
    ImageReader reader = null;
    boolean keep = false;
    try {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new AnnotationException.Unsupported(file + ": not an image format ImageIO reads (expected PNG or TIFF)");
      }
      reader = readers.next();
      reader.setInput(in, true, true);
      int w;
      int h;
      ImageTypeSpecifier type;
      try {
        w = reader.getWidth(0);
        h = reader.getHeight(0);
        type = reader.getRawImageType(0);
        if (type == null) {
          Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
          type = types.hasNext() ? types.next() : null;
        }
      } catch (IIOException | IndexOutOfBoundsException e) {
        throw new AnnotationException.Malformed(file + ": unreadable image header: " + e.getMessage(), e);
      }
      if (type == null) {
        throw new AnnotationException.Unsupported(file + ": ImageIO cannot tell the pixel layout of this image");
      }
      SampleModel sm = type.getSampleModel();
      if (sm.getNumBands() != 1) {
        throw new AnnotationException.Unsupported(file + ": has " + sm.getNumBands() + " bands; a label image has"
            + " one value per pixel (grayscale or palette), not colours");
      }
      int b = sm.getSampleSize(0);
      if (b > 16) {
        throw new AnnotationException.Unsupported(file + ": " + b + "-bit samples; label images of up to 16 bits"
            + " are supported");
      }
      if (w <= 0 || h <= 0) {
        throw new AnnotationException.Malformed(file + ": image size " + w + "x" + h);
      }
      long pixelBytes = ((long) w * h * b + 7) / 8;
      if (pixelBytes > Math.max(length, 1) * MAX_COMPRESSION) {
        throw new AnnotationException.TooLarge(file + ": claims " + w + "x" + h + " pixels of " + b + " bits ("
            + pixelBytes + " bytes), more than a " + length + "-byte file can hold; the header is corrupt");
      }
      if ((long) w * h <= maxDecodedPixels) {
        Block all = readBlock(file, reader, 0, 0, w, h, b);
        return new LabelImageFile(file, w, h, b, all, null, null);
      }
      keep = true;
      return new LabelImageFile(file, w, h, b, null, in, reader);
    } finally {
      if (!keep) {
        if (reader != null) {
          reader.dispose();
        }
        in.close();
      }
    }
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** Bits per sample as stored: up to 8 are held as bytes, more as shorts. */
  public int bitsPerSample() {
    return bits;
  }

  /** True when the whole image is held in memory. */
  public boolean isDecoded() {
    return decoded != null;
  }

  /** The whole decoded image, or null when it stays on disk. */
  public Block decoded() {
    return decoded;
  }

  /**
   * The values of a block that lies inside the image: a view of the decoded image, or read from
   * disk.
   */
  public Block block(int x, int y, int w, int h) throws IOException {
    if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + (long) w > width || y + (long) h > height) {
      throw new IndexOutOfBoundsException("block " + w + "x" + h + " at (" + x + ", " + y + ") outside the "
          + width + "x" + height + " label image");
    }
    if (decoded != null) {
      return decoded;
    }
    synchronized (this) {
      if (reader == null) {
        throw new IllegalStateException(file + ": label image is closed");
      }
      return readBlock(file, reader, x, y, w, h, bits);
    }
  }

  private static Block readBlock(Path file, ImageReader reader, int x, int y, int w, int h, int bits)
      throws IOException {
    BufferedImage img;
    try {
      ImageReadParam p = reader.getDefaultReadParam();
      p.setSourceRegion(new Rectangle(x, y, w, h));
      img = reader.read(0, p);
    } catch (IIOException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      throw new AnnotationException.Malformed(file + ": label image data are corrupt or truncated: " + e.getMessage(),
          e);
    }
    Raster r = img.getRaster();
    if (r.getWidth() != w || r.getHeight() != h) {
      throw new AnnotationException.Malformed(file + ": the decoder returned " + r.getWidth() + "x" + r.getHeight()
          + " pixels for a " + w + "x" + h + " block");
    }
    boolean wide = bits > 8;
    // The common layouts (8-bit gray, 16-bit gray) already are a compact array: use it without copying.
    if (r.getSampleModel() instanceof ComponentSampleModel cm && cm.getPixelStride() == 1
        && cm.getScanlineStride() == w && r.getSampleModelTranslateX() == 0 && r.getSampleModelTranslateY() == 0
        && r.getDataBuffer().getNumBanks() == 1 && r.getDataBuffer().getOffset() == 0 && cm.getBandOffsets()[0] == 0) {
      DataBuffer db = r.getDataBuffer();
      if (!wide && db instanceof DataBufferByte bb && bb.getData().length == w * h) {
        return new Block(bb.getData(), null, x, y, w, h);
      }
      if (wide && db instanceof DataBufferUShort sb && sb.getData().length == w * h) {
        return new Block(null, sb.getData(), x, y, w, h);
      }
    }
    byte[] bytes = wide ? null : new byte[w * h];
    short[] shorts = wide ? new short[w * h] : null;
    int[] row = new int[w];
    for (int j = 0; j < h; j++) {
      r.getSamples(r.getMinX(), r.getMinY() + j, w, 1, 0, row);
      int o = j * w;
      if (wide) {
        for (int i = 0; i < w; i++) {
          shorts[o + i] = (short) row[i];
        }
      } else {
        for (int i = 0; i < w; i++) {
          bytes[o + i] = (byte) row[i];
        }
      }
    }
    return new Block(bytes, shorts, x, y, w, h);
  }

  @Override
  public synchronized void close() {
    if (reader != null) {
      reader.dispose();
      reader = null;
    }
    if (stream != null) {
      try {
        stream.close();
      } catch (IOException ignored) {
        // Nothing was written; closing a read stream cannot lose data.
      }
      stream = null;
    }
  }

  @Override
  public String toString() {
    return "LabelImageFile[" + file.getFileName() + ", " + width + "x" + height + ", " + bits + "-bit"
        + (decoded != null ? ", decoded" : "") + "]";
  }
}
