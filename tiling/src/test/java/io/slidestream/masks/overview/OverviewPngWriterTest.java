package io.slidestream.masks.overview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.files.PendingFile;
import io.slidestream.images.LabelClass;
import io.slidestream.images.LabelRaster;
import io.slidestream.masks.MaskOutput;
import io.slidestream.masks.MaskSpec;
import io.slidestream.masks.MaskWriterProvider;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverviewPngWriterTest {

  @TempDir
  Path dir;

  static final List<LabelClass> CLASSES = List.of(new LabelClass(1, "Tumor", 0xc80000), new LabelClass(2, "Stroma", 0x96c896));

  /** Label at mask pixel (x, y): stripes of 1 and 2, 0 in the top-left quarter. */
  static int label(long x, long y) {
    if (x < 2500 && y < 1500) {
      return 0;
    }
    return (x / 300) % 2 == 0 ? 1 : 2;
  }

  @Test
  void overviewIsBoundedSampledAtBlockCentresAndColouredByClass() throws IOException {
    MaskSpec spec = new MaskSpec("ov", 5000, 3000, 512, 1.0, 1, CLASSES);
    MaskWriterProvider p = ServiceLoader.load(MaskWriterProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(x -> x.name().equals("overview-png")).findFirst().orElseThrow();
    List<MaskOutput> out;
    try (var w = p.open(spec, dir)) {
      for (int r = spec.rows() - 1; r >= 0; r--) {
        for (int c = 0; c < spec.columns(); c++) {
          LabelRaster t = LabelRaster.create(spec.tileWidth(c), spec.tileHeight(r));
          for (int y = 0; y < t.height(); y++) {
            for (int x = 0; x < t.width(); x++) {
              t.set(x, y, label((long) c * 512 + x, (long) r * 512 + y));
            }
          }
          w.writeTile(c, r, t);
        }
      }
      out = w.finish();
    }
    Path file = dir.resolve("ov.overview.png");
    assertThat(out).singleElement().satisfies(o -> {
      assertThat(o.kind()).isEqualTo("overview-png");
      assertThat(o.sha256()).isEqualTo(PendingFile.sha256(file));
      assertThat(o.bytes()).isEqualTo(Files.size(file));
    });
    BufferedImage img = ImageIO.read(file.toFile());
    // factor ceil(5000 / 2048) = 3: 1667 × 1000
    assertThat(img.getWidth()).isEqualTo(1667);
    assertThat(img.getHeight()).isEqualTo(1000);
    assertThat(img.getColorModel()).isInstanceOf(IndexColorModel.class);
    for (int oy = 0; oy < 1000; oy += 7) {
      for (int ox = 0; ox < 1667; ox += 5) {
        long mx = Math.min(ox * 3L + 1, 4999);
        long my = Math.min(oy * 3L + 1, 2999);
        int id = label(mx, my);
        assertThat(img.getRaster().getSample(ox, oy, 0)).as("label at %d,%d", ox, oy).isEqualTo(id);
        int rgb = img.getRGB(ox, oy) & 0xffffff;
        assertThat(rgb).isEqualTo(id == 0 ? OverviewPngWriter.UNNAMED_COLOUR : CLASSES.get(id - 1).rgb());
      }
    }
  }

  @Test
  void smallMasksAreNotEnlargedAndAbandonedOnesLeaveNothing() throws IOException {
    MaskSpec spec = new MaskSpec("small", 100, 40, 64, Double.NaN, 1, CLASSES);
    OverviewPngWriter w = OverviewPngWriter.open(spec, dir, 2048);
    assertThat(w.factor()).isEqualTo(1);
    assertThat(w.width()).isEqualTo(100);
    w.writeTile(1, 0, LabelRaster.create(36, 40));
    w.close();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
    assertThatThrownBy(() -> w.finish()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> OverviewPngWriter.open(spec, dir, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
