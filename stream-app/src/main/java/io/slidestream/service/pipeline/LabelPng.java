package io.slidestream.service.pipeline;

import io.slidestream.images.LabelRaster;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * A label tile as an 8-bit grey PNG whose grey levels are the class ids: lossless, compact for
 * label images (long runs), and viewable by anyone.
 */
public final class LabelPng {

  static {
    // ImageIO otherwise buffers every stream it writes in a /tmp/imageio*.tmp file, which a killed
    // process leaves behind; the images are small enough for memory.
    ImageIO.setUseCache(false);
  }

  private LabelPng() {}

  public static byte[] encode(LabelRaster labels) {
    BufferedImage img = new BufferedImage(labels.width(), labels.height(), BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setDataElements(0, 0, labels.width(), labels.height(), labels.data());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, "png", out)) {
        throw new IllegalStateException("no PNG writer in this Java runtime");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory does not fail", e);
    }
    return out.toByteArray();
  }

  /** Reads a PNG written by {@link #encode} back into labels. */
  public static LabelRaster decode(byte[] png) {
    try {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
      if (img == null || img.getType() != BufferedImage.TYPE_BYTE_GRAY) {
        throw new IllegalArgumentException("not an 8-bit grey label PNG");
      }
      byte[] data = new byte[img.getWidth() * img.getHeight()];
      img.getRaster().getDataElements(0, 0, img.getWidth(), img.getHeight(), data);
      return LabelRaster.wrap(img.getWidth(), img.getHeight(), data);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a readable PNG: " + e.getMessage(), e);
    }
  }
}
