package io.slidestream.annotations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.annotations.protocol.LabelingProtocol;
import io.slidestream.annotations.protocol.LabelingProtocolConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;

class PolygonAnnotationSourceTest {

  static final LabelingProtocol PROTOCOL = LabelingProtocolConfig.parse("""
      classes = [
        { name = background, color = "#ffffff" }
        { name = tumor, color = "#ff0000" }
        { name = necrosis, color = "#000000" }
        { name = stroma, color = "#00ff00" }
      ]
      super-labels { tissue = [tumor, necrosis, stroma] }
      names { "Exclude" = unannotated }
      """);
  static final long BG = 1;
  static final long TUMOR = 2;
  static final long NECROSIS = 4;
  static final long STROMA = 8;
  static final long ALL = 15;

  private static PolygonAnnotation ann(String name, String cls, Geometry g) {
    return new PolygonAnnotation(name, List.of(cls), g);
  }

  @Test
  void theSmallerAnnotationWinsWhereTheyOverlapWhateverTheFileOrder() {
    PolygonAnnotation tumor = ann("big", "tumor", TestShapes.rectangle(0, 0, 100, 100));
    PolygonAnnotation necrosis = ann("small", "necrosis", TestShapes.rectangle(40, 40, 60, 60));
    PolygonAnnotation hole = ann("exclusion", "Exclude", TestShapes.rectangle(45, 45, 50, 50));
    RegionRequest r = new RegionRequest(0, 0, 1, 120, 120);
    for (List<PolygonAnnotation> order : List.of(List.of(tumor, necrosis, hole), List.of(hole, necrosis, tumor))) {
      LabelSetRaster out = PolygonAnnotationSource.of(order, PROTOCOL).rasterize(r);
      assertThat(out.get(10, 10)).isEqualTo(TUMOR);
      assertThat(out.get(41, 41)).isEqualTo(NECROSIS);
      assertThat(out.get(46, 46)).isEqualTo(ALL);
      assertThat(out.get(110, 110)).isEqualTo(ALL); // outside every annotation: the protocol default, unannotated
      assertThat(out.singletonCounts()).containsExactly(0, 100 * 100 - 20 * 20, 20 * 20 - 5 * 5, 0);
    }
  }

  @Test
  void ofTwoEqualAreasTheLaterInTheFileWins() {
    PolygonAnnotation a = ann("a", "tumor", TestShapes.rectangle(0, 0, 10, 10));
    PolygonAnnotation b = ann("b", "stroma", TestShapes.rectangle(5, 0, 15, 10));
    RegionRequest r = new RegionRequest(0, 0, 1, 16, 10);
    assertThat(PolygonAnnotationSource.of(List.of(a, b), PROTOCOL).rasterize(r).get(7, 5)).isEqualTo(STROMA);
    assertThat(PolygonAnnotationSource.of(List.of(b, a), PROTOCOL).rasterize(r).get(7, 5)).isEqualTo(TUMOR);
  }

  @Test
  void superLabelsAndTheUnannotatedAreaComeFromTheProtocol() {
    LabelingProtocol martin = LabelingProtocolConfig.parse("""
        classes = [ { name = background, color = "#ffffff" }, { name = tumor, color = "#ff0000" } ]
        names { "tumor box" = [background, tumor] }
        unannotated = background
        """);
    PolygonAnnotationSource s = PolygonAnnotationSource.of(
        List.of(ann("box", "tumor box", TestShapes.rectangle(10, 10, 20, 20))), martin);
    LabelSetRaster out = s.rasterize(new RegionRequest(0, 0, 1, 30, 30));
    assertThat(out.get(15, 15)).isEqualTo(0b11);
    assertThat(out.get(5, 5)).isEqualTo(0b01);
    assertThat(s.classCount()).isEqualTo(2);
  }

  @Test
  void anUnknownClassNamesTheAnnotation() {
    assertThatThrownBy(() -> PolygonAnnotationSource.of(List.of(
        ann("a.geojson: feature 0", "tumor", TestShapes.rectangle(0, 0, 1, 1)),
        ann("a.geojson: feature 1 'Lymph'", "Lymphocytes", TestShapes.rectangle(0, 0, 1, 1))), PROTOCOL))
        .isInstanceOf(AnnotationException.UnknownLabel.class)
        .hasMessageContaining("a.geojson: feature 1 'Lymph' has class 'Lymphocytes'");
  }

