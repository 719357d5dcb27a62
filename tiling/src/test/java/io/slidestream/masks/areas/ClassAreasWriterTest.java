package io.slidestream.masks.areas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.slidestream.files.PendingFile;
import io.slidestream.images.LabelClass;
import io.slidestream.images.LabelRaster;
import io.slidestream.masks.MaskOutput;
import io.slidestream.masks.MaskSpec;
import io.slidestream.masks.MaskWriterProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassAreasWriterTest {

  @TempDir
  Path dir;

  @Test
  void countsEveryClassAndTurnsUnwrittenAreaIntoClassZero() throws IOException {
    List<LabelClass> classes = List.of(new LabelClass(0, "Background", 0), new LabelClass(1, "Tumor", 0xc80000),
        new LabelClass(2, "Stroma", 0x96c896), new LabelClass(4, "Never seen", 0x123456));
    MaskSpec spec = new MaskSpec("areas", 700, 500, 256, 2.0, 4, classes);
    MaskWriterProvider p = ServiceLoader.load(MaskWriterProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(x -> x.name().equals("areas-json")).findFirst().orElseThrow();
    long[] expected = new long[256];
    Random rnd = new Random(1);
    List<MaskOutput> out;
    ClassAreasWriter writer = (ClassAreasWriter) p.open(spec, dir);
    try (writer) {
      for (int r = 0; r < spec.rows(); r++) {
        for (int c = 0; c < spec.columns(); c++) {
          if (c == 1 && r == 1) {
            continue; // never written: counts as class 0
          }
          LabelRaster t = LabelRaster.create(spec.tileWidth(c), spec.tileHeight(r));
          for (int i = 0; i < t.data().length; i++) {
            int id = new int[] {0, 1, 2, 9}[rnd.nextInt(4)];
            t.data()[i] = (byte) id;
            expected[id]++;
          }
          writer.writeTile(c, r, t);
        }
      }
      expected[0] += 256 * 244;
      out = writer.finish();
    }
    Path file = dir.resolve("areas.areas.json");
    assertThat(out).singleElement().satisfies(o -> {
      assertThat(o.kind()).isEqualTo("areas-json");
      assertThat(o.sha256()).isEqualTo(PendingFile.sha256(file));
    });
    ClassAreas read = ClassAreas.read(file);
    assertThat(read).isEqualTo(writer.areas());
    assertThat(read.totalPixels()).isEqualTo(350_000);
    assertThat(read.pixelAreaUm2()).isEqualTo(4.0);
    assertThat(read.classes()).extracting(ClassArea::id).containsExactly(0, 1, 2, 4, 9);
    for (ClassArea a : read.classes()) {
      assertThat(a.pixels()).as("class %d", a.id()).isEqualTo(expected[a.id()]);
      assertThat(a.areaUm2()).isEqualTo(expected[a.id()] * 4.0);
      assertThat(a.fraction()).isCloseTo(expected[a.id()] / 350_000.0, within(1e-12));
    }
    assertThat(read.byId(9).orElseThrow().name()).isEqualTo("Class 9");
    assertThat(read.byId(4).orElseThrow().pixels()).isZero();
    assertThat(read.classes().stream().mapToLong(ClassArea::pixels).sum()).isEqualTo(350_000);
  }

  @Test
  void unknownResolutionLeavesAreasOutAndAbandoningLeavesNothing() throws IOException {
    MaskSpec spec = new MaskSpec("nompp", 32, 32, 32, Double.NaN, 1, List.of());
    ClassAreasWriter w = ClassAreasWriter.open(spec, dir);
    w.writeTile(0, 0, LabelRaster.create(32, 32));
    assertThat(w.tally().pixelAreaUm2()).isNull();
    assertThat(w.tally().classes().get(0).areaUm2()).isNull();
    assertThatThrownBy(w::areas).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> w.writeTile(0, 0, LabelRaster.create(32, 32))).isInstanceOf(IllegalStateException.class);
    w.close();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void areasUseThePixelsWidthTimesHeight() throws IOException {
    MaskSpec spec = new MaskSpec("oblong", 64, 32, 32, 1.0, 4, List.of(new LabelClass(0, "Background", 0)), 1.04);
    ClassAreasWriter w = ClassAreasWriter.open(spec, dir);
    w.writeTile(0, 0, LabelRaster.create(32, 32));
    w.writeTile(1, 0, LabelRaster.create(32, 32));
    assertThat(w.tally().pixelAreaUm2()).isCloseTo(1.04, within(1e-12));
    assertThat(w.tally().classes().get(0).areaUm2()).isCloseTo(64 * 32 * 1.04, within(1e-9));
    w.close();
    assertThatThrownBy(() -> new MaskSpec("half", 64, 32, 32, 1.0, 4, List.of(), Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both");
  }
}
