package io.slidestream.annotations;

import java.util.List;
import java.util.Objects;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygonal;

/**
 * One area annotation as read from a file, before a labeling protocol gives it a label set.
 *
 * @param origin     where it came from, for messages: file, index and name ("a.geojson: feature 12 'Gland 3'")
 * @param classNames its class, most specific first: a QuPath classification name, or an ASAP group
 *                   followed by the groups that group is part of; empty when unclassified
 * @param geometry   a valid Polygon or MultiPolygon in slide level-0 pixel coordinates
 */
public record PolygonAnnotation(String origin, List<String> classNames, Geometry geometry) {

  public PolygonAnnotation {
    Objects.requireNonNull(origin, "origin");
    classNames = List.copyOf(classNames);
    if (!(geometry instanceof Polygonal)) {
      throw new IllegalArgumentException(origin + ": an area annotation needs a Polygon or MultiPolygon, got "
          + (geometry == null ? "null" : geometry.getGeometryType()));
    }
  }
}
