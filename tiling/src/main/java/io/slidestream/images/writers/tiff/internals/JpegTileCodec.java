package io.slidestream.images.writers.tiff.internals;

import io.slidestream.images.tiff.TiffTags;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * RGB tiles as self-contained baseline JPEG streams from the JDK encoder, which codes a
 * three-byte BGR image as JFIF YCbCr with 2×2 chroma subsampling: exactly what the page's
 * Photometric YCbCr and YCbCrSubSampling 2,2 tags declare.
 */
final class JpegTileCodec implements TileCodec {

  private final int tileSize;
  private final float quality;
  private final ConcurrentLinkedQueue<Encoder> encoders = new ConcurrentLinkedQueue<>();

  JpegTileCodec(int tileSize, int quality) {
    this.tileSize = tileSize;
    this.quality = quality / 100f;
  }

  @Override
  public int compressionTag() {
    return TiffTags.COMPRESSION_JPEG;
  }

  @Override
  public int photometricTag() {
    return TiffTags.PHOTOMETRIC_YCBCR;
  }

  @Override
  public byte[] encode(byte[] rgb) {
    if (rgb.length != tileSize * tileSize * 3) {
      throw new IllegalArgumentException("expected " + (tileSize * tileSize * 3) + " bytes, got " + rgb.length);
    }
    Encoder e = encoders.poll();
    if (e == null) {
      e = new Encoder();
    }
    try {
      return e.encode(rgb);
    } finally {
      encoders.offer(e);
    }
  }

  @Override
  public byte[] decode(byte[] stored) throws IOException {
    Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg");
    if (!it.hasNext()) {
      throw new IllegalStateException("the JDK has no JPEG reader");
    }
    ImageReader reader = it.next();
    BufferedImage img;
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(stored))) {
      reader.setInput(in, true, true);
      img = reader.read(0);
    } catch (RuntimeException e) {
      throw new IOException("corrupt JPEG tile: " + e.getMessage(), e);
    } finally {
      reader.dispose();
    }
    if (img.getWidth() != tileSize || img.getHeight() != tileSize) {
      throw new IOException("JPEG tile is " + img.getWidth() + "x" + img.getHeight() + ", expected " + tileSize);
    }
    byte[] out = new byte[tileSize * tileSize * 3];
    int[] row = new int[tileSize];
    for (int y = 0; y < tileSize; y++) {
      img.getRGB(0, y, tileSize, 1, row, 0, tileSize);
      for (int x = 0, o = y * tileSize * 3; x < tileSize; x++, o += 3) {
        out[o] = (byte) (row[x] >> 16);
        out[o + 1] = (byte) (row[x] >> 8);
        out[o + 2] = (byte) row[x];
      }
    }
    return out;
  }

  @Override
  public void close() {
    for (Encoder e; (e = encoders.poll()) != null; ) {
      e.writer.dispose();
    }
  }

  /** One JDK writer with its reusable image; used by one thread at a time. */
  private final class Encoder {
    final ImageWriter writer;
    final ImageWriteParam param;
    final BufferedImage image = new BufferedImage(tileSize, tileSize, BufferedImage.TYPE_3BYTE_BGR);
    final byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();

    Encoder() {
      Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg");
      if (!it.hasNext()) {
        throw new IllegalStateException("the JDK has no JPEG writer");
      }
      writer = it.next();
      param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
    }

    byte[] encode(byte[] rgb) {
      for (int i = 0; i < rgb.length; i += 3) {
        bgr[i] = rgb[i + 2];
        bgr[i + 1] = rgb[i + 1];
        bgr[i + 2] = rgb[i];
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(tileSize * tileSize / 4);
      try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
        writer.setOutput(out);
        writer.write(null, new IIOImage(image, null, null), param);
      } catch (IOException e) {
        throw new UncheckedIOException("JPEG encoding into memory failed", e);
      } finally {
        writer.setOutput(null);
      }
      return bytes.toByteArray();
    }
  }
}
