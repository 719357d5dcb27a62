package io.slidestream.masks.geojson;

import io.slidestream.files.PendingFile;
import io.slidestream.files.PublishedFile;
import io.slidestream.images.LabelClass;
import io.slidestream.images.LabelRaster;
import io.slidestream.images.writers.OutputFileName;
import io.slidestream.masks.MaskOutput;
import io.slidestream.masks.MaskSpec;
import io.slidestream.masks.MaskWriter;
import io.slidestream.masks.areas.PixelArea;
import io.slidestream.masks.geojson.internals.ClassOutlines;
import io.slidestream.masks.geojson.internals.QuPathFeatureWriter;
import io.slidestream.masks.ledger.MaskTileLedger;
import io.slidestream.masks.reduced.ReducedLabelGrid;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Writes a slide's predicted labels as class outlines in QuPath GeoJSON to
 * {@code <slideId>.geojson}: a FeatureCollection with <b>one Feature per class</b> present (class 0,
 * background, is not exported), its geometry a MultiPolygon with holes in slide level-0 pixel
 * coordinates, written by {@link QuPathFeatureWriter}. One feature per class is what QuPath's
 * pixel classifier creates without "split"; a user splits it in QuPath if they want regions.
 *
 * <p>Tiles are kept in a {@link ReducedLabelGrid} (longest side at most
 * {@link GeoJsonMaskOptions#maxSide()}; exact when the mask fits), so memory is bounded whatever
 * the slide. {@link #finish()} vectorises each class ({@link ClassOutlines}: exact outlines with
 * holes, simplified at {@link GeoJsonMaskOptions#simplifyTolerance()} cells, scaled to level 0)
 * and publishes the file through a {@link PendingFile}, as every mask writer does.
 */
public final class GeoJsonMaskWriter implements MaskWriter {

  public static final String SUFFIX = ".geojson";

  private final MaskSpec spec;
  private final Path target;
  private final GeoJsonMaskOptions options;
  private final MaskTileLedger ledger;
  private ReducedLabelGrid grid;
  private boolean finished;

  /**
   * @throws IllegalArgumentException when the slide id cannot name a file ({@link OutputFileName})
   */
  public GeoJsonMaskWriter(MaskSpec spec, Path directory, GeoJsonMaskOptions options) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.target = Objects.requireNonNull(directory, "directory").resolve(OutputFileName.of(spec.slideId(), SUFFIX));
    this.options = Objects.requireNonNull(options, "options");
    this.ledger = new MaskTileLedger(spec);
    this.grid = new ReducedLabelGrid(spec.width(), spec.height(), options.maxSide());
  }

  /** The file {@link #finish()} publishes. */
  public Path target() {
    return target;
  }

  /** Mask pixels per kept cell (1 when the mask is kept exactly). */
  public int reduction() {
    return grid == null ? 0 : grid.factor();
  }

  @Override
  public void writeTile(int col, int row, LabelRaster tile) {
    checkOpen();
    ledger.check(col, row, tile);
    grid.put((long) col * spec.tileSize(), (long) row * spec.tileSize(), tile);
    ledger.record(col, row);
  }

  @Override
  public List<MaskOutput> finish() throws IOException {
    checkOpen();
    ClassOutlines outlines = new ClassOutlines(grid, spec.width(), spec.height(), spec.downsample(),
        options.simplifyTolerance());
    double squareMicrons = PixelArea.squareMicronsPerLevel0Pixel(spec);
    try (PendingFile f = PendingFile.create(target)) {
      try (OutputStream out = f.outputStream(); QuPathFeatureWriter json = new QuPathFeatureWriter(out)) {
        for (int c : outlines.classesPresent()) {
          json.feature(outlines.outline(c), LabelClass.byId(spec.classes(), c), squareMicrons);
        }
      }
      PublishedFile p = f.publish();
      finished = true;
      grid = null;
      return List.of(new MaskOutput(GeoJsonMaskWriterProvider.NAME, p.file(), p.bytes(), p.sha256()));
    }
  }

  private void checkOpen() {
    if (grid == null) {
      throw new IllegalStateException("GeoJSON mask of " + spec.slideId() + " is already "
          + (finished ? "finished" : "closed"));
    }
  }

  /** Nothing is on disk before {@link #finish()}, which removes its own temporary file; drops the grid. */
  @Override
  public void close() {
    grid = null;
  }
}
