package io.slidestream.annotations.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.annotations.AnnotationException;
import io.slidestream.annotations.PolygonAnnotation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;

class AsapXmlAnnotationReaderTest {

  private static List<PolygonAnnotation> parse(String annotations) throws IOException {
    String xml = "<?xml version=\"1.0\"?>\n<ASAP_Annotations><Annotations>" + annotations
        + "</Annotations><AnnotationGroups/></ASAP_Annotations>";
    return new AsapXmlAnnotationReader().read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "t.xml");
  }

  private static String annotation(String name, String type, double[][] xy) {
    StringBuilder sb = new StringBuilder("<Annotation Name=\"" + name + "\" Type=\"" + type
        + "\" PartOfGroup=\"tumor\" Color=\"#F4FA58\"><Coordinates>");
    for (int i = 0; i < xy.length; i++) {
      sb.append("<Coordinate Order=\"").append(i).append("\" X=\"").append(xy[i][0]).append("\" Y=\"")
          .append(xy[i][1]).append("\"/>");
    }
    return sb.append("</Coordinates></Annotation>").toString();
  }

  @Test
  void readsPolygonsRectanglesAndSplinesInCoordinateOrder() throws IOException {
    List<PolygonAnnotation> a;
    try (InputStream in = getClass().getResourceAsStream("asap-annotations.xml")) {
      a = new AsapXmlAnnotationReader().read(in, "asap-annotations.xml");
    }
    assertThat(a).hasSize(4); // the PointSet and the Dot have no area
    PolygonAnnotation square = a.get(0);
    assertThat(square.origin()).startsWith("asap-annotations.xml: annotation 0 'Annotation 0' (line ");
    assertThat(square.classNames()).containsExactly("_0");
    // Coordinates were listed out of order; taken by Order they make a square, not a bow tie.
    assertThat(square.geometry().getArea()).isEqualTo(100 * 100);
    assertThat(square.geometry().getCoordinates()[0]).isEqualTo(new Coordinate(0, 0));
    assertThat(a.get(1).classNames()).containsExactly("_2");
    // A decimal comma; the group's parent group is offered after it.
    PolygonAnnotation box = a.get(2);
    assertThat(box.classNames()).containsExactly("lymphocytes", "immune");
    assertThat(box.geometry().getEnvelopeInternal().getMinX()).isEqualTo(200.5);
    assertThat(box.geometry().getArea()).isEqualTo(100 * 50);
    // "None" is unclassified; a spline is the polygon through its control points.
    assertThat(a.get(3).classNames()).isEmpty();
    assertThat(a.get(3).geometry().getArea()).isEqualTo(40 * 40 / 2.0);
  }

  @Test
  void groupChainsStopAtNoneAndAtACycle() throws IOException {
    String square = annotation("a", "Polygon", new double[][] {{0, 0}, {10, 0}, {10, 10}, {0, 10}});
    String xml = "<?xml version=\"1.0\"?>\n<ASAP_Annotations><Annotations>" + square + "</Annotations>"
        + "<AnnotationGroups>"
        + "<Group Name=\"tumor\" PartOfGroup=\"malignant\"/>"
        + "<Group Name=\"malignant\" PartOfGroup=\"lesion\"/>"
        + "<Group Name=\"lesion\" PartOfGroup=\"tumor\"/>" // back to the start
        + "</AnnotationGroups></ASAP_Annotations>";
    List<PolygonAnnotation> a = new AsapXmlAnnotationReader()
        .read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "cycle.xml");
    assertThat(a.get(0).classNames()).containsExactly("tumor", "malignant", "lesion");
    String capped = xml.replace("PartOfGroup=\"lesion\"/>", "PartOfGroup=\"None\"/>");
    assertThat(new AsapXmlAnnotationReader().read(new ByteArrayInputStream(capped.getBytes(StandardCharsets.UTF_8)),
        "none.xml").get(0).classNames()).containsExactly("tumor", "malignant");
  }

  @Test
  void readsAFile(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("slide.xml");
    try (InputStream in = getClass().getResourceAsStream("asap-annotations.xml")) {
      Files.copy(in, f);
    }
    assertThat(new AsapXmlAnnotationReader().read(f)).hasSize(4)
        .allSatisfy(p -> assertThat(p.origin()).startsWith("slide.xml: "));
  }

  @Test
  void brokenShapesNameTheAnnotationAndTheReason() {
    assertThatThrownBy(() -> parse(annotation("ok", "Polygon", new double[][] {{0, 0}, {1, 0}, {1, 1}})
        + annotation("Bow", "Polygon", new double[][] {{0, 0}, {10, 10}, {10, 0}, {0, 10}})))
        .isInstanceOf(AnnotationException.InvalidGeometry.class).hasMessageContaining("annotation 1 'Bow'")
        .hasMessageContaining("Self-intersection");
    assertThatThrownBy(() -> parse(annotation("Two", "Polygon", new double[][] {{0, 0}, {1, 0}})))
        .isInstanceOf(AnnotationException.InvalidGeometry.class).hasMessageContaining("'Two'")
        .hasMessageContaining("2 distinct positions");
    assertThatThrownBy(() -> parse(annotation("Inf", "Polygon", new double[][] {{0, 0}, {Double.NaN, 0}, {1, 1}})))
        .isInstanceOf(AnnotationException.InvalidGeometry.class).hasMessageContaining("not a finite coordinate");
  }

  @Test
  void malformedFilesAreRejected() {
    assertThatThrownBy(() -> parse("<Annotation Name=\"a\" Type=\"Polygon\"><Coordinates>"))
        .isInstanceOf(AnnotationException.Malformed.class).hasMessageContaining("t.xml: malformed XML at line");
    assertThatThrownBy(() -> parse(annotation("Circle", "Ellipse", new double[][] {{0, 0}, {1, 0}, {1, 1}})))
        .isInstanceOf(AnnotationException.Malformed.class).hasMessageContaining("unknown Type 'Ellipse'");
    assertThatThrownBy(() -> parse("<Annotation Name=\"a\" Type=\"Polygon\"><Coordinates>"
        + "<Coordinate Order=\"0\" X=\"1\"/></Coordinates></Annotation>"))
        .isInstanceOf(AnnotationException.Malformed.class).hasMessageContaining("has no Y attribute");
    assertThatThrownBy(() -> parse("<Annotation Name=\"a\" Type=\"Polygon\"><Coordinates>"
        + "<Coordinate Order=\"0\" X=\"1e\" Y=\"2\"/></Coordinates></Annotation>"))
        .isInstanceOf(AnnotationException.Malformed.class).hasMessageContaining("X=\"1e\", not a number");
    assertThatThrownBy(() -> parse("<Annotation Name=\"a\"><Coordinates/></Annotation>"))
        .isInstanceOf(AnnotationException.Malformed.class).hasMessageContaining("no Type attribute");
    assertThatThrownBy(() -> new AsapXmlAnnotationReader().read(new ByteArrayInputStream(
        "<Annotations/>".getBytes(StandardCharsets.UTF_8)), "other.xml"))
        .isInstanceOf(AnnotationException.Malformed.class).hasMessageContaining("not an ASAP annotation file");
  }

  @Test
  void externalEntitiesAreRefused(@TempDir Path dir) throws IOException {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "42");
    String xml = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
        + "<ASAP_Annotations><Annotations><Annotation Name=\"&x;\" Type=\"Polygon\"/></Annotations></ASAP_Annotations>";
    assertThatThrownBy(() -> new AsapXmlAnnotationReader().read(
        new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "xxe.xml"))
        .isInstanceOf(AnnotationException.Malformed.class);
  }
}
