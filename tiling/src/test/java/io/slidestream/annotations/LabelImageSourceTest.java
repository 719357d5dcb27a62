package io.slidestream.annotations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.annotations.protocol.LabelingProtocol;
import io.slidestream.annotations.protocol.LabelingProtocolConfig;
import io.slidestream.testdata.SharedData;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelImageSourceTest {

  /** Values 0..3 are classes 0..3 directly; 255 is unannotated; 1000 (16-bit) is a super label. */
  static final LabelingProtocol PROTOCOL = LabelingProtocolConfig.parse("""
      classes = [
        { name = c0, color = "#000000" }, { name = c1, color = "#111111" }
        { name = c2, color = "#222222" }, { name = c3, color = "#333333" }
      ]
      super-labels { c12 = [c1, c2] }
      values { 0 = c0, 1 = c1, 2 = c2, 3 = c3, 255 = unannotated, 1000 = c12 }
      """);
  static final long ALL = 0b1111;

  private static final LabelImageSource.Options DECODE = LabelImageSource.Options.defaults();
  private static final LabelImageSource.Options FROM_DISK = new LabelImageSource.Options(0, 16L << 20);
  private static final LabelImageSource.Options ROW_BY_ROW = new LabelImageSource.Options(0, 1);

  private static int[] randomValues(Random rnd, int n, int[] choices) {
    int[] v = new int[n];
    for (int i = 0; i < n; i++) {
      v[i] = choices[rnd.nextInt(choices.length)];
    }
    return v;
  }

  /** Nearest neighbour, written out independently of the source: the label pixel under each output centre. */
  private static long[] expected(int[] values, int lw, int lh, double labelDownsample, RegionRequest r) {
    long[] out = new long[r.width() * r.height()];
    for (int j = 0; j < r.height(); j++) {
      for (int i = 0; i < r.width(); i++) {
        double cx = r.x() + (i + 0.5) * r.downsample();
        double cy = r.y() + (j + 0.5) * r.downsample();
        int u = (int) Math.floor(cx / labelDownsample);
        int v = (int) Math.floor(cy / labelDownsample);
        out[j * r.width() + i] = cx < 0 || cy < 0 || u >= lw || v >= lh ? ALL : PROTOCOL.setForValue(values[v * lw + u]);
      }
    }
    return out;
  }

  @Test
  void eachLabelPixelCoversItsLevelZeroBlock(@TempDir Path dir) throws IOException {
    // A 4x4 label image at downsample 2 covers level-0 8x8: each label pixel becomes a 2x2 block.
    int[] values = {0, 1, 2, 3, 3, 2, 1, 0, 255, 255, 0, 0, 1, 1, 1, 1};
    Path f = TestImages.png(dir.resolve("l.png"), TestImages.gray(4, 4, 8, values));
    try (LabelImageSource s = LabelImageSource.open(f, 2, PROTOCOL)) {
      LabelSetRaster out = s.rasterize(new RegionRequest(0, 0, 1, 8, 8));
      assertThat(out.get(0, 0)).isEqualTo(0b0001);
      assertThat(out.get(1, 1)).isEqualTo(0b0001);
      assertThat(out.get(2, 0)).isEqualTo(0b0010);
      assertThat(out.get(7, 1)).isEqualTo(0b1000);
      assertThat(out.get(0, 4)).isEqualTo(ALL);
      assertThat(out.get(7, 7)).isEqualTo(0b0010);
      assertThat(out.singletonCounts()).containsExactly(4 * 4, 6 * 4, 2 * 4, 2 * 4);
      // Outside the label image there is no information.
      LabelSetRaster beyond = s.rasterize(new RegionRequest(6, -2, 1, 4, 4));
      assertThat(beyond.get(0, 0)).isEqualTo(ALL); // centre (6.5, -1.5)
      assertThat(beyond.get(0, 2)).isEqualTo(0b1000); // centre (6.5, 0.5): label pixel (3, 0), value 3
      assertThat(beyond.get(2, 2)).isEqualTo(ALL); // centre (8.5, 0.5): right of the label image
    }
  }

  @Test
  void pngAndTiffOf8And16BitsDecodedOrReadFromDiskAllAgree(@TempDir Path dir) throws IOException {
    Random rnd = new Random(1);
    int lw = 300;
    int lh = 200;
    int[] v8 = randomValues(rnd, lw * lh, new int[] {0, 1, 2, 3, 255});
    int[] v16 = randomValues(rnd, lw * lh, new int[] {0, 1, 2, 3, 255, 1000});
    List<Path> files8 = List.of(TestImages.png(dir.resolve("a8.png"), TestImages.gray(lw, lh, 8, v8)),
        TestImages.tiledTiff(dir.resolve("a8.tif"), TestImages.gray(lw, lh, 8, v8), 64));
    List<Path> files16 = List.of(TestImages.png(dir.resolve("a16.png"), TestImages.gray(lw, lh, 16, v16)),
        TestImages.tiledTiff(dir.resolve("a16.tif"), TestImages.gray(lw, lh, 16, v16), 64));
    double labelDownsample = 4;
    List<RegionRequest> regions = List.of(new RegionRequest(0, 0, 4, lw, lh), new RegionRequest(-37, 13, 1.5, 200, 150),
        new RegionRequest(1000, 700, 3, 128, 128), new RegionRequest(55.5, 80.25, 17, 60, 40));
    for (List<Path> files : List.of(files8, files16)) {
      int[] values = files == files8 ? v8 : v16;
      for (Path f : files) {
        for (LabelImageSource.Options o : List.of(DECODE, FROM_DISK, ROW_BY_ROW)) {
          try (LabelImageSource s = LabelImageSource.open(f, labelDownsample, PROTOCOL, o)) {
            assertThat(s.width()).isEqualTo(lw);
            for (RegionRequest r : regions) {
              assertThat(s.rasterize(r).data()).as("%s %s %s", f.getFileName(), o, r)
                  .isEqualTo(expected(values, lw, lh, labelDownsample, r));
            }
          }
        }
      }
    }
  }

  @Test
  void packedPaletteImagesGiveTheirIndices(@TempDir Path dir) throws IOException {
    Random rnd = new Random(2);
    int[] idx = randomValues(rnd, 37 * 23, new int[] {0, 1, 2, 3});
    Path f = TestImages.png(dir.resolve("p.png"), TestImages.palette2Bit(37, 23, idx));
    RegionRequest r = new RegionRequest(0, 0, 1, 37, 23);
    for (LabelImageSource.Options o : List.of(DECODE, FROM_DISK)) {
      try (LabelImageSource s = LabelImageSource.open(f, 1, PROTOCOL, o)) {
        assertThat(s.rasterize(r).data()).isEqualTo(expected(idx, 37, 23, 1, r));
      }
    }
  }

  @Test
  void tilesAgreeWithOneLargeTileCropped(@TempDir Path dir) throws IOException {
    Random rnd = new Random(3);
    int[] v = randomValues(rnd, 128 * 96, new int[] {0, 1, 2, 3, 255});
    Path f = TestImages.png(dir.resolve("t.png"), TestImages.gray(128, 96, 8, v));
    try (LabelImageSource s = LabelImageSource.open(f, 8, PROTOCOL)) {
      RegionRequest whole = new RegionRequest(0, 0, 2, 512, 384);
      LabelSetRaster all = s.rasterize(whole);
      for (int ty = 0; ty < 384; ty += 100) {
        for (int tx = 0; tx < 512; tx += 100) {
          int tw = Math.min(100, 512 - tx);
          int th = Math.min(100, 384 - ty);
          assertThat(s.rasterize(new RegionRequest(tx * 2.0, ty * 2.0, 2, tw, th))).isEqualTo(all.crop(tx, ty, tw, th));
        }
      }
    }
  }

  @Test
  void concurrentReadsFromDiskAgree(@TempDir Path dir) throws IOException {
    Random rnd = new Random(4);
    int[] v = randomValues(rnd, 256 * 256, new int[] {0, 1, 2, 3});
    Path f = TestImages.tiledTiff(dir.resolve("c.tif"), TestImages.gray(256, 256, 8, v), 64);
    try (LabelImageSource s = LabelImageSource.open(f, 1, PROTOCOL, FROM_DISK)) {
      List<RegionRequest> tiles = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        tiles.add(new RegionRequest((i % 4) * 64, (i / 4) * 64, 1, 64, 64));
      }
      List<LabelSetRaster> parallel = IntStream.range(0, 16).parallel().mapToObj(i -> s.rasterize(tiles.get(i))).toList();
      for (int i = 0; i < 16; i++) {
        assertThat(parallel.get(i).data()).isEqualTo(expected(v, 256, 256, 1, tiles.get(i)));
      }
    }
  }

  @Test
  void realGlasInstanceMaskBecomesGlandAndBackground() throws IOException {
    Path mask = SharedData.file("glas/train/masks/train_1.png");
    LabelingProtocol glas = LabelingProtocolConfig.parse("""
        classes = [ { name = background, color = "#ffffff" }, { name = gland, color = "#ff0000" } ]
        values { 0 = background, 1-255 = gland }
        """);
    BufferedImage img = ImageIO.read(mask.toFile());
    Raster raster = img.getRaster();
    long glands = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        glands += raster.getSample(x, y, 0) > 0 ? 1 : 0;
      }
    }
    assertThat(glands).isPositive();
    RegionRequest whole = new RegionRequest(0, 0, 1, img.getWidth(), img.getHeight());
    try (LabelImageSource decoded = LabelImageSource.open(mask, 1, glas);
        LabelImageSource disk = LabelImageSource.open(mask, 1, glas, FROM_DISK)) {
      LabelSetRaster a = decoded.rasterize(whole);
      assertThat(a.singletonCounts()).containsExactly((long) img.getWidth() * img.getHeight() - glands, glands);
      assertThat(a.get(0, 0)).isEqualTo(raster.getSample(0, 0, 0) > 0 ? 0b10 : 0b01);
      RegionRequest tile = new RegionRequest(300, 200, 1, 200, 150);
      assertThat(disk.rasterize(tile)).isEqualTo(a.crop(300, 200, 200, 150));
    }
  }

  @Test
  void colourImagesAreNotLabelImages(@TempDir Path dir) throws IOException {
    BufferedImage rgb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
    Path f = TestImages.png(dir.resolve("rgb.png"), rgb);
    assertThatThrownBy(() -> LabelImageSource.open(f, 1, PROTOCOL))
        .isInstanceOf(AnnotationException.Unsupported.class).hasMessageContaining("3 bands");
    Path text = java.nio.file.Files.writeString(dir.resolve("notes.png"), "not an image");
    assertThatThrownBy(() -> LabelImageSource.open(text, 1, PROTOCOL))
        .isInstanceOf(AnnotationException.Unsupported.class).hasMessageContaining("not an image format");
    assertThatThrownBy(() -> LabelImageSource.open(dir.resolve("missing.png"), 1, PROTOCOL))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
  }

  @Test
  void valuesOutsideTheProtocolAreReportedWithTheirPixel(@TempDir Path dir) throws IOException {
    int[] v = new int[8 * 8];
    v[3 * 8 + 5] = 7;
    Path f = TestImages.png(dir.resolve("v.png"), TestImages.gray(8, 8, 8, v));
    assertThatThrownBy(() -> LabelImageSource.open(f, 1, PROTOCOL))
        .isInstanceOf(AnnotationException.UnknownLabel.class).hasMessageContaining("v.png: label value 7 at pixel (5, 3)");
    try (LabelImageSource s = LabelImageSource.open(f, 1, PROTOCOL, FROM_DISK)) {
      assertThat(s.rasterize(new RegionRequest(0, 0, 1, 8, 3)).data()).containsOnly(0b0001L);
      assertThatThrownBy(() -> s.rasterize(new RegionRequest(0, 0, 1, 8, 8)))
          .isInstanceOf(AnnotationException.UnknownLabel.class).hasMessageContaining("label value 7 at pixel (5, 3)");
    }
  }
}
