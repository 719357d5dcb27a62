package io.slidestream.masks.overview;

import io.slidestream.files.PendingFile;
import io.slidestream.files.PublishedFile;
import io.slidestream.images.LabelClass;
import io.slidestream.images.LabelRaster;
import io.slidestream.images.writers.OutputFileName;
import io.slidestream.masks.MaskOutput;
import io.slidestream.masks.MaskSpec;
import io.slidestream.masks.MaskWriter;
import io.slidestream.masks.ledger.MaskTileLedger;
import io.slidestream.masks.reduced.ReducedLabelGrid;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A small picture of the whole mask in the class colours: a palette PNG whose pixel values are
 * the class ids and whose palette holds the class colours, so it shows the classes in any viewer
 * and still carries the labels. Each overview pixel takes the label at the centre of the block
 * of mask pixels it stands for (nearest-neighbour: no blended colours that are no class), filled
 * in as the tiles arrive into a {@link ReducedLabelGrid}; memory is the overview itself, at most
 * {@code maxSide²} bytes.
 */
public final class OverviewPngWriter implements MaskWriter {

  static {
    // ImageIO otherwise buffers every stream it writes in a /tmp/imageio*.tmp file, which a killed
    // process leaves behind; the images are small enough for memory.
    ImageIO.setUseCache(false);
  }

  public static final String KIND = "overview-png";
  public static final String SUFFIX = ".overview.png";
  /** Colour of ids that the spec does not name, class 0 included unless the spec names it. */
  public static final int UNNAMED_COLOUR = 0x000000;

  private final MaskSpec spec;
  private final Path target;
  private final MaskTileLedger ledger;
  private final ReducedLabelGrid labels;
  private boolean finished;
  private boolean closed;

  private OverviewPngWriter(MaskSpec spec, Path target, int maxSide) {
    this.spec = spec;
    this.target = target;
    this.ledger = new MaskTileLedger(spec);
    this.labels = new ReducedLabelGrid(spec.width(), spec.height(), maxSide);
  }

  /**
   * A writer of {@code <slideId>.overview.png} in {@code directory} whose longer side is at most
   * {@code maxSide} pixels (the mask is shrunk by a whole factor, never enlarged).
   */
  public static OverviewPngWriter open(MaskSpec spec, Path directory, int maxSide) {
    if (maxSide < 1 || maxSide > 16_384) {
      throw new IllegalArgumentException("overview side must be 1..16384, got " + maxSide);
    }
    return new OverviewPngWriter(spec, directory.resolve(OutputFileName.of(spec.slideId(), SUFFIX)), maxSide);
  }

  /** Mask pixels per overview pixel along each axis. */
  public long factor() {
    return labels.factor();
  }

  public int width() {
    return labels.width();
  }

  public int height() {
    return labels.height();
  }

  @Override
  public void writeTile(int col, int row, LabelRaster tile) {
    checkOpen();
    ledger.accept(col, row, tile);
    labels.put((long) col * spec.tileSize(), (long) row * spec.tileSize(), tile);
  }

  @Override
  public List<MaskOutput> finish() throws IOException {
    checkOpen();
    BufferedImage img = new BufferedImage(labels.width(), labels.height(), BufferedImage.TYPE_BYTE_INDEXED,
        palette(spec.classes()));
    byte[] pixels = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    System.arraycopy(labels.cells(), 0, pixels, 0, pixels.length);
    try (PendingFile f = PendingFile.create(target)) {
      try (OutputStream out = f.outputStream()) {
        if (!ImageIO.write(img, "png", out)) {
          throw new IllegalStateException("the JDK has no PNG writer");
        }
      }
      PublishedFile p = f.publish();
      finished = true;
      return List.of(new MaskOutput(KIND, p.file(), p.bytes(), p.sha256()));
    }
  }

  /** 256 entries: each class's colour at its id, {@link #UNNAMED_COLOUR} elsewhere. */
  static IndexColorModel palette(List<LabelClass> classes) {
    byte[] r = new byte[256];
    byte[] g = new byte[256];
    byte[] b = new byte[256];
    for (int i = 0; i < 256; i++) {
      r[i] = (byte) (UNNAMED_COLOUR >> 16);
      g[i] = (byte) (UNNAMED_COLOUR >> 8);
      b[i] = (byte) UNNAMED_COLOUR;
    }
    for (LabelClass c : classes) {
      r[c.id()] = (byte) (c.rgb() >> 16);
      g[c.id()] = (byte) (c.rgb() >> 8);
      b[c.id()] = (byte) c.rgb();
    }
    return new IndexColorModel(8, 256, r, g, b);
  }

  private void checkOpen() {
    if (finished || closed) {
      throw new IllegalStateException("overview of " + spec.slideId() + " is already " + (finished ? "finished" : "closed"));
    }
  }

  /** Nothing is on disk before {@link #finish()}; closing just drops the overview. */
  @Override
  public void close() {
    closed = true;
  }
}
