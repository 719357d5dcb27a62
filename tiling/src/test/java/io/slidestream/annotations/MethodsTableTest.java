package io.slidestream.annotations;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.annotations.io.AsapXmlAnnotationReader;
import io.slidestream.annotations.io.GeoJsonAnnotationReader;
import io.slidestream.annotations.protocol.LabelingProtocol;
import io.slidestream.annotations.protocol.LabelingProtocolConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every row of the methods §1 table, end to end: a protocol written as configuration, a real
 * annotation file (label PNG, QuPath GeoJSON or ASAP XML) and the label sets that come out.
 */
class MethodsTableTest {

  @TempDir
  Path dir;

  private static final String TISSUE_CLASSES = """
      classes = [
        { name = background, color = "#ffffff" }
        { name = tumor,      color = "#c80000" }
        { name = stroma,     color = "#00a000" }
      ]
      """;

  /** A 4x1 label PNG at downsample 1. */
  private LabelSetRaster labelImage(LabelingProtocol p, int... values) throws IOException {
    Path f = TestImages.png(dir.resolve("labels.png"), TestImages.gray(values.length, 1, 8, values));
    try (LabelImageSource s = LabelImageSource.open(f, 1, p)) {
      return s.rasterize(new RegionRequest(0, 0, 1, values.length, 1));
    }
  }

  /** A GeoJSON file with one 10x10 square of class {@code cls} at the origin. */
  private PolygonAnnotationSource geojsonSquare(LabelingProtocol p, String cls) throws IOException {
    Path f = Files.writeString(dir.resolve("a.geojson"), """
        {"type": "FeatureCollection", "features": [{"type": "Feature",
          "geometry": {"type": "Polygon", "coordinates": [[[0,0],[10,0],[10,10],[0,10],[0,0]]]},
          "properties": {"objectType": "annotation", "classification": {"name": "%s"}}}]}
        """.formatted(cls));
    return PolygonAnnotationSource.of(new GeoJsonAnnotationReader().read(f), p);
  }

  /** An ASAP file with one 10x10 rectangle in group {@code group} at the origin. */
  private PolygonAnnotationSource asapRectangle(LabelingProtocol p, String group) throws IOException {
    Path f = Files.writeString(dir.resolve("a.xml"), """
        <?xml version="1.0"?>
        <ASAP_Annotations><Annotations>
          <Annotation Name="Annotation 0" Type="Rectangle" PartOfGroup="%s" Color="#F4FA58"><Coordinates>
            <Coordinate Order="0" X="0" Y="0"/><Coordinate Order="1" X="10" Y="0"/>
            <Coordinate Order="2" X="10" Y="10"/><Coordinate Order="3" X="0" Y="10"/>
          </Coordinates></Annotation>
        </Annotations><AnnotationGroups><Group Name="%s" PartOfGroup="None" Color="#FF0000"/></AnnotationGroups>
        </ASAP_Annotations>
        """.formatted(group, group));
    return PolygonAnnotationSource.of(new AsapXmlAnnotationReader().read(f), p);
  }

  private static final RegionRequest TWO_PIXELS = new RegionRequest(0, 0, 10, 2, 1); // centres (5, 5) and (15, 5)

  @Test
  void pixelAnnotatedWithClassK() throws IOException {
    LabelingProtocol p = LabelingProtocolConfig.parse(TISSUE_CLASSES + "values { 1 = tumor, 2 = stroma }");
    assertThat(labelImage(p, 1, 2).data()).containsExactly(0b010, 0b100);
    assertThat(geojsonSquare(p, "tumor").rasterize(TWO_PIXELS).get(0, 0)).isEqualTo(0b010);
  }

  @Test
  void pixelNotAnnotatedAdmitsAllClassesAndSoContributesNothing() throws IOException {
    // Sparse annotation (Bokhorst): label 0 means "not annotated", not background.
    LabelingProtocol p = LabelingProtocolConfig.parse(TISSUE_CLASSES + "values { 0 = unannotated, 1 = tumor }");
    assertThat(labelImage(p, 0, 1).data()).containsExactly(0b111, 0b010);
    // Polygons: area no polygon covers is unannotated unless the protocol says otherwise.
    LabelSetRaster r = geojsonSquare(p, "tumor").rasterize(TWO_PIXELS);
    assertThat(r.data()).containsExactly(0b010, 0b111);
    assertThat(r.isUnconstrained(1, 0)).isTrue();
  }

  @Test
  void pixelAnnotatedWithASuperLabelAdmitsTheMergedClasses() throws IOException {
    // Kemnitz's SLAC: an annotator who only says "tissue" merges tumor and stroma.
    LabelingProtocol p = LabelingProtocolConfig.parse(TISSUE_CLASSES + """
        super-labels { tissue = [tumor, stroma] }
        values { 0 = background, 3 = tissue }
        """);
    assertThat(labelImage(p, 3, 0).data()).containsExactly(0b110, 0b001);
    assertThat(asapRectangle(p, "tissue").rasterize(TWO_PIXELS).get(0, 0)).isEqualTo(0b110);
  }

  @Test
  void backgroundOfADatasetThatAnnotatedOnlySomeLabelsAdmitsAllButThose() throws IOException {
    // Roulet's ACE: a lesion-only dataset; its "background" may hold any class but the lesions it annotates.
    LabelingProtocol p = LabelingProtocolConfig.parse("""
        classes = [
          { name = background, color = "#ffffff" }, { name = lesion-a, color = "#ff0000" }
          { name = lesion-b, color = "#00ff00" }, { name = organ, color = "#0000ff" }
        ]
        annotated-only = [lesion-a]
        values { 0 = background-or-missing, 1 = lesion-a }
        unannotated = background-or-missing
        """);
    long allButLesionA = 0b1101;
    assertThat(labelImage(p, 0, 1).data()).containsExactly(allButLesionA, 0b0010);
    assertThat(geojsonSquare(p, "lesion-a").rasterize(TWO_PIXELS).data()).containsExactly(0b0010, allButLesionA);
  }

  @Test
  void backgroundOfAVolumeWhereAnOrganWasNotAnnotatedAdmitsBackgroundAndTheMissingOrgans() throws IOException {
    // Petit's SMILE: this dataset never annotated the kidney or the pancreas.
    LabelingProtocol p = LabelingProtocolConfig.parse("""
        classes = [
          { name = background, color = "#000000" }, { name = liver, color = "#aa0000" }
          { name = spleen, color = "#00aa00" }, { name = kidney, color = "#0000aa" }
          { name = pancreas, color = "#aaaa00" }
        ]
        never-annotated = [kidney, pancreas]
        values { 0 = background-or-missing, 1 = liver, 2 = spleen }
        """);
    long backgroundKidneyPancreas = 0b11001;
    assertThat(labelImage(p, 0, 1, 2, 0).data()).containsExactly(backgroundKidneyPancreas, 0b00010, 0b00100,
        backgroundKidneyPancreas);
  }

  @Test
  void outsideANonExpertBoundingBoxIsBackground() throws IOException {
    // Martin's MBCE: non-experts boxed every tumour; outside the boxes is certainly background,
    // inside a box is tumour or background.
    LabelingProtocol p = LabelingProtocolConfig.parse(TISSUE_CLASSES + """
        names { tumor-box = [background, tumor] }
        unannotated = background
        """);
    LabelSetRaster r = asapRectangle(p, "tumor-box").rasterize(TWO_PIXELS);
    assertThat(r.data()).containsExactly(0b011, 0b001);
  }
}
