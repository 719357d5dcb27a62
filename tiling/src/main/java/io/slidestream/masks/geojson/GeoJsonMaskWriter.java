package io.slidestream.masks.geojson;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.slidestream.images.LabelClass;
import io.slidestream.images.LabelRaster;
import io.slidestream.masks.MaskOutput;
import io.slidestream.masks.MaskSpec;
import io.slidestream.masks.MaskWriter;
import io.slidestream.masks.geojson.internals.LabelContours;
import io.slidestream.masks.reduced.ReducedLabelGrid;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a slide's predicted labels as class outlines in QuPath GeoJSON: a FeatureCollection with
 * <b>one Feature per class</b> present (class 0, background, is not exported), its geometry a
 * MultiPolygon with holes in slide level-0 pixel coordinates, and properties
 * {@code objectType = "annotation"}, {@code name} and {@code classification = {name, color: [r, g, b]}}
 * as QuPath reads them, plus {@code measurements} with the area in level-0 px² and, when the
 * resolution is known, µm². One feature per class is what QuPath's pixel classifier creates
 * without "split"; a user splits it in QuPath if they want regions.
 *
 * <p>Tiles are kept in a {@link ReducedLabelGrid} (longest side at most
 * {@link GeoJsonMaskOptions#maxSide()}; exact when the mask fits), so memory is bounded whatever
 * the slide. {@link #finish()} traces each class's regions on the pixel grid
 * ({@link LabelContours}: exact outlines with holes and correct nesting), simplifies them with
 * JTS's topology-preserving simplifier at {@link GeoJsonMaskOptions#simplifyTolerance()} cells,
 * scales them by {@code spec.downsample() × factor} to level 0 and writes the file aside, then
 * moves it into place atomically as {@code <slideId>.geojson}.
 */
public final class GeoJsonMaskWriter implements MaskWriter {

  private static final Logger LOG = LoggerFactory.getLogger(GeoJsonMaskWriter.class);
  // The file is flushed and forced to disk after the JSON is complete, so the generator must not close it.
  private static final JsonFactory JSON = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();
  private static final GeometryFactory GF = new GeometryFactory();

  private final MaskSpec spec;
  private final Path directory;
  private final GeoJsonMaskOptions options;
  private final BitSet written;
  private ReducedLabelGrid grid;
  private boolean finished;

  public GeoJsonMaskWriter(MaskSpec spec, Path directory, GeoJsonMaskOptions options) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.directory = Objects.requireNonNull(directory, "directory");
    this.options = Objects.requireNonNull(options, "options");
    this.written = new BitSet();
    this.grid = new ReducedLabelGrid(spec.width(), spec.height(), options.maxSide());
  }

  /** The file {@link #finish()} publishes. */
  public Path target() {
    return directory.resolve(fileName(spec.slideId()));
  }

  /** Mask pixels per kept cell (1 when the mask is kept exactly). */
  public int reduction() {
    return grid == null ? 0 : grid.factor();
  }

  @Override
  public void writeTile(int col, int row, LabelRaster tile) {
    if (grid == null) {
      throw new IllegalStateException(finished ? "already finished" : "closed");
    }
    if (col < 0 || row < 0 || col >= spec.columns() || row >= spec.rows()) {
      throw new IllegalArgumentException("tile (" + col + ", " + row + ") outside the " + spec.columns() + "x"
          + spec.rows() + " grid");
    }
    if (tile.width() != spec.tileWidth(col) || tile.height() != spec.tileHeight(row)) {
      throw new IllegalArgumentException("tile (" + col + ", " + row + ") is " + tile.width() + "x" + tile.height()
          + ", expected " + spec.tileWidth(col) + "x" + spec.tileHeight(row));
    }
    int index = row * spec.columns() + col;
    if (written.get(index)) {
      throw new IllegalStateException("tile (" + col + ", " + row + ") was already written");
    }
    written.set(index);
    grid.put((long) col * spec.tileSize(), (long) row * spec.tileSize(), tile);
  }

  @Override
  public List<MaskOutput> finish() throws IOException {
    if (grid == null) {
      throw new IllegalStateException(finished ? "already finished" : "closed");
    }
    Path target = target();
    // Beside the target (same file system, so the move is atomic), hidden, and with the default
    // permissions a published file should have (createTempFile would make it owner-only).
    Path tmp = directory.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      MessageDigest sha = sha256();
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          OutputStream out = new DigestOutputStream(new BufferedOutputStream(
              Channels.newOutputStream(ch), 1 << 16), sha)) {
        writeFeatures(out);
        out.flush();
        ch.force(true);
      }
      long bytes = Files.size(tmp);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      finished = true;
      grid = null;
      return List.of(new MaskOutput(GeoJsonMaskWriterProvider.NAME, target, bytes,
          HexFormat.of().formatHex(sha.digest())));
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private void writeFeatures(OutputStream out) throws IOException {
    long[] counts = new long[256];
    for (byte b : grid.cells()) {
      counts[b & 0xff]++;
    }
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeStringField("type", "FeatureCollection");
      g.writeArrayFieldStart("features");
      for (int c = 1; c < 256; c++) {
        if (counts[c] > 0) {
          writeFeature(g, c);
        }
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  private void writeFeature(JsonGenerator g, int c) throws IOException {
    MultiPolygon exact = LabelContours.polygons(grid.cells(), grid.width(), grid.height(), c, GF);
    Geometry geometry = toLevel0(simplify(exact, c));
    LabelClass cls = LabelClass.byId(spec.classes(), c);
    g.writeStartObject();
    g.writeStringField("type", "Feature");
    g.writeObjectFieldStart("geometry");
    g.writeStringField("type", "MultiPolygon");
    g.writeArrayFieldStart("coordinates");
    for (int p = 0; p < geometry.getNumGeometries(); p++) {
      Polygon poly = (Polygon) geometry.getGeometryN(p);
      g.writeStartArray();
      writeRing(g, poly.getExteriorRing());
      for (int h = 0; h < poly.getNumInteriorRing(); h++) {
        writeRing(g, poly.getInteriorRingN(h));
      }
      g.writeEndArray();
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeObjectFieldStart("properties");
    g.writeStringField("objectType", "annotation");
    g.writeStringField("name", cls.name());
    g.writeObjectFieldStart("classification");
    g.writeStringField("name", cls.name());
    g.writeArrayFieldStart("color");
    g.writeNumber(cls.rgb() >>> 16 & 0xff);
    g.writeNumber(cls.rgb() >>> 8 & 0xff);
    g.writeNumber(cls.rgb() & 0xff);
    g.writeEndArray();
    g.writeEndObject();
    g.writeBooleanField("isLocked", false);
    g.writeObjectFieldStart("measurements");
    double area = geometry.getArea();
    g.writeNumberField("Area px^2", round(area));
    if (Double.isFinite(spec.micronsPerPixel())) {
      double micronsPerLevel0Pixel = spec.micronsPerPixel() / spec.downsample();
      g.writeNumberField("Area µm^2", round(area * micronsPerLevel0Pixel * micronsPerLevel0Pixel));
    }
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndObject();
  }

  /**
   * Topology-preserving simplification; should its result not be valid (it can pinch rings that
   * touch at a corner), half the tolerance is tried, three times, and then the exact outlines.
   */
  private Geometry simplify(MultiPolygon exact, int c) {
    double tol = options.simplifyTolerance();
    for (int attempt = 0; attempt < 4 && tol > 0; attempt++, tol /= 2) {
      // A single polygon comes back as a Polygon rather than a one-part MultiPolygon.
      Geometry s = TopologyPreservingSimplifier.simplify(exact, tol);
      if (s instanceof Polygonal && s.getNumGeometries() == exact.getNumGeometries() && IsValidOp.isValid(s)) {
        return s;
      }
      LOG.debug("class {}: simplification at tolerance {} gave an invalid outline; trying {}", c, tol, tol / 2);
    }
    return exact;
  }

  /** Cells to level-0 pixels: × reduction factor (clamped to the mask edge) × mask downsample. */
  private Geometry toLevel0(Geometry g) {
    Geometry copy = g.copy();
    double factor = grid.factor();
    double w = spec.width();
    double h = spec.height();
    double d = spec.downsample();
    copy.apply(new CoordinateSequenceFilter() {
      @Override
      public void filter(CoordinateSequence seq, int i) {
        seq.setOrdinate(i, 0, Math.min(seq.getX(i) * factor, w) * d);
        seq.setOrdinate(i, 1, Math.min(seq.getY(i) * factor, h) * d);
      }

      @Override
      public boolean isDone() {
        return false;
      }

      @Override
      public boolean isGeometryChanged() {
        return true;
      }
    });
    return copy;
  }

  private static void writeRing(JsonGenerator g, LineString ring) throws IOException {
    CoordinateSequence seq = ring.getCoordinateSequence();
    g.writeStartArray();
    for (int i = 0; i < seq.size(); i++) {
      g.writeStartArray();
      writeCoordinate(g, seq.getX(i));
      writeCoordinate(g, seq.getY(i));
      g.writeEndArray();
    }
    g.writeEndArray();
  }

  private static void writeCoordinate(JsonGenerator g, double v) throws IOException {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      g.writeNumber((long) v);
    } else {
      g.writeNumber(round(v));
    }
  }

  /** Millipixel precision: far below what a viewer shows, and it keeps files compact. */
  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** Slide ids become file names: anything but letters, digits, '.', '-' and '_' is replaced. */
  static String fileName(String slideId) {
    String safe = slideId.replaceAll("[^A-Za-z0-9._-]", "_");
    if (safe.isEmpty() || safe.startsWith(".")) {
      safe = "_" + safe;
    }
    return safe + ".geojson";
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  @Override
  public void close() {
    // Nothing is on disk before finish(), which removes its own temporary file; drop the grid.
    grid = null;
  }
}
