package io.slidestream.annotations;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Writes label images with the JDK's own encoders, as other tools would produce them. */
public final class TestImages {

  private TestImages() {}

  /** A grayscale image of 8 or 16 bits holding {@code values} row-major. */
  public static BufferedImage gray(int w, int h, int bits, int[] values) {
    BufferedImage img = new BufferedImage(w, h, bits == 16 ? BufferedImage.TYPE_USHORT_GRAY : BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setSamples(0, 0, w, h, 0, values);
    return img;
  }

  /** A 2-bit palette image (four entries), stored packed: the layout ImageIO does not hand over as one array. */
  public static BufferedImage palette2Bit(int w, int h, int[] indices) {
    byte[] r = {0, (byte) 255, 0, 0};
    byte[] g = {0, 0, (byte) 255, 0};
    byte[] b = {0, 0, 0, (byte) 255};
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_BINARY, new IndexColorModel(2, 4, r, g, b));
    WritableRaster raster = img.getRaster();
    raster.setSamples(0, 0, w, h, 0, indices);
    return img;
  }

  public static Path png(Path file, BufferedImage img) throws IOException {
    if (!ImageIO.write(img, "png", file.toFile())) {
      throw new IOException("no PNG writer for " + img);
    }
    return file;
  }

  /** A tiled, Deflate-compressed TIFF. */
  public static Path tiledTiff(Path file, BufferedImage img, int tile) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
      writer.setOutput(out);
      ImageWriteParam p = writer.getDefaultWriteParam();
      p.setTilingMode(ImageWriteParam.MODE_EXPLICIT);
      p.setTiling(tile, tile, 0, 0);
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionType("Deflate");
      writer.write(null, new IIOImage(img, null, null), p);
    } finally {
      writer.dispose();
    }
    return file;
  }
}
