package io.slidestream.models.data;

import io.slidestream.annotations.AnnotationException;
import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.annotations.io.LabelImageFile;
import io.slidestream.annotations.protocol.LabelingProtocol;
import io.slidestream.images.RgbRaster;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Reads an image and its label mask into a {@link TrainingSample}: the labeling protocol turns
 * each raw mask value into a label set (value ranges such as GlaS's gland instances 1..N → gland),
 * and the dense reference is each pixel's class where its set is a single class,
 * {@link TrainingSample#IGNORE} elsewhere. Stateless and thread-safe.
 */
public final class ImageMaskReader {

  private final LabelingProtocol protocol;
  private final long[] table;

  public ImageMaskReader(LabelingProtocol protocol) {
    this.protocol = protocol;
    this.table = protocol.valueTable();
  }

  public LabelingProtocol protocol() {
    return protocol;
  }

  /** The dense sample of a pair. */
  public TrainingSample read(ImageMaskPair pair) throws IOException {
    return read(pair, null);
  }

  /** The sample with sparse labels simulated from the mask, its raw values separating regions (instances). */
  public TrainingSample readSparse(ImageMaskPair pair, SparseAnnotationSimulator simulator) throws IOException {
    return read(pair, simulator);
  }

  private TrainingSample read(ImageMaskPair pair, SparseAnnotationSimulator simulator) throws IOException {
    BufferedImage img = ImageIO.read(pair.image().toFile());
    if (img == null) {
      throw new IOException(pair.image() + ": not an image ImageIO reads");
    }
    RgbRaster image = RgbRaster.fromBufferedImage(img);
    int[] raw;
    try (LabelImageFile mask = LabelImageFile.open(pair.mask(), Long.MAX_VALUE)) {
      if (mask.width() != image.width() || mask.height() != image.height()) {
        throw new IllegalArgumentException(pair.id() + ": image is " + image.width() + "x" + image.height()
            + " but the mask " + pair.mask().getFileName() + " is " + mask.width() + "x" + mask.height());
      }
      raw = values(mask.decoded());
    }
    long[] sets = new long[raw.length];
    for (int i = 0; i < raw.length; i++) {
      long s = table[raw[i]];
      if (s == 0) {
        throw new AnnotationException.UnknownLabel(pair.mask() + ": label value " + raw[i] + " at pixel ("
            + i % image.width() + ", " + i / image.width() + ") is not in the labeling protocol"
            + (protocol.name() == null ? "" : " '" + protocol.name() + "'"));
      }
      sets[i] = s;
    }
    LabelSetRaster dense = LabelSetRaster.wrap(image.width(), image.height(), protocol.classCount(), sets);
    TrainingSample sample = TrainingSample.of(pair.id(), image, dense, TrainingSample.referenceOf(dense));
    return simulator == null ? sample : simulator.simulate(sample, raw);
  }

  private static int[] values(LabelImageFile.Block b) {
    int n = b.width() * b.height();
    int[] out = new int[n];
    if (b.bytes() != null) {
      byte[] px = b.bytes();
      for (int i = 0; i < n; i++) {
        out[i] = px[i] & 0xff;
      }
    } else {
      short[] px = b.shorts();
      for (int i = 0; i < n; i++) {
        out[i] = px[i] & 0xffff;
      }
    }
    return out;
  }
}
