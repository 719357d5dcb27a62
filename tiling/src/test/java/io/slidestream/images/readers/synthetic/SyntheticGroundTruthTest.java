package io.slidestream.images.readers.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slidestream.files.PublishedFile;
import io.slidestream.images.LabelClass;
import io.slidestream.masks.MaskOutput;
import io.slidestream.testdata.ReferencePython;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

class SyntheticGroundTruthTest {

  @TempDir
  Path dir;

  final SyntheticSlide slide = SyntheticSlide.of(SyntheticSlideSpec.of(12000, 9000, 5));

  @Test
  void sparseMaskAnnotatesOnlyPixelsOfTheirOwnClassInTheDenseTruth() throws IOException {
    MaskOutput dense = SyntheticGroundTruth.writeDenseMask(slide, dir, "s.truth", 4);
    MaskOutput sparse = SyntheticGroundTruth.writeSparseMask(slide, dir, "s.sparse", 4);
    String out = ReferencePython.run("""
        import sys, tifffile, numpy as np
        d = tifffile.TiffFile(sys.argv[1]).pages[0].asarray()
        s = tifffile.TiffFile(sys.argv[2]).pages[0].asarray()
        assert d.shape == s.shape == (2250, 3000), (d.shape, s.shape)
        ann = s > 0
        wrong = int((s[ann] != d[ann]).sum())
        classes = sorted(set(np.unique(s[ann]).tolist()))
        print(int(ann.sum()), wrong, int(d.min()), int(d.max()), ','.join(map(str, classes)))
        """, dense.file().toString(), sparse.file().toString());
    String[] f = out.trim().split(" ");
    long annotated = Long.parseLong(f[0]);
    assertThat(annotated).as("annotated pixels").isPositive().isLessThan(2250L * 3000 / 4);
    assertThat(Long.parseLong(f[1])).as("annotated pixels whose dense class differs").isZero();
    assertThat(f[2]).as("dense truth has no unlabelled pixel").isEqualTo("1");
    assertThat(Integer.parseInt(f[3])).isLessThanOrEqualTo(6);
    assertThat(f[4].split(",")).as("classes annotated").hasSizeGreaterThanOrEqualTo(4);

    MaskOutput denseAgain = SyntheticGroundTruth.writeDenseMask(SyntheticSlide.of(slide.spec()), dir, "again.truth", 4);
    MaskOutput sparseAgain = SyntheticGroundTruth.writeSparseMask(SyntheticSlide.of(slide.spec()), dir, "again.sparse", 4);
    // The slide id is written into the mask's description, so compare files of equal ids.
    assertThat(SyntheticGroundTruth.writeDenseMask(slide, dir.resolve("x"), "s.truth", 4).sha256())
        .as("dense truth is deterministic").isEqualTo(dense.sha256());
    assertThat(SyntheticGroundTruth.writeSparseMask(slide, dir.resolve("x"), "s.sparse", 4).sha256())
        .as("sparse mask is deterministic").isEqualTo(sparse.sha256());
    assertThat(denseAgain.sha256()).isNotEqualTo(dense.sha256());
    assertThat(sparseAgain.bytes()).isPositive();
  }

  @Test
  void geoJsonIsQuPathAnnotationsLyingInsideRegionsOfTheirClass() throws IOException {
    PublishedFile geo = SyntheticGroundTruth.writeGeoJson(slide, dir, "s.annotations");
    JsonNode root = new ObjectMapper().readTree(geo.file().toFile());
    assertThat(root.get("type").asText()).isEqualTo("FeatureCollection");
    JsonNode features = root.get("features");
    assertThat(features.size()).isGreaterThan(20);
    GeometryFactory gf = new GeometryFactory();
    Set<Integer> classes = new HashSet<>();
    Set<String> ids = new HashSet<>();
    int checked = 0;
    for (JsonNode feature : features) {
      assertThat(feature.get("type").asText()).isEqualTo("Feature");
      assertThat(ids.add(feature.get("id").asText())).as("unique ids").isTrue();
      JsonNode props = feature.get("properties");
      assertThat(props.get("objectType").asText()).isEqualTo("annotation");
      String name = props.get("classification").get("name").asText();
      LabelClass cls = SyntheticClasses.CLASSES.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
      JsonNode color = props.get("classification").get("color");
      assertThat((color.get(0).asInt() << 16) | (color.get(1).asInt() << 8) | color.get(2).asInt()).isEqualTo(cls.rgb());
      classes.add(cls.id());
      JsonNode geom = feature.get("geometry");
      assertThat(geom.get("type").asText()).isEqualTo("Polygon");
      Polygon p = polygon(gf, geom.get("coordinates"));
      assertThat(p.isValid()).isTrue();
      // Every level-0 pixel whose centre is inside the outline (checked on a 3 px lattice) and
      // every vertex has the annotation's class.
      var env = p.getEnvelopeInternal();
      var prepared = org.locationtech.jts.geom.prep.PreparedGeometryFactory.prepare(p);
      for (double y = Math.floor(env.getMinY()) + 0.5; y < env.getMaxY(); y += 3) {
        for (double x = Math.floor(env.getMinX()) + 0.5; x < env.getMaxX(); x += 3) {
          if (prepared.contains(gf.createPoint(new Coordinate(x, y)))) {
            assertThat(slide.classAt((long) x, (long) y)).isEqualTo(cls.id());
            checked++;
          }
        }
      }
      for (Coordinate c : p.getCoordinates()) {
        assertThat(slide.classAt((long) Math.floor(c.x), (long) Math.floor(c.y))).isEqualTo(cls.id());
      }
    }
    assertThat(checked).isGreaterThan(10_000);
    assertThat(classes).contains(SyntheticClasses.GLASS, SyntheticClasses.STROMA, SyntheticClasses.TUMOR);

    PublishedFile again = SyntheticGroundTruth.writeGeoJson(SyntheticSlide.of(slide.spec()), dir, "again");
    assertThat(again.sha256()).as("deterministic").isEqualTo(geo.sha256());
  }

  @Test
  void rareNestsGetTheirOwnAnnotations() {
    SyntheticSlide big = SyntheticSlide.of(SyntheticSlideSpec.of(30000, 24000, 11));
    long[] perClass = new long[7];
    new SyntheticAnnotations(big).forEach(a -> perClass[a.classId()]++);
    assertThat(perClass[SyntheticClasses.CARCINOMA_IN_SITU]).as("rare-class annotations").isPositive();
    for (int c = 1; c <= 5; c++) {
      assertThat(perClass[c]).as("class %d annotations", c).isPositive();
    }
  }

  static Polygon polygon(GeometryFactory gf, JsonNode rings) {
    Coordinate[] shell = coords(rings.get(0));
    org.locationtech.jts.geom.LinearRing[] holes = new org.locationtech.jts.geom.LinearRing[rings.size() - 1];
    for (int i = 1; i < rings.size(); i++) {
      holes[i - 1] = gf.createLinearRing(coords(rings.get(i)));
    }
    return gf.createPolygon(gf.createLinearRing(shell), holes);
  }

  static Coordinate[] coords(JsonNode ring) {
    Coordinate[] c = new Coordinate[ring.size()];
    for (int i = 0; i < ring.size(); i++) {
      c[i] = new Coordinate(ring.get(i).get(0).asDouble(), ring.get(i).get(1).asDouble());
    }
    return c;
  }
}
