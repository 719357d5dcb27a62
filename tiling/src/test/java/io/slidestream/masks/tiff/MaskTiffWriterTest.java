package io.slidestream.masks.tiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.files.PendingFile;
import io.slidestream.images.LabelRaster;
import io.slidestream.images.readers.synthetic.SyntheticClasses;
import io.slidestream.images.readers.synthetic.SyntheticGroundTruth;
import io.slidestream.images.readers.synthetic.SyntheticSlide;
import io.slidestream.images.readers.synthetic.SyntheticSlideSpec;
import io.slidestream.masks.MaskOutput;
import io.slidestream.masks.MaskSpec;
import io.slidestream.masks.MaskWriter;
import io.slidestream.masks.MaskWriterProvider;
import io.slidestream.testdata.ReferencePython;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskTiffWriterTest {

  @TempDir
  Path dir;

  static MaskWriterProvider provider() {
    return ServiceLoader.load(MaskWriterProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals("mask-tiff")).findFirst().orElseThrow();
  }

  /** Halves with the majority rule written independently of the writer: count and pick. */
  static byte[] halve(byte[] src, int w, int h) {
    int ow = (w + 1) / 2;
    int oh = (h + 1) / 2;
    byte[] out = new byte[ow * oh];
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        int[] count = new int[256];
        for (int y = oy * 2; y < Math.min(h, oy * 2 + 2); y++) {
          for (int x = ox * 2; x < Math.min(w, ox * 2 + 2); x++) {
            count[src[y * w + x] & 0xff]++;
          }
        }
        int best = 0;
        for (int id = 1; id < 256; id++) {
          if (count[id] > count[best]) {
            best = id;
          }
        }
        out[oy * ow + ox] = (byte) best;
      }
    }
    return out;
  }

  @Test
  void syntheticGroundTruthInShuffledOrderOpensInOpenSlideAndTifffileWithEveryLevelExact() throws IOException {
    SyntheticSlide slide = SyntheticSlide.of(SyntheticSlideSpec.of(6000, 4500, 3));
    MaskSpec spec = new MaskSpec("truth-3", 1500, 1125, 256, 2.0, 4, SyntheticClasses.CLASSES);
    List<int[]> order = new ArrayList<>();
    for (int r = 0; r < spec.rows(); r++) {
      for (int c = 0; c < spec.columns(); c++) {
        order.add(new int[] {c, r});
      }
    }
    Collections.shuffle(order, new Random(42));
    List<MaskOutput> outputs;
    try (MaskWriter w = provider().open(spec, dir)) {
      for (int[] t : order) {
        w.writeTile(t[0], t[1], SyntheticGroundTruth.denseTile(slide, spec, t[0], t[1]));
      }
      outputs = w.finish();
    }
    Path file = dir.resolve("truth-3.mask.tif");
    assertThat(outputs).singleElement().satisfies(o -> {
      assertThat(o.kind()).isEqualTo("mask-tiff");
      assertThat(o.file()).isEqualTo(file.toAbsolutePath());
      assertThat(o.bytes()).isEqualTo(Files.size(file));
      assertThat(o.sha256()).isEqualTo(PendingFile.sha256(file));
    });

    // Expected levels: level 0 straight from the generator, then the majority rule.
    List<byte[]> expected = new ArrayList<>();
    List<int[]> dims = new ArrayList<>();
    byte[] level = slide.labels(4, 0, 0, 1500, 1125).data();
    int w = 1500;
    int h = 1125;
    expected.add(level);
    dims.add(new int[] {w, h});
    while (w > 256 || h > 256) {
      level = halve(level, w, h);
      w = (w + 1) / 2;
      h = (h + 1) / 2;
      expected.add(level);
      dims.add(new int[] {w, h});
    }
    assertThat(expected).hasSize(4);
    long[] hist = LabelRaster.wrap(1500, 1125, expected.get(0)).histogram();
    for (int id = 1; id <= 5; id++) {
      assertThat(hist[id]).as("class %d present in the truth", id).isPositive();
    }

    String levels = ReferencePython.run("""
        import sys, openslide, numpy as np
        s = openslide.OpenSlide(sys.argv[1])
        assert s.properties['openslide.vendor'] == 'generic-tiff'
        for i, (w, h) in enumerate(s.level_dimensions):
            a = np.asarray(s.read_region((0, 0), i, (w, h)))
            assert (a[:, :, 0] == a[:, :, 1]).all() and (a[:, :, 0] == a[:, :, 2]).all() and (a[:, :, 3] == 255).all()
            open(sys.argv[2] + str(i), 'wb').write(a[:, :, 0].tobytes())
        print(s.level_count, ' '.join('%dx%d' % d for d in s.level_dimensions))
        """, file.toString(), dir.resolve("os").toString());
    assertThat(levels.trim()).isEqualTo("4 1500x1125 750x563 375x282 188x141");
    for (int i = 0; i < 4; i++) {
      assertThat(Files.readAllBytes(dir.resolve("os" + i))).as("OpenSlide level %d", i).isEqualTo(expected.get(i));
    }

    String pages = ReferencePython.run("""
        import sys, tifffile
        t = tifffile.TiffFile(sys.argv[1])
        out = []
        for i, p in enumerate(t.pages):
            open(sys.argv[2] + str(i), 'wb').write(p.asarray().tobytes())
            out.append('%d:%d:%d:%s' % (p.tags['NewSubfileType'].value, int(p.compression), p.tile[0], p.shape))
        print(t.is_bigtiff, ' '.join(out))
        """, file.toString(), dir.resolve("tf").toString());
    assertThat(pages.trim()).isEqualTo(
        "True 0:8:256:(1125, 1500) 1:8:256:(563, 750) 1:8:256:(282, 375) 1:8:256:(141, 188)");
    for (int i = 0; i < 4; i++) {
      assertThat(Files.readAllBytes(dir.resolve("tf" + i))).as("tifffile page %d", i).isEqualTo(expected.get(i));
    }
  }

  @Test
  void tilesNeverWrittenAreClassZeroStoredOnce() throws IOException {
    MaskSpec spec = new MaskSpec("sparse", 1000, 700, 128, Double.NaN, 1, List.of());
    LabelRaster tile = LabelRaster.create(spec.tileWidth(3), spec.tileHeight(2));
    tile.fill(7);
    try (MaskWriter w = provider().open(spec, dir)) {
      w.writeTile(3, 2, tile);
      w.finish();
    }
    Path file = dir.resolve("sparse.mask.tif");
    String out = ReferencePython.run("""
        import sys, tifffile, numpy as np
        t = tifffile.TiffFile(sys.argv[1])
        p = t.pages[0]
        a = p.asarray()
        print(len(t.pages), int((a == 7).sum()), int((a == 0).sum()), len(set(p.dataoffsets)), len(p.dataoffsets))
        """, file.toString());
    // 4 levels (1000 → 500 → 250 → 125); one class-7 tile of 128², the rest 0 sharing one block.
    assertThat(out.trim()).isEqualTo("4 16384 " + (1000 * 700 - 16384) + " 2 48");
  }

  @Test
  void abandoningLeavesNoFileAndBadTilesAreRefused() throws IOException {
    MaskSpec spec = new MaskSpec("gone", 300, 200, 128, 1.0, 2, List.of());
    try (MaskWriter w = provider().open(spec, dir)) {
      w.writeTile(0, 0, LabelRaster.create(128, 128));
      assertThatThrownBy(() -> w.writeTile(2, 0, LabelRaster.create(128, 128)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be 44x128");
      assertThatThrownBy(() -> w.writeTile(3, 0, LabelRaster.create(128, 128)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
      assertThatThrownBy(() -> w.writeTile(0, 0, LabelRaster.create(128, 128)))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("already written");
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
    assertThatThrownBy(() -> provider().open(new MaskSpec("huge", 1L << 31, 1L << 31, 16, 1, 1, List.of()), dir))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tiles");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).as("nothing allocated or created for a refused mask").isEmpty();
    }
    assertThatThrownBy(() -> provider().open(new MaskSpec("../escape", 10, 10, 16, 1, 1, List.of()), dir))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot name an output file");
  }

  @Test
  void nonSquarePixelsAreWrittenAsTheirOwnXAndYResolution() throws IOException {
    MaskSpec spec = new MaskSpec("oblong", 300, 200, 128, 1.0, 4, List.of(), 1.04);
    try (MaskWriter w = provider().open(spec, dir)) {
      w.finish();
    }
    String out = ReferencePython.run("""
        import sys, tifffile
        t = tifffile.TiffFile(sys.argv[1])
        for p in t.pages[:2]:
            x = p.tags['XResolution'].value
            y = p.tags['YResolution'].value
            print('%.6f %.6f %d' % (1e4 * x[1] / x[0], 1e4 * y[1] / y[0], p.tags['ResolutionUnit'].value))
        """, dir.resolve("oblong.mask.tif").toString());
    // µm per pixel from pixels per cm; level 1 has pixels twice as large on both axes.
    assertThat(out.trim().split("\\R")).containsExactly("1.000000 1.040000 3", "2.000000 2.080000 3");
  }
}
