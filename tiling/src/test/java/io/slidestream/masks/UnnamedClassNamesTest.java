package io.slidestream.masks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slidestream.images.LabelClass;
import io.slidestream.images.LabelRaster;
import io.slidestream.masks.areas.ClassAreas;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A label the spec does not name gets the same name in every output that names classes. */
class UnnamedClassNamesTest {

  @TempDir
  Path dir;

  @Test
  void everyWriterNamesAnUnnamedLabelAlike() throws IOException {
    MaskSpec spec = new MaskSpec("unnamed", 32, 32, 32, 0.5, 1.0, List.of(new LabelClass(1, "Tumor", 0xc80000)));
    LabelRaster tile = LabelRaster.create(32, 32);
    tile.set(5, 5, 1);
    tile.set(20, 20, 7);
    List<MaskWriter> writers = MaskWriters.open(List.of("geojson", "areas-json"), spec, dir);
    for (MaskWriter w : writers) {
      try (w) {
        w.writeTile(0, 0, tile);
        w.finish();
      }
    }
    JsonNode features = new ObjectMapper().readTree(dir.resolve("unnamed.geojson").toFile()).get("features");
    String inGeoJson = features.get(1).at("/properties/classification/name").asText();
    String inAreas = ClassAreas.read(dir.resolve("unnamed.areas.json")).byId(7).orElseThrow().name();
    assertThat(inGeoJson).isEqualTo(inAreas).isEqualTo(LabelClass.unnamed(7).name()).isEqualTo("Class 7");
  }
}
