package io.slidestream.annotations.io;

import io.slidestream.annotations.AnnotationException;
import io.slidestream.annotations.PolygonAnnotation;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.locationtech.jts.geom.Polygon;

/**
 * Reads area annotations from ASAP XML (as in CAMELYON):
 * <pre>{@code
 * <ASAP_Annotations>
 *   <Annotations>
 *     <Annotation Name="Annotation 0" Type="Polygon" PartOfGroup="tumor" Color="#F4FA58">
 *       <Coordinates>
 *         <Coordinate Order="0" X="123.4" Y="567.8"/> ...
 *   <AnnotationGroups>
 *     <Group Name="tumor" PartOfGroup="None" Color="#..."/>
 * }</pre>
 * Coordinates are level-0 pixels, taken in {@code Order}; rings are closed implicitly. Polygon,
 * Rectangle and Spline are areas (a spline is taken as the polygon through its control points, the
 * shape ASAP's annotators clicked, not its smoothed curve); PointSet, Dot and Measurement carry no
 * area and are skipped. The class is {@code PartOfGroup}, followed by the groups that group is part
 * of, so a protocol may name either; "None" means unclassified. A decimal comma ("12,5"), written
 * by some locales, is read as a decimal point. DTDs and external entities are refused.
 */
public final class AsapXmlAnnotationReader {

  private static final Set<String> AREA_TYPES = Set.of("polygon", "rectangle", "spline");
  private static final Set<String> NON_AREA_TYPES = Set.of("pointset", "dot", "measurement");

  public List<PolygonAnnotation> read(Path file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      return read(in, file.getFileName().toString());
    }
  }

  /** Reads from a stream; {@code origin} names it in messages. */
  public List<PolygonAnnotation> read(InputStream in, String origin) throws IOException {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    List<Raw> raws = new ArrayList<>();
    Map<String, String> groupParents = new HashMap<>();
    XMLStreamReader x = null;
    try {
      x = f.createXMLStreamReader(in);
      boolean rootSeen = false;
      Raw current = null;
      int index = 0;
      while (x.hasNext()) {
        int ev = x.next();
        if (ev != XMLStreamConstants.START_ELEMENT) {
          if (ev == XMLStreamConstants.END_ELEMENT && "Annotation".equals(x.getLocalName()) && current != null) {
            raws.add(current);
            current = null;
          }
          continue;
        }
        String el = x.getLocalName();
        if (!rootSeen) {
          if (!"ASAP_Annotations".equals(el)) {
            throw new AnnotationException.Malformed(origin + ": root element is <" + el
                + ">, not <ASAP_Annotations>: not an ASAP annotation file");
          }
          rootSeen = true;
          continue;
        }
        switch (el) {
          case "Annotation" -> {
            String name = x.getAttributeValue(null, "Name");
            String where = origin + ": annotation " + index + (name == null ? "" : " '" + name + "'");
            index++;
            String type = x.getAttributeValue(null, "Type");
            if (type == null) {
              throw new AnnotationException.Malformed(where + " has no Type attribute");
            }
            current = new Raw(where, type, x.getAttributeValue(null, "PartOfGroup"), x.getLocation().getLineNumber());
          }
          case "Coordinate" -> {
            if (current == null) {
              throw new AnnotationException.Malformed(origin + ": <Coordinate> outside an <Annotation> at line "
                  + x.getLocation().getLineNumber());
            }
            current.add(number(x, "X", current), number(x, "Y", current), order(x, current));
          }
          case "Group" -> {
            String name = x.getAttributeValue(null, "Name");
            if (name != null) {
              groupParents.put(name, x.getAttributeValue(null, "PartOfGroup"));
            }
          }
          default -> {
            // Annotations, Coordinates, AnnotationGroups, Attributes and future elements: containers or unused.
          }
        }
      }
      if (!rootSeen) {
        throw new AnnotationException.Malformed(origin + ": empty document: not an ASAP annotation file");
      }
    } catch (XMLStreamException e) {
      throw new AnnotationException.Malformed(origin + ": malformed XML"
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNumber() + ", column "
              + e.getLocation().getColumnNumber()) + ": " + e.getMessage(), e);
    } finally {
      if (x != null) {
        try {
          x.close();
        } catch (XMLStreamException ignored) {
          // The stream is closed by the caller.
        }
      }
    }
    List<PolygonAnnotation> out = new ArrayList<>();
    for (Raw r : raws) {
      String type = r.type.toLowerCase(Locale.ROOT);
      if (NON_AREA_TYPES.contains(type)) {
        continue;
      }
      if (!AREA_TYPES.contains(type)) {
        throw new AnnotationException.Malformed(r.where + " has unknown Type '" + r.type
            + "'; expected Polygon, Rectangle, Spline, PointSet or Dot");
      }
      out.add(new PolygonAnnotation(r.where, classPath(r.group, groupParents), r.polygon()));
    }
    return out;
  }

  /** The group, then the groups it is part of, stopping at "None" or a cycle. */
  private static List<String> classPath(String group, Map<String, String> parents) {
    Set<String> path = new LinkedHashSet<>();
    String g = group;
    while (g != null && !g.isBlank() && !"None".equals(g) && !path.contains(g)) {
      path.add(g);
      g = parents.get(g);
    }
    return new ArrayList<>(path);
  }

  private static double number(XMLStreamReader x, String attr, Raw r) {
    String v = x.getAttributeValue(null, attr);
    if (v == null) {
      throw new AnnotationException.Malformed(r.where + ": coordinate " + r.n + " has no " + attr + " attribute");
    }
    String s = v.trim();
    if (s.indexOf(',') >= 0 && s.indexOf('.') < 0) {
      s = s.replace(',', '.');
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new AnnotationException.Malformed(r.where + ": coordinate " + r.n + " has " + attr + "=\"" + v
          + "\", not a number");
    }
  }

  private static int order(XMLStreamReader x, Raw r) {
    String v = x.getAttributeValue(null, "Order");
    if (v == null) {
      return r.n;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new AnnotationException.Malformed(r.where + ": coordinate " + r.n + " has Order=\"" + v
          + "\", not an integer");
    }
  }

  /** One annotation's attributes and coordinates as read. */
  private static final class Raw {
    final String where;
    final String type;
    final String group;
    double[] xs = new double[16];
    double[] ys = new double[16];
    int[] orders = new int[16];
    int n;

    Raw(String where, String type, String group, int line) {
      this.where = where + " (line " + line + ")";
      this.type = type;
      this.group = group;
    }

    void add(double xv, double yv, int order) {
      if (n == xs.length) {
        xs = Arrays.copyOf(xs, n * 2);
        ys = Arrays.copyOf(ys, n * 2);
        orders = Arrays.copyOf(orders, n * 2);
      }
      xs[n] = xv;
      ys[n] = yv;
      orders[n] = order;
      n++;
    }

    Polygon polygon() {
      Integer[] idx = new Integer[n];
      for (int i = 0; i < n; i++) {
        idx[i] = i;
      }
      Arrays.sort(idx, (a, b) -> Integer.compare(orders[a], orders[b]));
      double[] sx = new double[n];
      double[] sy = new double[n];
      for (int i = 0; i < n; i++) {
        sx[i] = xs[idx[i]];
        sy[i] = ys[idx[i]];
      }
      Polygon p = PolygonChecks.FACTORY.createPolygon(
          PolygonChecks.ring(sx, sy, n, true, where));
      return (Polygon) PolygonChecks.valid(p, where);
    }
  }
}
