package io.slidestream.masks.areas;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.slidestream.files.PendingFile;
import io.slidestream.files.PublishedFile;
import io.slidestream.images.LabelClass;
import io.slidestream.images.LabelRaster;
import io.slidestream.images.writers.OutputFileName;
import io.slidestream.masks.MaskOutput;
import io.slidestream.masks.MaskSpec;
import io.slidestream.masks.MaskWriter;
import io.slidestream.masks.ledger.MaskTileLedger;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts the pixels of each class as tiles arrive (256 counters, whatever the slide) and writes
 * them with their areas in µm² to {@code <slideId>.areas.json}. Area never written counts as
 * class 0. {@link #areas()} gives the same numbers as a value once finished.
 */
public final class ClassAreasWriter implements MaskWriter {

  public static final String KIND = "areas-json";
  public static final String SUFFIX = ".areas.json";

  private final MaskSpec spec;
  private final Path target;
  private final MaskTileLedger ledger;
  private final long[] counts = new long[256];
  private ClassAreas result;
  private boolean closed;

  private ClassAreasWriter(MaskSpec spec, Path target) {
    this.spec = spec;
    this.target = target;
    this.ledger = new MaskTileLedger(spec);
  }

  public static ClassAreasWriter open(MaskSpec spec, Path directory) {
    return new ClassAreasWriter(spec, directory.resolve(OutputFileName.of(spec.slideId(), SUFFIX)));
  }

  @Override
  public void writeTile(int col, int row, LabelRaster tile) {
    checkOpen();
    ledger.accept(col, row, tile);
    byte[] d = tile.data();
    long[] c = counts;
    for (byte b : d) {
      c[b & 0xff]++;
    }
  }

  /** The numbers so far (class 0 including all area not yet written). */
  public ClassAreas tally() {
    long total = spec.width() * spec.height();
    long[] n = counts.clone();
    n[0] += total - ledger.pixelsCovered();
    double mpp = spec.micronsPerPixel();
    double area = PixelArea.squareMicrons(spec);
    Double pixelArea = Double.isNaN(area) ? null : area;
    boolean[] named = new boolean[256];
    for (LabelClass c : spec.classes()) {
      named[c.id()] = true;
    }
    List<ClassArea> classes = new ArrayList<>();
    for (int id = 0; id < 256; id++) {
      if (named[id] || n[id] > 0) {
        classes.add(new ClassArea(id, LabelClass.byId(spec.classes(), id).name(), n[id], (double) n[id] / total,
            pixelArea == null ? null : n[id] * pixelArea));
      }
    }
    return new ClassAreas(spec.slideId(), spec.width(), spec.height(), Double.isNaN(mpp) ? null : mpp, pixelArea,
        total, classes);
  }

  /** The published numbers; only after {@link #finish()}. */
  public ClassAreas areas() {
    if (result == null) {
      throw new IllegalStateException("areas of " + spec.slideId() + " are known after finish()");
    }
    return result;
  }

  @Override
  public List<MaskOutput> finish() throws IOException {
    checkOpen();
    ClassAreas areas = tally();
    try (PendingFile f = PendingFile.create(target)) {
      try (OutputStream out = f.outputStream()) {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out, areas);
      }
      PublishedFile p = f.publish();
      result = areas;
      return List.of(new MaskOutput(KIND, p.file(), p.bytes(), p.sha256()));
    }
  }

  private void checkOpen() {
    if (result != null || closed) {
      throw new IllegalStateException("areas of " + spec.slideId() + " are already " + (closed ? "closed" : "finished"));
    }
  }

  /** Nothing is on disk before {@link #finish()}. */
  @Override
  public void close() {
    closed = true;
  }
}
