package io.slidestream.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slidestream.files.PendingFile;
import io.slidestream.service.records.MaskRecord;
import io.slidestream.service.records.OutputFile;
import io.slidestream.testdata.ReferencePython;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/** Checks that the files a mask record names are there, whole, and open in their readers. */
final class OutputChecks {

  private OutputChecks() {}

  static Path path(OutputFile o) {
    return Path.of(URI.create(o.uri()));
  }

  /** Every output exists with the size and SHA-256 its record says, and opens; returns them by kind. */
  static Map<String, Path> verify(MaskRecord mask) throws Exception {
    Map<String, Path> byKind = new LinkedHashMap<>();
    for (OutputFile o : mask.outputs()) {
      Path p = path(o);
      assertThat(p).as(o.kind()).isRegularFile();
      assertThat(Files.size(p)).as(o.kind() + " size").isEqualTo(o.bytes());
      assertThat(PendingFile.sha256(p)).as(o.kind() + " checksum").isEqualTo(o.sha256());
      assertThat(p.getFileName().toString()).as("files are named by the opaque slide id")
          .startsWith(mask.slideId());
      byKind.put(o.kind(), p);
    }
    ObjectMapper json = new ObjectMapper();
    if (byKind.containsKey("mask-tiff")) {
      // The reference reader: tifffile sees a pyramid whose first page is the mask.
      String out = ReferencePython.run("""
          import sys, tifffile, numpy as np
          t = tifffile.TiffFile(sys.argv[1])
          a = t.pages[0].asarray()
          print(len(t.pages), a.shape[1], a.shape[0], int(a.max()))
          """, byKind.get("mask-tiff").toString());
      String[] f = out.trim().split(" ");
      assertThat(Integer.parseInt(f[0])).as("mask pages").isGreaterThanOrEqualTo(1);
      assertThat(Integer.parseInt(f[1])).as("mask width").isPositive();
      assertThat(Integer.parseInt(f[3])).as("largest class id in the mask").isBetween(0, 255);
    }
    if (byKind.containsKey("overview-png")) {
      BufferedImage img = ImageIO.read(byKind.get("overview-png").toFile());
      assertThat(img).as("overview PNG decodes").isNotNull();
      assertThat(img.getWidth()).isPositive();
    }
    if (byKind.containsKey("geojson")) {
      JsonNode g = json.readTree(byKind.get("geojson").toFile());
      assertThat(g.get("type").asText()).isEqualTo("FeatureCollection");
      assertThat(g.get("features").isArray()).isTrue();
    }
    if (byKind.containsKey("areas-json")) {
      assertThat(json.readTree(byKind.get("areas-json").toFile()).isObject()).isTrue();
    }
    return byKind;
  }
}
