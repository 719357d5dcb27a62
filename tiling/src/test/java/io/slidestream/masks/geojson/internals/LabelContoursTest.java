package io.slidestream.masks.geojson.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.annotations.RegionRequest;
import io.slidestream.annotations.internals.FlatPolygon;
import io.slidestream.annotations.internals.ScanlineFill;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.valid.IsValidOp;

class LabelContoursTest {

  private static final GeometryFactory GF = new GeometryFactory();

  /** Parses rows of '#' (label 1) and '.' (label 0). */
  private static byte[] grid(String... rows) {
    byte[] g = new byte[rows.length * rows[0].length()];
    for (int y = 0; y < rows.length; y++) {
      for (int x = 0; x < rows[y].length(); x++) {
        g[y * rows[0].length() + x] = (byte) (rows[y].charAt(x) == '#' ? 1 : 0);
      }
    }
    return g;
  }

  private static MultiPolygon trace(String... rows) {
    MultiPolygon mp = LabelContours.polygons(grid(rows), rows[0].length(), rows.length, 1, GF);
    assertThat(new IsValidOp(mp).getValidationError()).as("validity").isNull();
    return mp;
  }

  /** Fills the polygons back by the pixel-centre rule: the inverse the tracer must satisfy. */
  private static byte[] fillBack(MultiPolygon mp, int w, int h, int label) {
    long[] out = new long[w * h];
    if (!mp.isEmpty()) {
      new ScanlineFill().fill(FlatPolygon.of(mp), new RegionRequest(0, 0, 1, w, h), out, 1);
    }
    byte[] b = new byte[w * h];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (out[i] == 1 ? label : 0);
    }
    return b;
  }

  @Test
  void onePixelIsAUnitSquare() {
    MultiPolygon mp = trace("...", ".#.", "...");
    assertThat(mp.getNumGeometries()).isEqualTo(1);
    assertThat(mp.getArea()).isEqualTo(1);
    assertThat(mp.getEnvelopeInternal().getMinX()).isEqualTo(1);
    assertThat(mp.getEnvelopeInternal().getMaxY()).isEqualTo(2);
    assertThat(mp.getCoordinates()).hasSize(5); // corners only
  }

  @Test
  void aSquareWithASquareHole() {
    MultiPolygon mp = trace(
        "######",
        "######",
        "##..##",
        "##..##",
        "######",
        "######");
    assertThat(mp.getNumGeometries()).isEqualTo(1);
    Polygon p = (Polygon) mp.getGeometryN(0);
    assertThat(p.getNumInteriorRing()).isEqualTo(1);
    assertThat(p.getInteriorRingN(0).getEnvelopeInternal().getWidth()).isEqualTo(2);
    assertThat(mp.getArea()).isEqualTo(36 - 4);
  }

  @Test
  void anIslandInsideAHoleIsAPolygonOfItsOwn() {
    MultiPolygon mp = trace(
        "#######",
        "#.....#",
        "#.###.#",
        "#.#.#.#",
        "#.###.#",
        "#.....#",
        "#######");
    assertThat(mp.getNumGeometries()).isEqualTo(2);
    assertThat(mp.getArea()).isEqualTo(24 + 8);
    for (int i = 0; i < 2; i++) {
      assertThat(((Polygon) mp.getGeometryN(i)).getNumInteriorRing()).isEqualTo(1);
    }
  }

  @Test
  void pixelsTouchingAtACornerAreSeparateRegions() {
    MultiPolygon mp = trace(
        "#.",
        ".#");
    assertThat(mp.getNumGeometries()).isEqualTo(2);
    assertThat(mp.getArea()).isEqualTo(2);
  }

  @Test
  void aPocketClosedOnlyAtACornerIsAHoleTouchingItsShell() {
    // The background pixel at (1, 1) reaches the outside only through the corner it shares with (0, 0).
    MultiPolygon mp = trace(
        ".##",
        "#.#",
        "###");
    assertThat(mp.getNumGeometries()).isEqualTo(1);
    assertThat(((Polygon) mp.getGeometryN(0)).getNumInteriorRing()).isEqualTo(1);
    assertThat(mp.getArea()).isEqualTo(7);
  }

  @Test
  void twoPocketsTouchingAtACornerAreTwoHoles() {
    MultiPolygon mp = trace(
        "####",
        "#.##",
        "##.#",
        "####");
    assertThat(mp.getNumGeometries()).isEqualTo(1);
    assertThat(((Polygon) mp.getGeometryN(0)).getNumInteriorRing()).isEqualTo(2);
    assertThat(mp.getArea()).isEqualTo(14);
  }

  @Test
  void anEmptyLabelGivesNoPolygons() {
    assertThat(trace("...", "...").isEmpty()).isTrue();
  }

  @Test
  void randomMultiLabelGridsFillBackToExactlyTheirPixels() {
    Random rnd = new Random(99);
    for (int t = 0; t < 40; t++) {
      int w = 1 + rnd.nextInt(60);
      int h = 1 + rnd.nextInt(60);
      byte[] g = new byte[w * h];
      double density = rnd.nextDouble();
      int labels = 1 + rnd.nextInt(3);
      // Blobs of labels, then noise: holes, islands, diagonal touches, pinches and edge contact all occur.
      for (int i = 0; i < g.length; i++) {
        g[i] = (byte) (rnd.nextDouble() < density ? 1 + rnd.nextInt(labels) : 0);
      }
      if (t % 2 == 0) {
        smooth(g, w, h, rnd);
      }
      for (int label = 1; label <= labels; label++) {
        MultiPolygon mp = LabelContours.polygons(g, w, h, label, GF);
        assertThat(new IsValidOp(mp).getValidationError()).as("grid %d label %d", t, label).isNull();
        long count = 0;
        byte[] only = new byte[g.length];
        for (int i = 0; i < g.length; i++) {
          if (g[i] == label) {
            only[i] = (byte) label;
            count++;
          }
        }
        assertThat(mp.getArea()).isEqualTo(count);
        assertThat(fillBack(mp, w, h, label)).as("grid %d label %d", t, label).isEqualTo(only);
      }
    }
  }

  /** Majority filter passes: turns noise into blobs with ragged edges. */
  private static void smooth(byte[] g, int w, int h, Random rnd) {
    for (int pass = 0; pass < 2; pass++) {
      byte[] src = g.clone();
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int[] votes = new int[4];
          for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
              int xx = x + dx;
              int yy = y + dy;
              if (xx >= 0 && yy >= 0 && xx < w && yy < h) {
                votes[src[yy * w + xx]]++;
              }
            }
          }
          int best = 0;
          for (int v = 1; v < 4; v++) {
            if (votes[v] > votes[best] || (votes[v] == votes[best] && rnd.nextBoolean())) {
              best = v;
            }
          }
          g[y * w + x] = (byte) best;
        }
      }
    }
  }
}
