package io.slidestream.annotations.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.annotations.RegionRequest;
import io.slidestream.annotations.TestShapes;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

class ScanlineFillTest {

  private static long[] fill(Geometry g, RegionRequest r) {
    long[] out = new long[r.width() * r.height()];
    new ScanlineFill().fill(FlatPolygon.of(g), r, out, 1);
    return out;
  }

  private static int count(long[] a) {
    int n = 0;
    for (long v : a) {
      n += (int) v;
    }
    return n;
  }

  @Test
  void aRectangleOnPixelEdgesCoversExactlyItsPixels() {
    long[] out = fill(TestShapes.rectangle(2, 3, 12, 8), new RegionRequest(0, 0, 1, 20, 10));
    assertThat(count(out)).isEqualTo(50);
    for (int y = 0; y < 10; y++) {
      for (int x = 0; x < 20; x++) {
        assertThat(out[y * 20 + x]).as("(%d, %d)", x, y).isEqualTo(x >= 2 && x < 12 && y >= 3 && y < 8 ? 1 : 0);
      }
    }
  }

  @Test
  void ringDirectionDoesNotMatter() {
    Polygon cw = TestShapes.rectangle(2, 3, 12, 8);
    Geometry ccw = cw.reverse();
    RegionRequest r = new RegionRequest(0, 0, 1, 20, 10);
    assertThat(fill(ccw, r)).isEqualTo(fill(cw, r));
  }

  @Test
  void aSquareWithASquareHoleLeavesTheHoleEmpty() {
    long[] out = fill(TestShapes.rectangleWithHole(0, 0, 10, 10, 3, 3, 7, 7), new RegionRequest(0, 0, 1, 10, 10));
    assertThat(count(out)).isEqualTo(100 - 16);
    assertThat(out[5 * 10 + 5]).isZero();
    assertThat(out[3 * 10 + 3]).isZero();
    assertThat(out[2 * 10 + 2]).isEqualTo(1);
    assertThat(out[7 * 10 + 7]).isEqualTo(1);
  }

  @Test
  void downsampleAndOffsetMapLevelZeroToOutputPixels() {
    // Level-0 rectangle [100, 140) x [60, 80); tile corner (90, 50), 2 level-0 px per output px.
    long[] out = fill(TestShapes.rectangle(100, 60, 140, 80), new RegionRequest(90, 50, 2, 30, 20));
    assertThat(count(out)).isEqualTo(20 * 10);
    assertThat(out[5 * 30 + 5]).isEqualTo(1); // centre (101, 61)
    assertThat(out[4 * 30 + 5]).isZero(); // centre (101, 59)
    assertThat(out[5 * 30 + 24]).isEqualTo(1); // centre (139, 61)
    assertThat(out[5 * 30 + 25]).isZero(); // centre (141, 61)
  }

  @Test
  void edgesOutsideTheTileStillCountForParity() {
    // The tile lies inside a large rectangle whose edges are all outside it.
    long[] out = fill(TestShapes.rectangle(-1000, -1000, 1000, 1000), new RegionRequest(10, 10, 1, 16, 16));
    assertThat(count(out)).isEqualTo(256);
    // And a tile entirely inside the hole of a large ring gets nothing.
    long[] none = fill(TestShapes.rectangleWithHole(-1000, -1000, 1000, 1000, -100, -100, 100, 100),
        new RegionRequest(10, 10, 1, 16, 16));
    assertThat(count(none)).isZero();
  }

  @Test
  void randomPolygonsWithHolesMatchJtsPointInPolygonAtEveryPixelCentre() {
    Random rnd = new Random(42);
    for (int t = 0; t < 60; t++) {
      boolean big = t % 5 == 0; // many vertices: exercises the band index
      Polygon p = TestShapes.star(rnd, 200 + 50 * rnd.nextDouble(), 150 + 50 * rnd.nextDouble(),
          40 + 100 * rnd.nextDouble(), big ? 400 + rnd.nextInt(400) : 3 + rnd.nextInt(30), rnd.nextBoolean());
      double d = new double[] {1, 0.5, 1.7, 3}[t % 4];
      RegionRequest r = new RegionRequest(60 + 80 * rnd.nextDouble(), 40 + 80 * rnd.nextDouble(), d,
          40 + rnd.nextInt(120), 30 + rnd.nextInt(120));
      long[] out = fill(p, r);
      boolean[] expected = TestShapes.oracle(p, r);
      for (int i = 0; i < out.length; i++) {
        assertThat(out[i] == 1).as("shape %d pixel %d", t, i).isEqualTo(expected[i]);
      }
    }
  }

  @Test
  void multiPolygonsFillEveryComponent() {
    Random rnd = new Random(7);
    Geometry mp = TestShapes.GF.createMultiPolygon(new Polygon[] {
        TestShapes.star(rnd, 30, 30, 20, 12, true), TestShapes.star(rnd, 90, 40, 25, 9, false),
        TestShapes.rectangleWithHole(10, 70, 110, 110, 40, 80, 60, 100)});
    assertThat(mp.isValid()).isTrue();
    RegionRequest r = new RegionRequest(0, 0, 1, 120, 120);
    long[] out = fill(mp, r);
    boolean[] expected = TestShapes.oracle(mp, r);
    for (int i = 0; i < out.length; i++) {
      assertThat(out[i] == 1).as("pixel %d", i).isEqualTo(expected[i]);
    }
  }

  @Test
  void aLargePolygonSeenThroughManyTilesIsFilledLikeOneTile() {
    Random rnd = new Random(3);
    Polygon p = TestShapes.star(rnd, 512, 512, 500, 3000, true);
    FlatPolygon flat = FlatPolygon.of(p);
    RegionRequest whole = new RegionRequest(0, 0, 2, 512, 512);
    long[] all = new long[512 * 512];
    ScanlineFill fill = new ScanlineFill();
    fill.fill(flat, whole, all, 1);
    for (int ty = 0; ty < 512; ty += 64) {
      for (int tx = 0; tx < 512; tx += 64) {
        long[] tile = new long[64 * 64];
        fill.fill(flat, new RegionRequest(tx * 2.0, ty * 2.0, 2, 64, 64), tile, 1);
        for (int j = 0; j < 64; j++) {
          for (int i = 0; i < 64; i++) {
            assertThat(tile[j * 64 + i]).isEqualTo(all[(ty + j) * 512 + tx + i]);
          }
        }
      }
    }
  }
}
