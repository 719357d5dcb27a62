package io.slidestream.annotations.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slidestream.annotations.AnnotationException;
import io.slidestream.annotations.PolygonAnnotation;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads area annotations from QuPath GeoJSON: a FeatureCollection, a bare array of Features, or a
 * single Feature, in slide level-0 pixel coordinates. Features are streamed one at a time, so a
 * collection of many thousands is never held as one JSON tree.
 *
 * <ul>
 *   <li>Class: {@code properties.classification.name} (or QuPath 0.5's {@code names} list, or a
 *       plain string). A derived class "Tumor: Positive" is offered to the protocol as
 *       "Tumor: Positive", then "Tumor". No classification: an unclassified annotation.</li>
 *   <li>Object type: {@code properties.objectType} (QuPath ≥ 0.3), else a top-level
 *       {@code objectType}, else QuPath 0.2's top-level {@code id} ("PathAnnotationObject", …);
 *       none at all (GeoJSON from other tools) counts as an annotation. Annotations are read;
 *       detections, cells and tiles are model output rather than ground truth, so they are
 *       skipped unless {@link Options#includeDetections()}; anything else (TMA cores, root) is
 *       skipped.</li>
 *   <li>Geometry: Polygon and MultiPolygon with holes, and the polygons inside a
 *       GeometryCollection. Points and lines carry no area and are skipped, as are features with a
 *       null geometry. Every polygon is checked with JTS {@code IsValidOp}.</li>
 * </ul>
 * Errors are {@link AnnotationException} subtypes naming the file, feature index and name.
 */
public final class GeoJsonAnnotationReader {

  private static final Logger LOG = LoggerFactory.getLogger(GeoJsonAnnotationReader.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** @param includeDetections also read QuPath detections, cells and tiles as area annotations */
  public record Options(boolean includeDetections) {
    public static Options defaults() {
      return new Options(false);
    }
  }

  private final Options options;

  public GeoJsonAnnotationReader() {
    this(Options.defaults());
  }

  public GeoJsonAnnotationReader(Options options) {
    this.options = options;
  }

  public List<PolygonAnnotation> read(Path file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      return read(in, file.getFileName().toString());
    }
  }

  /** Reads from a stream; {@code origin} names it in messages. */
  public List<PolygonAnnotation> read(InputStream in, String origin) throws IOException {
    List<PolygonAnnotation> out = new ArrayList<>();
    int[] skipped = new int[1];
    try (JsonParser p = MAPPER.createParser(in)) {
      JsonToken t = p.nextToken();
      int index = 0;
      if (t == JsonToken.START_ARRAY) {
        index = readFeatures(p, origin, out, skipped);
      } else if (t == JsonToken.START_OBJECT) {
        ObjectNode rest = MAPPER.createObjectNode();
        boolean sawFeatures = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken v = p.nextToken();
          if ("features".equals(field)) {
            if (v != JsonToken.START_ARRAY) {
              throw new AnnotationException.Malformed(origin + ": 'features' must be an array, got " + v);
            }
            index = readFeatures(p, origin, out, skipped);
            sawFeatures = true;
          } else {
            rest.set(field, MAPPER.readTree(p));
          }
        }
        String type = rest.path("type").asText(null);
        if (sawFeatures) {
          if (type != null && !"FeatureCollection".equals(type)) {
            throw new AnnotationException.Malformed(origin + ": an object with 'features' must have type"
                + " 'FeatureCollection', not '" + type + "'");
          }
        } else if ("Feature".equals(type)) {
          feature(rest, 0, origin, out, skipped);
          index = 1;
        } else if ("FeatureCollection".equals(type)) {
          throw new AnnotationException.Malformed(origin + ": FeatureCollection without a 'features' array");
        } else {
          throw new AnnotationException.Malformed(origin + ": top-level GeoJSON type is "
              + (type == null ? "missing" : "'" + type + "'") + "; expected a FeatureCollection, a Feature or an"
              + " array of Features");
        }
      } else {
        throw new AnnotationException.Malformed(origin + ": not a GeoJSON object or array (starts with " + t + ")");
      }
      if (p.nextToken() != null) {
        throw new AnnotationException.Malformed(origin + ": unexpected content after the GeoJSON value at line "
            + p.currentLocation().getLineNr());
      }
      if (skipped[0] > 0) {
        LOG.debug("{}: read {} area annotations of {} features, skipped {}", origin, out.size(), index, skipped[0]);
      }
      return out;
    } catch (JsonProcessingException e) {
      throw new AnnotationException.Malformed(origin + ": malformed JSON at line " + e.getLocation().getLineNr()
          + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
    }
  }

  /** Reads an array of features, the parser positioned on its start; returns how many. */
  private int readFeatures(JsonParser p, String origin, List<PolygonAnnotation> out, int[] skipped) throws IOException {
    int index = 0;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == null) {
        throw new AnnotationException.Malformed(origin + ": the features array is not closed");
      }
      feature(MAPPER.readTree(p), index++, origin, out, skipped);
    }
    return index;
  }

  private void feature(JsonNode f, int index, String origin, List<PolygonAnnotation> out, int[] skipped) {
    String at = origin + ": feature " + index;
    if (!f.isObject()) {
      throw new AnnotationException.Malformed(at + " is not a JSON object");
    }
    JsonNode type = f.get("type");
    if (type == null || !"Feature".equals(type.asText())) {
      throw new AnnotationException.Malformed(at + " has type " + (type == null ? "missing" : "'" + type.asText()
          + "'") + "; expected 'Feature'");
    }
    JsonNode props = f.get("properties");
    if (props != null && !props.isNull() && !props.isObject()) {
      throw new AnnotationException.Malformed(at + ": 'properties' must be an object");
    }
    if (props == null || props.isNull()) {
      props = MAPPER.createObjectNode();
    }
    JsonNode nameNode = props.get("name");
    String where = nameNode != null && nameNode.isTextual() ? at + " '" + nameNode.asText() + "'" : at;
    if (!wanted(objectType(f, props))) {
      skipped[0]++;
      return;
    }
    List<String> classNames = classNames(props.get("classification"), where);
    JsonNode g = f.get("geometry");
    if (g == null || g.isNull()) {
      skipped[0]++;
      return;
    }
    List<Polygon> polygons = new ArrayList<>();
    geometry(g, where, polygons, "geometry");
    if (polygons.isEmpty()) {
      skipped[0]++;
      return;
    }
    Geometry geom = polygons.size() == 1 && "Polygon".equals(g.path("type").asText())
        ? polygons.get(0)
        : PolygonChecks.FACTORY.createMultiPolygon(polygons.toArray(new Polygon[0]));
    out.add(new PolygonAnnotation(where, classNames, PolygonChecks.valid(geom, where)));
  }

  /** The QuPath object type, lower case, or null when the feature does not say. */
  private static String objectType(JsonNode f, JsonNode props) {
    JsonNode t = props.get("objectType");
    if (t == null || !t.isTextual()) {
      t = f.get("objectType");
    }
    if (t != null && t.isTextual()) {
      return t.asText().toLowerCase(Locale.ROOT);
    }
    JsonNode legacy = f.get("id");
    if (legacy != null && legacy.isTextual()) {
      switch (legacy.asText()) {
        case "PathAnnotationObject":
          return "annotation";
        case "PathDetectionObject":
          return "detection";
        case "PathCellObject":
          return "cell";
        case "PathTileObject":
          return "tile";
        case "TMACoreObject":
          return "tma_core";
        default:
          return null; // a UUID in QuPath 0.3 and later
      }
    }
    return null;
  }

  private boolean wanted(String objectType) {
    if (objectType == null || objectType.equals("annotation")) {
      return true;
    }
    return switch (objectType) {
      case "detection", "cell", "tile" -> options.includeDetections();
      default -> false;
    };
  }

  /** Class names, most specific first; empty for an unclassified annotation. */
  private static List<String> classNames(JsonNode c, String where) {
    if (c == null || c.isNull()) {
      return List.of();
    }
    String full;
    if (c.isTextual()) {
      full = c.asText();
    } else if (c.isObject()) {
      JsonNode name = c.get("name");
      JsonNode names = c.get("names");
      if (name != null && name.isTextual()) {
        full = name.asText();
      } else if (names != null && names.isArray() && names.size() > 0) {
        List<String> parts = new ArrayList<>();
        for (JsonNode n : names) {
          if (!n.isTextual()) {
            throw new AnnotationException.Malformed(where + ": classification.names must hold strings");
          }
          parts.add(n.asText());
        }
        full = String.join(": ", parts);
      } else {
        return List.of();
      }
    } else {
      throw new AnnotationException.Malformed(where + ": 'classification' must be an object or a string");
    }
    // A derived QuPath class "A: B" falls back to its base class "A".
    List<String> out = new ArrayList<>();
    String s = full;
    out.add(s);
    for (int cut = s.lastIndexOf(": "); cut > 0; cut = s.lastIndexOf(": ")) {
      s = s.substring(0, cut);
      out.add(s);
    }
    return out;
  }

  /** Adds the polygons of a geometry; points and lines add nothing. */
  private static void geometry(JsonNode g, String where, List<Polygon> out, String path) {
    if (!g.isObject()) {
      throw new AnnotationException.Malformed(where + ": " + path + " must be a GeoJSON geometry object");
    }
    String type = g.path("type").asText(null);
    if (type == null) {
      throw new AnnotationException.Malformed(where + ": " + path + " has no 'type'");
    }
    switch (type) {
      case "Polygon" -> out.add(polygon(coordinates(g, where, path), where, path, 0));
      case "MultiPolygon" -> {
        JsonNode polys = coordinates(g, where, path);
        for (int i = 0; i < polys.size(); i++) {
          out.add(polygon(polys.get(i), where, path + ".coordinates[" + i + "]", i));
        }
      }
      case "GeometryCollection" -> {
        JsonNode members = g.get("geometries");
        if (members == null || !members.isArray()) {
          throw new AnnotationException.Malformed(where + ": " + path + " (GeometryCollection) has no 'geometries' array");
        }
        for (int i = 0; i < members.size(); i++) {
          geometry(members.get(i), where, out, path + ".geometries[" + i + "]");
        }
      }
      case "Point", "MultiPoint", "LineString", "MultiLineString" -> {
        // No area to label.
      }
      default -> throw new AnnotationException.Malformed(where + ": " + path + " has unknown geometry type '" + type
          + "'");
    }
  }

  private static JsonNode coordinates(JsonNode g, String where, String path) {
    JsonNode c = g.get("coordinates");
    if (c == null || !c.isArray()) {
      throw new AnnotationException.Malformed(where + ": " + path + " (" + g.path("type").asText()
          + ") has no 'coordinates' array");
    }
    return c;
  }

  private static Polygon polygon(JsonNode rings, String where, String path, int polygonIndex) {
    if (!rings.isArray()) {
      throw new AnnotationException.Malformed(where + ": " + path + " must be an array of rings");
    }
    if (rings.isEmpty()) {
      throw new AnnotationException.InvalidGeometry(where + ": polygon " + polygonIndex + " has no rings");
    }
    LinearRing shell = null;
    LinearRing[] holes = new LinearRing[rings.size() - 1];
    for (int r = 0; r < rings.size(); r++) {
      String ringWhere = where + ": polygon " + polygonIndex + ", ring " + r + (r == 0 ? " (shell)" : " (hole)");
      JsonNode ring = rings.get(r);
      if (!ring.isArray()) {
        throw new AnnotationException.Malformed(ringWhere + " must be an array of positions");
      }
      double[] xs = new double[ring.size()];
      double[] ys = new double[ring.size()];
      for (int i = 0; i < ring.size(); i++) {
        JsonNode pos = ring.get(i);
        if (!pos.isArray() || pos.size() < 2 || !pos.get(0).isNumber() || !pos.get(1).isNumber()) {
          throw new AnnotationException.Malformed(ringWhere + ": position " + i + " is not [x, y] numbers: " + pos);
        }
        xs[i] = pos.get(0).asDouble();
        ys[i] = pos.get(1).asDouble();
      }
      LinearRing lr = PolygonChecks.ring(xs, ys, xs.length, false, ringWhere);
      if (r == 0) {
        shell = lr;
      } else {
        holes[r - 1] = lr;
      }
    }
    return PolygonChecks.FACTORY.createPolygon(shell, holes);
  }
}
