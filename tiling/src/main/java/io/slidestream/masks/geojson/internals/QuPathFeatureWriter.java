package io.slidestream.masks.geojson.internals;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.slidestream.images.LabelClass;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/**
 * Streams a GeoJSON FeatureCollection of class outlines as QuPath reads annotations: per
 * feature a MultiPolygon, and properties {@code objectType = "annotation"}, {@code name},
 * {@code classification = {name, color: [r, g, b]}}, {@code isLocked} and {@code measurements}
 * (area in px² and, when known, µm²). Coordinates to a thousandth of a pixel. Closing ends the
 * collection but leaves the stream open, for the caller to publish.
 */
public final class QuPathFeatureWriter implements Closeable {

  private static final JsonFactory JSON = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  private final JsonGenerator g;

  /** Starts the collection. */
  public QuPathFeatureWriter(OutputStream out) throws IOException {
    g = JSON.createGenerator(out, JsonEncoding.UTF8);
    g.writeStartObject();
    g.writeStringField("type", "FeatureCollection");
    g.writeArrayFieldStart("features");
  }

  /**
   * Writes one class's outlines as a feature.
   *
   * @param polygons              a Polygon or MultiPolygon in level-0 pixels
   * @param squareMicronsPerPixel area of a level-0 pixel in µm², NaN when unknown (then left out)
   */
  public void feature(Geometry polygons, LabelClass cls, double squareMicronsPerPixel) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", "Feature");
    g.writeObjectFieldStart("geometry");
    g.writeStringField("type", "MultiPolygon");
    g.writeArrayFieldStart("coordinates");
    for (int p = 0; p < polygons.getNumGeometries(); p++) {
      Polygon poly = (Polygon) polygons.getGeometryN(p);
      g.writeStartArray();
      writeRing(poly.getExteriorRing());
      for (int h = 0; h < poly.getNumInteriorRing(); h++) {
        writeRing(poly.getInteriorRingN(h));
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
    double area = polygons.getArea();
    g.writeNumberField("Area px^2", round(area));
    if (Double.isFinite(squareMicronsPerPixel)) {
      g.writeNumberField("Area µm^2", round(area * squareMicronsPerPixel));
    }
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndObject();
  }

  private void writeRing(LineString ring) throws IOException {
    CoordinateSequence seq = ring.getCoordinateSequence();
    g.writeStartArray();
    for (int i = 0; i < seq.size(); i++) {
      g.writeStartArray();
      writeCoordinate(seq.getX(i));
      writeCoordinate(seq.getY(i));
      g.writeEndArray();
    }
    g.writeEndArray();
  }

  private void writeCoordinate(double v) throws IOException {
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

  /** Ends the collection and flushes; the stream stays open. */
  @Override
  public void close() throws IOException {
    g.writeEndArray();
    g.writeEndObject();
    g.close();
  }
}