  private static List<PolygonAnnotation> randomAnnotations(long seed, int n, double extent) {
    Random rnd = new Random(seed);
    String[] classes = {"tumor", "necrosis", "stroma", "tissue", "background"};
    List<PolygonAnnotation> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double r = 10 + rnd.nextDouble() * extent / 8;
      out.add(ann("shape " + i, classes[i % classes.length], TestShapes.star(rnd, rnd.nextDouble() * extent,
          rnd.nextDouble() * extent, r, 3 + rnd.nextInt(40), rnd.nextBoolean())));
    }
    return out;
  }

  @Test
  void tilesOfAGridAgreeWithOneLargeTileCropped() {
    PolygonAnnotationSource s = PolygonAnnotationSource.of(randomAnnotations(11, 80, 1200), PROTOCOL);
    for (double d : new double[] {1, 2, 0.5}) {
      int w = (int) (1200 / d * 0.5);
      int h = (int) (1000 / d * 0.5);
      RegionRequest whole = new RegionRequest(100, 60, d, w, h);
      LabelSetRaster all = s.rasterize(whole);
      assertThat(all.unconstrainedCount()).isLessThan((long) w * h); // the shapes do reach it
      int tile = 96;
      for (int ty = 0; ty < h; ty += tile) {
        for (int tx = 0; tx < w; tx += tile) {
          int tw = Math.min(tile, w - tx);
          int th = Math.min(tile, h - ty);
          LabelSetRaster t = s.rasterize(new RegionRequest(100 + tx * d, 60 + ty * d, d, tw, th));
          assertThat(t).as("tile (%d, %d) at downsample %s", tx, ty, d).isEqualTo(all.crop(tx, ty, tw, th));
        }
      }
    }
  }

  @Test
  void everyPixelMatchesABruteForceOverlapOracle() {
    List<PolygonAnnotation> anns = randomAnnotations(5, 40, 400);
    PolygonAnnotationSource s = PolygonAnnotationSource.of(anns, PROTOCOL);
    RegionRequest r = new RegionRequest(-20, -20, 1.5, 300, 300);
    LabelSetRaster out = s.rasterize(r);
    // Oracle: for each pixel, the smallest annotation containing its centre (later wins ties), else unannotated.
    long[] expected = new long[r.width() * r.height()];
    double[] best = new double[expected.length];
    java.util.Arrays.fill(expected, ALL);
    java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
    for (PolygonAnnotation a : anns) {
      boolean[] in = TestShapes.oracle(a.geometry(), r);
      double area = a.geometry().getArea();
      long set = PROTOCOL.setForNames(a.classNames(), a.origin());
      for (int i = 0; i < in.length; i++) {
        if (in[i] && area <= best[i]) {
          best[i] = area;
          expected[i] = set;
        }
      }
    }
    assertThat(out.data()).isEqualTo(expected);
  }

  @Test
  void concurrentTilesEqualSequentialOnes() {
    PolygonAnnotationSource s = PolygonAnnotationSource.of(randomAnnotations(3, 300, 4000), PROTOCOL);
    List<RegionRequest> tiles = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      tiles.add(new RegionRequest((i % 8) * 500, (i / 8) * 500, 2, 250, 250));
    }
    List<LabelSetRaster> sequential = tiles.stream().map(s::rasterize).toList();
    List<LabelSetRaster> parallel = IntStream.range(0, tiles.size()).parallel()
        .mapToObj(i -> s.rasterize(tiles.get(i))).toList();
    assertThat(parallel).isEqualTo(sequential);
  }

  /**
   * Speed check (reported, not asserted): a QuPath GeoJSON of 5 000 polygons over a 50 000 px
   * square slide, read, indexed and rasterised into 512 x 512 tiles at three downsamples. One
   * tile per downsample is checked against the brute-force oracle so the timing is of correct work.
   */
  @Test
  void rasterisesTilesOfAFiveThousandPolygonFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    Random rnd = new Random(2024);
    java.nio.file.Path file = dir.resolve("many.geojson");
    List<PolygonAnnotation> written = new ArrayList<>();
    String[] classes = {"tumor", "necrosis", "stroma"};
    try (java.io.Writer w = java.nio.file.Files.newBufferedWriter(file)) {
      w.write("{\"type\": \"FeatureCollection\", \"features\": [\n");
      for (int i = 0; i < 5000; i++) {
        org.locationtech.jts.geom.Polygon p = TestShapes.star(rnd, rnd.nextDouble() * 50_000,
            rnd.nextDouble() * 50_000, 50 + rnd.nextDouble() * 350, 8 + rnd.nextInt(56), i % 4 == 0);
        written.add(ann("shape " + i, classes[i % 3], p));
        StringBuilder sb = new StringBuilder(i == 0 ? "" : ",\n");
        sb.append("{\"type\": \"Feature\", \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [");
        for (int r = 0; r <= p.getNumInteriorRing(); r++) {
          sb.append(r == 0 ? "[" : ", [");
          org.locationtech.jts.geom.Coordinate[] cs = (r == 0 ? p.getExteriorRing() : p.getInteriorRingN(r - 1))
              .getCoordinates();
          for (int k = 0; k < cs.length; k++) {
            sb.append(k == 0 ? "" : ",").append('[').append(cs[k].x).append(',').append(cs[k].y).append(']');
          }
          sb.append(']');
        }
        sb.append("]}, \"properties\": {\"objectType\": \"annotation\", \"classification\": {\"name\": \"")
            .append(classes[i % 3]).append("\"}}}");
        w.write(sb.toString());
      }
      w.write("\n]}\n");
    }
    long t0 = System.nanoTime();
    List<PolygonAnnotation> read = new io.slidestream.annotations.io.GeoJsonAnnotationReader().read(file);
    long t1 = System.nanoTime();
    PolygonAnnotationSource s = PolygonAnnotationSource.of(read, PROTOCOL);
    long t2 = System.nanoTime();
    assertThat(read).hasSize(5000);
    System.out.printf("5000-polygon GeoJSON (%d KB): read %.0f ms, indexed %.0f ms%n",
        java.nio.file.Files.size(file) / 1024, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
    PolygonAnnotationSource reference = PolygonAnnotationSource.of(written, PROTOCOL);
    for (int i = 0; i < 300; i++) { // warm-up, so the first downsample measured is not the JIT's
      s.rasterize(new RegionRequest(rnd.nextInt(40_000), rnd.nextInt(40_000), 1 << (i % 5), 512, 512));
    }
    for (double d : new double[] {1, 4, 16}) {
      double span = 512 * d;
      List<RegionRequest> tiles = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        tiles.add(new RegionRequest(Math.floor(rnd.nextDouble() * (50_000 - span)),
            Math.floor(rnd.nextDouble() * (50_000 - span)), d, 512, 512));
      }
      long annotated = 0;
      long start = System.nanoTime();
      for (RegionRequest r : tiles) {
        annotated += 512 * 512 - s.rasterize(r).unconstrainedCount();
      }
      double ms = (System.nanoTime() - start) / 1e6 / tiles.size();
      System.out.printf("  512x512 tile at downsample %2.0f: %.2f ms per tile, %.1f%% of pixels annotated%n", d, ms,
          100.0 * annotated / (tiles.size() * 512L * 512));
      assertThat(s.rasterize(tiles.get(0))).isEqualTo(reference.rasterize(tiles.get(0)));
    }
    // The read-back file rasterises exactly like the shapes it was written from, checked by the oracle.
    RegionRequest probe = new RegionRequest(20_000, 20_000, 4, 256, 256);
    long[] expected = new long[256 * 256];
    double[] best = new double[expected.length];
    java.util.Arrays.fill(expected, ALL);
    java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
    org.locationtech.jts.geom.Envelope env = new org.locationtech.jts.geom.Envelope(20_000, 21_024, 20_000, 21_024);
    for (PolygonAnnotation a : written) {
      if (!a.geometry().getEnvelopeInternal().intersects(env)) {
        continue;
      }
      boolean[] in = TestShapes.oracle(a.geometry(), probe);
      double area = a.geometry().getArea();
      for (int i = 0; i < in.length; i++) {
        if (in[i] && area <= best[i]) {
          best[i] = area;
          expected[i] = PROTOCOL.setForNames(a.classNames(), a.origin());
        }
      }
    }
    assertThat(s.rasterize(probe).data()).isEqualTo(expected);
  }

  @Test
  void emptyRegionsAndNoAnnotationsGiveTheDefault() {
    PolygonAnnotationSource none = PolygonAnnotationSource.of(List.of(), PROTOCOL);
    assertThat(none.size()).isZero();
    assertThat(none.rasterize(new RegionRequest(0, 0, 1, 4, 4)).data()).containsOnly(ALL);
    assertThat(PolygonAnnotationSource.of(randomAnnotations(1, 5, 100), PROTOCOL)
        .rasterize(new RegionRequest(0, 0, 1, 0, 0)).data()).isEmpty();
  }
}
