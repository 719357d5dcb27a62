package io.slidestream.masks.tiff;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slidestream.files.PublishedFile;
import io.slidestream.images.LabelClass;
import io.slidestream.images.LabelRaster;
import io.slidestream.images.writers.OutputFileName;
import io.slidestream.images.writers.tiff.BigTiffWriter;
import io.slidestream.images.writers.tiff.TiffPage;
import io.slidestream.images.writers.tiff.TileFormat;
import io.slidestream.masks.MaskOutput;
import io.slidestream.masks.MaskSpec;
import io.slidestream.masks.MaskWriter;
import io.slidestream.masks.ledger.MaskTileLedger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The label mask as a pyramidal BigTIFF: one byte a pixel (the class id), Deflate-compressed
 * tiles of the spec's tile size, level 0 on the mask grid and each further level half the
 * previous until one tile holds it. Reduced levels take the {@linkplain MajorityReducer majority
 * label} of each 2×2 block and are built on {@link #finish()} from level 0 as stored in the file,
 * four source tiles at a time, so memory does not depend on the mask size. Tiles never written
 * are class 0, stored once and shared. Opens in OpenSlide (generic-tiff) with every level.
 */
public final class MaskTiffWriter implements MaskWriter {

  public static final String KIND = "mask-tiff";
  public static final String SUFFIX = ".mask.tif";

  private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  private final MaskSpec spec;
  private final BigTiffWriter tiff;
  private final MaskTileLedger ledger;
  private boolean finished;

  private MaskTiffWriter(MaskSpec spec, BigTiffWriter tiff) {
    this.spec = spec;
    this.tiff = tiff;
    this.ledger = new MaskTileLedger(spec);
  }

  /**
   * Starts the mask file {@code <slideId>.mask.tif} in {@code directory}.
   *
   * @param deflateLevel zlib level 1..9 (6 is a good default; labels compress well at any level)
   */
  public static MaskTiffWriter open(MaskSpec spec, Path directory, int deflateLevel) throws IOException {
    Path target = directory.resolve(OutputFileName.of(spec.slideId(), SUFFIX));
    return new MaskTiffWriter(spec, BigTiffWriter.create(target, pages(spec, deflateLevel), "Slidestream"));
  }

  /** Level 0 and its halvings down to one tile, all sharing the tile size and class 0 background. */
  static List<TiffPage> pages(MaskSpec spec, int deflateLevel) {
    TileFormat format = new TileFormat.Deflate(deflateLevel, false);
    List<TiffPage> pages = new ArrayList<>();
    long w = spec.width();
    long h = spec.height();
    double mpp = spec.micronsPerPixel();
    double mppY = spec.micronsPerPixelY();
    String description = description(spec);
    pages.add(new TiffPage(w, h, spec.tileSize(), format, false, description, mpp, 0, mppY));
    while (w > spec.tileSize() || h > spec.tileSize()) {
      w = (w + 1) / 2;
      h = (h + 1) / 2;
      mpp *= 2;
      mppY *= 2;
      pages.add(new TiffPage(w, h, spec.tileSize(), format, true, null, mpp, 0, mppY));
    }
    return pages;
  }

  /** Machine-readable and ASCII, so that the mask explains its own labels. */
  private static String description(MaskSpec spec) {
    ObjectNode d = JSON.createObjectNode();
    d.put("type", "slidestream-label-mask");
    d.put("slideId", spec.slideId());
    d.put("downsample", spec.downsample());
    if (!Double.isNaN(spec.micronsPerPixel())) {
      d.put("micronsPerPixel", spec.micronsPerPixel());
      if (spec.micronsPerPixelY() != spec.micronsPerPixel()) {
        d.put("micronsPerPixelY", spec.micronsPerPixelY());
      }
    }
    ArrayNode classes = d.putArray("classes");
    for (LabelClass c : spec.classes()) {
      classes.addObject().put("id", c.id()).put("name", c.name()).put("color", String.format("#%06x", c.rgb()));
    }
    try {
      return JSON.writeValueAsString(d);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int levelCount() {
    return tiff.pages().size();
  }

  @Override
  public void writeTile(int col, int row, LabelRaster tile) throws IOException {
    if (finished) {
      throw new IllegalStateException("mask " + spec.slideId() + " is already finished");
    }
    ledger.accept(col, row, tile);
    tiff.writeTile(0, col, row, tiff.page(0).fullTile(tile.data(), tile.width(), tile.height()));
  }

  @Override
  public List<MaskOutput> finish() throws IOException {
    if (finished) {
      throw new IllegalStateException("mask " + spec.slideId() + " is already finished");
    }
    for (int level = 1; level < tiff.pages().size(); level++) {
      reduceInto(level);
    }
    PublishedFile f = tiff.finish();
    finished = true;
    return List.of(new MaskOutput(KIND, f.file(), f.bytes(), f.sha256()));
  }

  /** Builds every tile of {@code level} from the four tiles of the level above it in the file. */
  private void reduceInto(int level) throws IOException {
    TiffPage src = tiff.page(level - 1);
    TiffPage dst = tiff.page(level);
    int t = dst.tileSize();
    byte[] block = new byte[4 * t * t];
    byte[] out = new byte[t * t];
    for (int row = 0; row < dst.rows(); row++) {
      for (int col = 0; col < dst.columns(); col++) {
        boolean any = false;
        for (int dy = 0; dy < 2; dy++) {
          for (int dx = 0; dx < 2; dx++) {
            int sc = col * 2 + dx;
            int sr = row * 2 + dy;
            if (sc < src.columns() && sr < src.rows() && tiff.isWritten(level - 1, sc, sr)) {
              any = true;
              byte[] tile = tiff.readTile(level - 1, sc, sr);
              for (int y = 0; y < t; y++) {
                System.arraycopy(tile, y * t, block, (dy * t + y) * 2 * t + dx * t, t);
              }
            } else {
              for (int y = 0; y < t; y++) {
                Arrays.fill(block, (dy * t + y) * 2 * t + dx * t, (dy * t + y) * 2 * t + dx * t + t, (byte) 0);
              }
            }
          }
        }
        if (!any) {
          continue; // all class 0: left to the shared background block
        }
        int srcW = (int) Math.min(2L * t, src.width() - 2L * col * t);
        int srcH = (int) Math.min(2L * t, src.height() - 2L * row * t);
        Arrays.fill(out, (byte) 0);
        MajorityReducer.reduce(block, 2 * t, srcW, srcH, out, t);
        tiff.writeTile(level, col, row, out);
      }
    }
  }

  @Override
  public void close() {
    tiff.close();
  }
}
