package io.slidestream.annotations.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.annotations.AnnotationException;
import io.slidestream.annotations.PolygonAnnotation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;

class GeoJsonAnnotationReaderTest {

  private static List<PolygonAnnotation> resource(GeoJsonAnnotationReader reader) throws IOException {
    try (InputStream in = GeoJsonAnnotationReaderTest.class.getResourceAsStream("qupath-annotations.geojson")) {
      return reader.read(in, "qupath-annotations.geojson");
    }
  }

  private static List<PolygonAnnotation> parse(String json) throws IOException {
    return new GeoJsonAnnotationReader().read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
        "t.geojson");
  }

  private static final String SQUARE = "{\"type\": \"Polygon\", \"coordinates\": [[[0,0],[10,0],[10,10],[0,10],[0,0]]]}";

  private static String feature(String geometry, String properties) {
    return "{\"type\": \"Feature\", \"geometry\": " + geometry + ", \"properties\": " + properties + "}";
  }

  @Test
  void readsQuPathAnnotationsWithHolesAndMultiPolygons() throws IOException {
    List<PolygonAnnotation> a = resource(new GeoJsonAnnotationReader());
    assertThat(a).hasSize(4);

    PolygonAnnotation ring = a.get(0);
    assertThat(ring.origin()).isEqualTo("qupath-annotations.geojson: feature 0 'Ring'");
    assertThat(ring.classNames()).containsExactly("Tumor");
    assertThat((Object) ring.geometry()).isInstanceOf(Polygon.class);
    assertThat(((Polygon) ring.geometry()).getNumInteriorRing()).isEqualTo(1);
    assertThat(ring.geometry().getArea()).isEqualTo(100 * 100 - 50 * 50);

    // objectType at the top level, as some QuPath versions write it.
    PolygonAnnotation two = a.get(1);
    assertThat(two.origin()).contains("feature 1 'Two pieces'");
    assertThat(two.classNames()).containsExactly("Stroma");
    assertThat((Object) two.geometry()).isInstanceOf(MultiPolygon.class);
    assertThat(two.geometry().getNumGeometries()).isEqualTo(2);
    assertThat(two.geometry().getArea()).isEqualTo(50 * 50 + 100 * 100 - 60 * 60);

    // QuPath 0.2's id "PathAnnotationObject"; a derived class falls back to its base class.
    assertThat(a.get(2).origin()).endsWith("feature 2");
    assertThat(a.get(2).classNames()).containsExactly("Tumor: Positive", "Tumor");

    // The detection, the cell, the point, the line and the null geometry are skipped.
    assertThat(a.get(3).origin()).contains("feature 8 'Region outline'");
    assertThat(a.get(3).classNames()).isEmpty();
  }

  @Test
  void detectionsAndCellsAreReadOnlyWhenAsked() throws IOException {
    List<PolygonAnnotation> a = resource(new GeoJsonAnnotationReader(new GeoJsonAnnotationReader.Options(true)));
    assertThat(a).hasSize(6);
    assertThat(a).extracting(PolygonAnnotation::origin).anyMatch(o -> o.endsWith("feature 3"))
        .anyMatch(o -> o.endsWith("feature 4"));
  }

  @Test
  void acceptsABareArrayOfFeaturesAndASingleFeature() throws IOException {
    String f1 = feature(SQUARE, "{\"classification\": {\"name\": \"A\"}}");
    String f2 = feature(SQUARE, "{\"classification\": \"B\"}");
    assertThat(parse("[" + f1 + ", " + f2 + "]")).extracting(p -> p.classNames().get(0)).containsExactly("A", "B");
    assertThat(parse(f1)).singleElement().extracting(p -> p.classNames().get(0)).isEqualTo("A");
    // Keys in any order: "features" before "type".
    assertThat(parse("{\"features\": [" + f1 + "], \"type\": \"FeatureCollection\"}")).hasSize(1);
  }

  @Test
  void geometryCollectionsContributeTheirPolygons() throws IOException {
    String gc = "{\"type\": \"GeometryCollection\", \"geometries\": [" + SQUARE
        + ", {\"type\": \"Point\", \"coordinates\": [50, 50]},"
        + " {\"type\": \"Polygon\", \"coordinates\": [[[20,0],[30,0],[30,10],[20,10],[20,0]]]}]}";
    List<PolygonAnnotation> a = parse(feature(gc, "{\"classification\": {\"name\": \"A\"}}"));
    assertThat(a).singleElement().satisfies(p -> assertThat(p.geometry().getArea()).isEqualTo(200));
  }

  @Test
  void malformedJsonSaysWhere() {
    assertThatThrownBy(() -> parse("{\"type\": \"FeatureCollection\",\n \"features\": [ {\"type\": \"Feature\",, } ]}"))
        .isInstanceOf(AnnotationException.Malformed.class).hasMessageContaining("t.geojson")
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> parse("{\"type\": \"FeatureCollection\", \"features\": [")).isInstanceOf(
        AnnotationException.Malformed.class);
    assertThatThrownBy(() -> parse("[" + feature(SQUARE, "{}") + "] trailing")).isInstanceOf(
        AnnotationException.Malformed.class);
  }

  @Test
  void wrongGeoJsonTypesAreRejected() {
    assertThatThrownBy(() -> parse("{\"type\": \"Topology\", \"objects\": {}}"))
        .isInstanceOf(AnnotationException.Malformed.class).hasMessageContaining("top-level GeoJSON type is 'Topology'");
    assertThatThrownBy(() -> parse("{\"type\": \"Polygon\", \"features\": []}"))
        .isInstanceOf(AnnotationException.Malformed.class).hasMessageContaining("'FeatureCollection'");
    assertThatThrownBy(() -> parse("[{\"type\": \"Feature\", \"geometry\": " + SQUARE + "}, {\"type\": \"Featur\"}]"))
        .isInstanceOf(AnnotationException.Malformed.class).hasMessageContaining("feature 1 has type 'Featur'");
    assertThatThrownBy(() -> parse("[" + feature("{\"type\": \"Polygn\", \"coordinates\": []}", "{\"name\": \"x\"}")
        + "]")).isInstanceOf(AnnotationException.Malformed.class)
        .hasMessageContaining("feature 0 'x'").hasMessageContaining("unknown geometry type 'Polygn'");
    assertThatThrownBy(() -> parse("[" + feature("{\"type\": \"Polygon\"}", "{}") + "]"))
        .isInstanceOf(AnnotationException.Malformed.class).hasMessageContaining("no 'coordinates'");
    assertThatThrownBy(() -> parse("[" + feature("{\"type\": \"Polygon\", \"coordinates\": [[[0,0],[1,\"a\"],[1,1],"
        + "[0,0]]]}", "{}") + "]")).isInstanceOf(AnnotationException.Malformed.class)
        .hasMessageContaining("ring 0 (shell): position 1 is not [x, y] numbers");
    assertThatThrownBy(() -> parse("[" + feature(SQUARE, "{\"classification\": 3}") + "]"))
        .isInstanceOf(AnnotationException.Malformed.class).hasMessageContaining("'classification'");
    assertThatThrownBy(() -> parse("[" + feature(SQUARE, "[1]") + "]"))
        .isInstanceOf(AnnotationException.Malformed.class).hasMessageContaining("'properties' must be an object");
  }

  @Test
  void brokenGeometryNamesTheFeatureAndTheReason() {
    String props = "{\"name\": \"Bad\", \"classification\": {\"name\": \"A\"}}";
    assertThatThrownBy(() -> parse("[" + feature(SQUARE, "{}") + ", "
        + feature("{\"type\": \"Polygon\", \"coordinates\": [[[0,0],[10,0],[10,10],[0,10]]]}", props) + "]"))
        .isInstanceOf(AnnotationException.InvalidGeometry.class)
        .hasMessageContaining("t.geojson: feature 1 'Bad': polygon 0, ring 0 (shell): ring is not closed");
    assertThatThrownBy(() -> parse("[" + feature(
        "{\"type\": \"Polygon\", \"coordinates\": [[[0,0],[10,0],[0,0]]]}", props) + "]"))
        .isInstanceOf(AnnotationException.InvalidGeometry.class).hasMessageContaining("2 distinct positions");
    assertThatThrownBy(() -> parse("[" + feature(
        "{\"type\": \"Polygon\", \"coordinates\": [[[0,0],[1e999,0],[10,10],[0,0]]]}", props) + "]"))
        .isInstanceOf(AnnotationException.InvalidGeometry.class).hasMessageContaining("not a finite coordinate");
    // A bow tie crosses itself.
    assertThatThrownBy(() -> parse("[" + feature(
        "{\"type\": \"Polygon\", \"coordinates\": [[[0,0],[10,10],[10,0],[0,10],[0,0]]]}", props) + "]"))
        .isInstanceOf(AnnotationException.InvalidGeometry.class).hasMessageContaining("feature 0 'Bad'")
        .hasMessageContaining("Self-intersection").hasMessageContaining("(5.0, 5.0)");
    // A hole outside its shell.
    assertThatThrownBy(() -> parse("[" + feature("{\"type\": \"Polygon\", \"coordinates\": ["
        + "[[0,0],[10,0],[10,10],[0,10],[0,0]], [[20,20],[30,20],[30,30],[20,30],[20,20]]]}", props) + "]"))
        .isInstanceOf(AnnotationException.InvalidGeometry.class).hasMessageContaining("Hole lies outside shell");
    // Overlapping parts of a MultiPolygon.
    assertThatThrownBy(() -> parse("[" + feature("{\"type\": \"MultiPolygon\", \"coordinates\": ["
        + "[[[0,0],[10,0],[10,10],[0,10],[0,0]]], [[[5,5],[15,5],[15,15],[5,15],[5,5]]]]}", props) + "]"))
        .isInstanceOf(AnnotationException.InvalidGeometry.class).hasMessageContaining("invalid MultiPolygon");
    assertThatThrownBy(() -> parse("[" + feature("{\"type\": \"Polygon\", \"coordinates\": []}", props) + "]"))
        .isInstanceOf(AnnotationException.InvalidGeometry.class).hasMessageContaining("no rings");
  }
}
