package io.slidestream.images.readers.synthetic;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.slidestream.files.PendingFile;
import io.slidestream.files.PublishedFile;
import io.slidestream.images.LabelClass;
import io.slidestream.images.LabelRaster;
import io.slidestream.images.readers.synthetic.internals.PolygonRasterizer;
import io.slidestream.images.writers.OutputFileName;
import io.slidestream.masks.MaskOutput;
import io.slidestream.masks.MaskSpec;
import io.slidestream.masks.tiff.MaskTiffWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/**
 * The truth that comes with a synthetic slide, written tile by tile with bounded memory:
 * the dense label mask, the simulated sparse annotations as QuPath GeoJSON, and the same
 * annotations as a sparse label mask (0 = not annotated). Masks are {@code mask-tiff} files at a
 * whole downsample of level 0, class ids as in {@link SyntheticClasses}.
 */
public final class SyntheticGroundTruth {

  private static final int MASK_TILE = 512;

  private SyntheticGroundTruth() {}

  /** The grid of a mask of the slide at {@code downsample}. */
  public static MaskSpec maskSpec(SyntheticSlide slide, String id, int downsample, boolean sparse) {
    if (downsample < 1) {
      throw new IllegalArgumentException("downsample must be a positive integer, got " + downsample);
    }
    SyntheticSlideSpec s = slide.spec();
    return new MaskSpec(id, (s.width() + downsample - 1) / downsample, (s.height() + downsample - 1) / downsample,
        MASK_TILE, s.micronsPerPixel() * downsample, downsample,
        sparse ? SyntheticClasses.WITH_UNANNOTATED : SyntheticClasses.CLASSES);
  }

  /**
   * Writes {@code <id>.mask.tif}: every pixel the class at the centre of the level-0 block it
   * stands for ({@link SyntheticSlide#labels}).
   */
  public static MaskOutput writeDenseMask(SyntheticSlide slide, Path directory, String id, int downsample)
      throws IOException {
    MaskSpec spec = maskSpec(slide, id, downsample, false);
    try (MaskTiffWriter w = MaskTiffWriter.open(spec, directory, 6)) {
      for (int row = 0; row < spec.rows(); row++) {
        for (int col = 0; col < spec.columns(); col++) {
          w.writeTile(col, row, denseTile(slide, spec, col, row));
        }
      }
      return w.finish().get(0);
    }
  }

  /** One tile of the dense mask of {@code spec}'s grid. */
  public static LabelRaster denseTile(SyntheticSlide slide, MaskSpec spec, int col, int row) {
    int d = (int) spec.downsample();
    long ts = spec.tileSize();
    return slide.labels(d, col * ts * d, row * ts * d, spec.tileWidth(col), spec.tileHeight(row));
  }

  /**
   * One tile of the sparse mask: a pixel takes an annotation's class when its centre, at level-0
   * (x·d + d/2 + 0.5, y·d + d/2 + 0.5), lies inside the annotation; elsewhere 0. That point lies in
   * the class cell the dense mask samples, so sparse and dense labels agree wherever both are set.
   */
  public static LabelRaster sparseTile(SyntheticAnnotations annotations, MaskSpec spec, int col, int row) {
    int d = (int) spec.downsample();
    int w = spec.tileWidth(col);
    int h = spec.tileHeight(row);
    LabelRaster out = LabelRaster.create(w, h);
    long x0 = (long) col * spec.tileSize() * d;
    long y0 = (long) row * spec.tileSize() * d;
    Envelope region = new Envelope(x0, x0 + (long) w * d, y0, y0 + (long) h * d);
    for (SyntheticAnnotation a : annotations.near(region)) {
      new PolygonRasterizer(a.polygon()).fill(x0 + d / 2 + 0.5, y0 + d / 2 + 0.5, d, w, h, out.data(), (byte) a.classId());
    }
    return out;
  }

  /** Writes {@code <id>.mask.tif} with the annotations rasterised (0 where nothing is annotated). */
  public static MaskOutput writeSparseMask(SyntheticSlide slide, Path directory, String id, int downsample)
      throws IOException {
    MaskSpec spec = maskSpec(slide, id, downsample, true);
    SyntheticAnnotations annotations = new SyntheticAnnotations(slide);
    try (MaskTiffWriter w = MaskTiffWriter.open(spec, directory, 6)) {
      for (int row = 0; row < spec.rows(); row++) {
        for (int col = 0; col < spec.columns(); col++) {
          LabelRaster tile = sparseTile(annotations, spec, col, row);
          if (!isAllZero(tile)) {
            w.writeTile(col, row, tile);
          }
        }
      }
      return w.finish().get(0);
    }
  }

  private static boolean isAllZero(LabelRaster r) {
    for (byte b : r.data()) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Writes the annotations as a QuPath-readable GeoJSON FeatureCollection, {@code <id>.geojson}:
   * Polygon geometries in level-0 pixels, {@code objectType "annotation"} and a classification with
   * the class name and colour. Streams: one grid cell of annotations in memory at a time.
   */
  public static PublishedFile writeGeoJson(SyntheticSlide slide, Path directory, String id) throws IOException {
    Path target = directory.resolve(OutputFileName.of(id, ".geojson"));
    try (PendingFile f = PendingFile.create(target)) {
      try (OutputStream out = f.outputStream();
           JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
        g.writeStartObject();
        g.writeStringField("type", "FeatureCollection");
        g.writeArrayFieldStart("features");
        new SyntheticAnnotations(slide).forEach(a -> writeFeature(g, a));
        g.writeEndArray();
        g.writeEndObject();
      }
      return f.publish();
    }
  }

  private static void writeFeature(JsonGenerator g, SyntheticAnnotation a) {
    LabelClass c = SyntheticClasses.byId(a.classId());
    try {
      g.writeStartObject();
      g.writeStringField("type", "Feature");
      g.writeStringField("id", a.id());
      g.writeObjectFieldStart("geometry");
      g.writeStringField("type", "Polygon");
      g.writeArrayFieldStart("coordinates");
      writeRing(g, a.polygon().getExteriorRing());
      for (int i = 0; i < a.polygon().getNumInteriorRing(); i++) {
        writeRing(g, a.polygon().getInteriorRingN(i));
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeObjectFieldStart("properties");
      g.writeStringField("objectType", "annotation");
      g.writeObjectFieldStart("classification");
      g.writeStringField("name", c.name());
      g.writeArrayFieldStart("color");
      g.writeNumber(c.rgb() >> 16 & 0xff);
      g.writeNumber(c.rgb() >> 8 & 0xff);
      g.writeNumber(c.rgb() & 0xff);
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeRing(JsonGenerator g, LineString ring) throws IOException {
    g.writeStartArray();
    for (Coordinate p : ring.getCoordinates()) {
      g.writeStartArray();
      g.writeNumber(p.x);
      g.writeNumber(p.y);
      g.writeEndArray();
    }
    g.writeEndArray();
  }
}
