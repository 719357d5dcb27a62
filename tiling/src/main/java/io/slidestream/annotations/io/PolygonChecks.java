package io.slidestream.annotations.io;

import io.slidestream.annotations.AnnotationException;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * Builds JTS rings from raw coordinates with the checks JTS would otherwise fail on obscurely,
 * and validates finished geometries, so that every broken shape is reported with where and why.
 */
final class PolygonChecks {

  static final GeometryFactory FACTORY = new GeometryFactory();

  private PolygonChecks() {}

  /**
   * A ring from {@code n} coordinates.
   *
   * @param closeIfOpen true where the format leaves rings implicitly closed (ASAP); GeoJSON
   *     requires the last position to repeat the first, so an open ring there is an error
   * @param where what the ring is, for messages ("feature 3 'A': polygon 0, ring 1 (hole)")
   */
  static LinearRing ring(double[] xs, double[] ys, int n, boolean closeIfOpen, String where) {
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(xs[i]) || !Double.isFinite(ys[i])) {
        throw new AnnotationException.InvalidGeometry(where + ": position " + i + " (" + xs[i] + ", " + ys[i]
            + ") is not a finite coordinate");
      }
    }
    boolean closed = n > 0 && xs[0] == xs[n - 1] && ys[0] == ys[n - 1];
    if (!closed && n > 0 && !closeIfOpen) {
      throw new AnnotationException.InvalidGeometry(where + ": ring is not closed: first position (" + xs[0] + ", "
          + ys[0] + ") differs from last (" + xs[n - 1] + ", " + ys[n - 1] + ")");
    }
    int m = closed ? n : n + 1;
    if (m < 4) {
      throw new AnnotationException.InvalidGeometry(where + ": ring has " + (closed ? n - 1 : n)
          + " distinct positions; a polygon ring needs at least 3");
    }
    Coordinate[] cs = new Coordinate[m];
    for (int i = 0; i < n; i++) {
      cs[i] = new Coordinate(xs[i], ys[i]);
    }
    if (!closed) {
      cs[n] = new Coordinate(xs[0], ys[0]);
    }
    return FACTORY.createLinearRing(cs);
  }

  /** Checks a finished polygon or multipolygon with JTS and says what is wrong and where. */
  static Geometry valid(Geometry g, String where) {
    TopologyValidationError err = new IsValidOp(g).getValidationError();
    if (err != null) {
      Coordinate c = err.getCoordinate();
      throw new AnnotationException.InvalidGeometry(where + ": invalid " + g.getGeometryType() + ": "
          + err.getMessage() + (c == null ? "" : " at (" + c.x + ", " + c.y + ")"));
    }
    return g;
  }
}
