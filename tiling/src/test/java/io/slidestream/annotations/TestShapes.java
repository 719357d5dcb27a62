package io.slidestream.annotations;

import java.util.Random;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/** Valid random shapes and a brute-force pixel-centre oracle (JTS point-in-polygon per pixel). */
public final class TestShapes {

  public static final GeometryFactory GF = new GeometryFactory();

  private TestShapes() {}

  public static Polygon rectangle(double x0, double y0, double x1, double y1) {
    return GF.createPolygon(new Coordinate[] {new Coordinate(x0, y0), new Coordinate(x1, y0),
        new Coordinate(x1, y1), new Coordinate(x0, y1), new Coordinate(x0, y0)});
  }

  public static Polygon rectangleWithHole(double x0, double y0, double x1, double y1, double hx0, double hy0,
      double hx1, double hy1) {
    return GF.createPolygon(rectangle(x0, y0, x1, y1).getExteriorRing(),
        new LinearRing[] {rectangle(hx0, hy0, hx1, hy1).getExteriorRing()});
  }

  /**
   * A star-shaped polygon around (cx, cy): radii in [0.6r, r] at sorted angles, so it is simple;
   * with a hole (radii in [0.1r, 0.5r]) when asked, which then lies strictly inside.
   */
  public static Polygon star(Random rnd, double cx, double cy, double r, int vertices, boolean hole) {
    LinearRing shell = starRing(rnd, cx, cy, 0.6 * r, r, vertices);
    if (!hole) {
      return GF.createPolygon(shell);
    }
    LinearRing h = starRing(rnd, cx, cy, 0.1 * r, 0.5 * r, Math.max(3, vertices / 2));
    return GF.createPolygon(shell, new LinearRing[] {h});
  }

  private static LinearRing starRing(Random rnd, double cx, double cy, double rMin, double rMax, int n) {
    double[] angles = new double[n];
    for (int i = 0; i < n; i++) {
      angles[i] = 2 * Math.PI * (i + 0.1 + 0.8 * rnd.nextDouble()) / n;
    }
    Coordinate[] cs = new Coordinate[n + 1];
    for (int i = 0; i < n; i++) {
      double rr = rMin + (rMax - rMin) * rnd.nextDouble();
      cs[i] = new Coordinate(cx + rr * Math.cos(angles[i]), cy + rr * Math.sin(angles[i]));
    }
    cs[n] = cs[0];
    return GF.createLinearRing(cs);
  }

  /** Pixels whose centre JTS finds inside the geometry, as a mask over the region. */
  public static boolean[] oracle(Geometry g, RegionRequest r) {
    if (!(g instanceof Polygonal)) {
      throw new IllegalArgumentException("not polygonal");
    }
    PreparedGeometry pg = PreparedGeometryFactory.prepare(g);
    boolean[] inside = new boolean[r.width() * r.height()];
    for (int j = 0; j < r.height(); j++) {
      for (int i = 0; i < r.width(); i++) {
        inside[j * r.width() + i] = pg.contains(GF.createPoint(new Coordinate(r.centreX(i), r.centreY(j))));
      }
    }
    return inside;
  }
}
