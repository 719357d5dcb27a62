package io.slidestream.annotations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.annotations.protocol.LabelingProtocol;
import io.slidestream.annotations.protocol.LabelingProtocolConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnotationSourcesTest {

  static final LabelingProtocol PROTOCOL = LabelingProtocolConfig.parse("""
      classes = [ { name = background, color = "#ffffff" }, { name = tumor, color = "#ff0000" } ]
      values { 0 = background, 1 = tumor }
      names { Tumor = tumor, Stroma = background, _0 = tumor, _2 = unannotated, lymphocytes = tumor }
      unclassified = unannotated
      """);

  private static Path copy(String resource, Path to) throws IOException {
    try (InputStream in = AnnotationSourcesTest.class.getResourceAsStream("io/" + resource)) {
      Files.copy(in, to);
    }
    return to;
  }

  @Test
  void picksTheReaderByFileType(@TempDir Path dir) throws IOException {
    RegionRequest r = new RegionRequest(0, 0, 1, 100, 100);
    try (AnnotationSource g = AnnotationSources.open(copy("qupath-annotations.geojson", dir.resolve("a.geojson")),
        PROTOCOL, 1)) {
      assertThat(g).isInstanceOf(PolygonAnnotationSource.class);
      assertThat(g.rasterize(r).get(10, 10)).isEqualTo(0b10); // inside the ring
      assertThat(g.rasterize(r).get(50, 50)).isEqualTo(0b11); // in its hole: no annotation there
    }
    try (AnnotationSource x = AnnotationSources.open(copy("asap-annotations.xml", dir.resolve("a.xml")), PROTOCOL, 1)) {
      LabelSetRaster out = x.rasterize(r);
      assertThat(out.get(10, 10)).isEqualTo(0b10); // group _0
      assertThat(out.get(50, 50)).isEqualTo(0b11); // the smaller exclusion (_2) inside it
    }
    Path png = TestImages.png(dir.resolve("a.png"), TestImages.gray(2, 1, 8, new int[] {0, 1}));
    try (AnnotationSource l = AnnotationSources.open(png, PROTOCOL, 8)) {
      assertThat(l.rasterize(new RegionRequest(0, 0, 8, 2, 1)).data()).containsExactly(0b01, 0b10);
    }
    Path other = Files.writeString(dir.resolve("a.csv"), "x,y");
    assertThatThrownBy(() -> AnnotationSources.open(other, PROTOCOL, 1))
        .isInstanceOf(AnnotationException.Unsupported.class).hasMessageContaining(".geojson");
  }
}
