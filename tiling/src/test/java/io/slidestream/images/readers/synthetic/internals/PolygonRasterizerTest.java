package io.slidestream.images.readers.synthetic.internals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

class PolygonRasterizerTest {

  final GeometryFactory gf = new GeometryFactory();

  Polygon star(Random rnd, double cx, double cy, double r, int n) {
    Coordinate[] c = new Coordinate[n + 1];
    for (int i = 0; i < n; i++) {
      double t = 2 * Math.PI * i / n;
      double rr = r * (0.4 + 0.6 * rnd.nextDouble());
      c[i] = new Coordinate(cx + rr * Math.cos(t), cy + rr * Math.sin(t));
    }
    c[n] = c[0];
    return gf.createPolygon(c);
  }

  @Test
  void insidePixelsAreExactlyThoseWhoseCentreJtsFindsInside() {
    Random rnd = new Random(2);
    for (int k = 0; k < 20; k++) {
      Polygon shell = star(rnd, 50, 40, 38, 5 + rnd.nextInt(30));
      Polygon withHole = (Polygon) shell.difference(gf.createPolygon(new Coordinate[] {
          new Coordinate(45, 35), new Coordinate(55, 35), new Coordinate(55, 45), new Coordinate(45, 45),
          new Coordinate(45, 35)}));
      double step = 1 + rnd.nextInt(3) * 0.5;
      int w = (int) (100 / step);
      int h = (int) (80 / step);
      byte[] mask = new byte[w * h];
      new PolygonRasterizer(withHole).fill(0.25, 0.25, step, w, h, mask, (byte) 3);
      var prepared = org.locationtech.jts.geom.prep.PreparedGeometryFactory.prepare(withHole);
      for (int j = 0; j < h; j++) {
        for (int i = 0; i < w; i++) {
          Coordinate c = new Coordinate(0.25 + i * step, 0.25 + j * step);
          boolean in = prepared.contains(gf.createPoint(c));
          if (in != (mask[j * w + i] == 3) && withHole.getBoundary().distance(gf.createPoint(c)) > 1e-9) {
            assertThat(mask[j * w + i] == 3).as("polygon %d pixel %d,%d", k, i, j).isEqualTo(in);
          }
        }
      }
    }
  }
}
