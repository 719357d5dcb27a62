package io.slidestream.images.writers.tiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slidestream.files.PendingFile;
import io.slidestream.files.PublishedFile;
import io.slidestream.testdata.ReferencePython;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BigTiffWriterTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  /** A smooth colour image with some detail: what JPEG is meant for. */
  static byte[] picture(int w, int h) {
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        rgb[i] = (byte) (40 + 180 * x / w);
        rgb[i + 1] = (byte) (60 + 150 * y / h);
        rgb[i + 2] = (byte) (128 + 100 * Math.sin(x / 37.0) * Math.cos(y / 23.0));
      }
    }
    return rgb;
  }

  static byte[] crop(byte[] src, int srcW, int srcH, int spp, int x0, int y0, int size, int fill) {
    byte[] out = new byte[size * size * spp];
    java.util.Arrays.fill(out, (byte) fill);
    for (int y = 0; y < size && y0 + y < srcH; y++) {
      int w = Math.min(size, srcW - x0);
      System.arraycopy(src, ((y0 + y) * srcW + x0) * spp, out, y * size * spp, w * spp);
    }
    return out;
  }

  record Tile(int page, int col, int row) {}

  /** Writes {@code pages} from full images, every tile, in a shuffled order across pages. */
  static PublishedFile writeAll(Path target, List<TiffPage> pages, List<byte[]> images, long seed) throws IOException {
    List<Tile> order = new ArrayList<>();
    for (int p = 0; p < pages.size(); p++) {
      for (int r = 0; r < pages.get(p).rows(); r++) {
        for (int c = 0; c < pages.get(p).columns(); c++) {
          order.add(new Tile(p, c, r));
        }
      }
    }
    Collections.shuffle(order, new Random(seed));
    try (BigTiffWriter w = BigTiffWriter.create(target, pages, "Slidestream test")) {
      for (Tile t : order) {
        TiffPage p = pages.get(t.page);
        int ts = p.tileSize();
        int spp = p.format().samplesPerPixel();
        int tw = (int) Math.min(ts, p.width() - (long) t.col * ts);
        int th = (int) Math.min(ts, p.height() - (long) t.row * ts);
        byte[] part = new byte[tw * th * spp];
        for (int y = 0; y < th; y++) {
          System.arraycopy(images.get(t.page), ((t.row * ts + y) * (int) p.width() + t.col * ts) * spp,
              part, y * tw * spp, tw * spp);
        }
        w.writeTile(t.page, t.col, t.row, p.fullTile(part, tw, th));
      }
      return w.finish();
    }
  }

  @Test
  void jpegPyramidOpensInOpenSlideWithEveryLevelAndItsPixels() throws IOException {
    int w0 = 700;
    int h0 = 520;
    int w1 = 175;
    int h1 = 130;
    TiffPage l0 = TiffPage.of(w0, h0, 256, new TileFormat.Jpeg(90), 0xffffff)
        .withDescription("Slidestream writer test").withMicronsPerPixel(0.5);
    TiffPage l1 = TiffPage.of(w1, h1, 256, new TileFormat.Jpeg(90), 0xffffff).asReduced().withMicronsPerPixel(2.0);
    byte[] img0 = picture(w0, h0);
    byte[] img1 = picture(w1, h1);
    Path out = dir.resolve("pyramid.tif");
    PublishedFile f = writeAll(out, List.of(l0, l1), List.of(img0, img1), 7);

    assertThat(f.file()).isEqualTo(out.toAbsolutePath());
    assertThat(f.bytes()).isEqualTo(Files.size(out));
    assertThat(f.sha256()).isEqualTo(PendingFile.sha256(out));
    ByteBuffer head = ByteBuffer.wrap(Files.readAllBytes(out), 0, 16).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(head.get(0)).isEqualTo((byte) 'I');
    assertThat(head.getShort(2)).as("BigTIFF version").isEqualTo((short) 43);
    assertThat(head.getShort(4)).as("offset size").isEqualTo((short) 8);

    Path raw0 = dir.resolve("l0.rgb");
    Path raw1 = dir.resolve("l1.rgb");
    JsonNode os = JSON.readTree(ReferencePython.run("""
        import sys, json, openslide, numpy as np
        s = openslide.OpenSlide(sys.argv[1])
        for lvl, path in ((0, sys.argv[2]), (1, sys.argv[3])):
            w, h = s.level_dimensions[lvl]
            a = np.asarray(s.read_region((0, 0), lvl, (w, h)))
            open(path, 'wb').write(a[:, :, :3].tobytes())
        print(json.dumps({'vendor': s.properties.get('openslide.vendor'),
                          'dims': s.level_dimensions, 'downsamples': s.level_downsamples,
                          "mpp": s.properties.get("openslide.mpp-x"), "xres": s.properties.get("tiff.XResolution"), "unit": s.properties.get("tiff.ResolutionUnit"),
                          'alpha': int(np.asarray(s.read_region((0, 0), 0, (w0, h0)))[:, :, 3].min())
                                   if (w0 := s.dimensions[0]) and (h0 := s.dimensions[1]) else -1}))
        """, out.toString(), raw0.toString(), raw1.toString()));
    assertThat(os.get("vendor").asText()).isEqualTo("generic-tiff");
    assertThat(os.get("dims").toString()).isEqualTo("[[700,520],[175,130]]");
    // OpenSlide 3.4.1 does not turn TIFF resolution into openslide.mpp-x for generic TIFFs; it
    // reports the tags, which is what later versions and the project's reader derive µm/px from.
    assertThat(os.get("xres").asDouble()).isEqualTo(20000.0);
    assertThat(os.get("unit").asText()).isEqualTo("centimeter");
    assertThat(os.get("alpha").asInt()).as("every pixel opaque").isEqualTo(255);
    assertJpegClose(Files.readAllBytes(raw0), img0, "level 0");
    assertJpegClose(Files.readAllBytes(raw1), img1, "level 1");

    // A second, independent reader of YCbCr JPEG tiles: Pillow (through its own libtiff binding).
    Path pil = dir.resolve("pil.rgb");
    ReferencePython.run("""
        import sys
        from PIL import Image
        im = Image.open(sys.argv[1])
        assert im.size == (700, 520) and im.mode == 'RGB', (im.size, im.mode)
        open(sys.argv[2], 'wb').write(im.tobytes())
        """, out.toString(), pil.toString());
    assertJpegClose(Files.readAllBytes(pil), img0, "Pillow level 0");

    JsonNode tf = JSON.readTree(ReferencePython.run("""
        import sys, json, tifffile
        t = tifffile.TiffFile(sys.argv[1])
        pages = []
        for p in t.pages:
            tags = p.tags
            pages.append({'subfile': tags['NewSubfileType'].value, 'compression': int(p.compression),
                          'photometric': int(p.photometric), 'tile': list(p.tile), 'shape': list(p.shape),
                          'software': tags['Software'].value if 'Software' in tags else None,
                          'description': tags['ImageDescription'].value if 'ImageDescription' in tags else None,
                          'xres': list(tags['XResolution'].value), 'unit': int(tags['ResolutionUnit'].value),
                          'subsampling': list(tags['YCbCrSubSampling'].value)})
        print(json.dumps({'bigtiff': t.is_bigtiff, 'pages': pages}))
        """, out.toString()));
    assertThat(tf.get("bigtiff").asBoolean()).isTrue();
    JsonNode p0 = tf.get("pages").get(0);
    JsonNode p1 = tf.get("pages").get(1);
    assertThat(p0.get("subfile").asInt()).isZero();
    assertThat(p1.get("subfile").asInt()).isEqualTo(1);
    assertThat(p0.get("compression").asInt()).isEqualTo(7);
    assertThat(p0.get("photometric").asInt()).isEqualTo(6);
    assertThat(p0.get("subsampling").toString()).isEqualTo("[2,2]");
    assertThat(p0.get("tile").toString()).isEqualTo("[256,256]");
    assertThat(p0.get("shape").toString()).isEqualTo("[520,700,3]");
    assertThat(p0.get("software").asText()).isEqualTo("Slidestream test");
    assertThat(p0.get("description").asText()).isEqualTo("Slidestream writer test");
    assertThat(p0.get("unit").asInt()).isEqualTo(3);
    assertThat(p0.get("xres").get(0).asDouble() / p0.get("xres").get(1).asDouble()).isEqualTo(20000.0);
    assertThat(p1.get("xres").get(0).asDouble() / p1.get("xres").get(1).asDouble()).isEqualTo(5000.0);
  }

  /** Mean absolute error under 2 levels and no pixel off by more than 32 on a smooth picture at Q90. */
  static void assertJpegClose(byte[] actual, byte[] expected, String what) {
    assertThat(actual).as(what + " size").hasSize(expected.length);
    long sum = 0;
    int max = 0;
    for (int i = 0; i < actual.length; i++) {
      int d = Math.abs((actual[i] & 0xff) - (expected[i] & 0xff));
      sum += d;
      max = Math.max(max, d);
    }
    double mean = (double) sum / actual.length;
    assertThat(mean).as(what + " mean abs error").isLessThan(2.0);
    assertThat(max).as(what + " max abs error").isLessThan(32);
  }

  @Test
  void grayDeflateWithAndWithoutPredictorReadsBackExactlyInTifffileAndHere() throws IOException {
    for (boolean predictor : new boolean[] {false, true}) {
      int w = 300;
      int h = 200;
      byte[] img = new byte[w * h];
      Random rnd = new Random(3);
      for (int i = 0; i < img.length; i++) {
        img[i] = (byte) ((i % w) / 40 + (rnd.nextInt(20) == 0 ? rnd.nextInt(200) : 0));
      }
      TiffPage page = TiffPage.of(w, h, 128, new TileFormat.Deflate(6, predictor), 0);
      Path out = dir.resolve("gray-" + predictor + ".tif");
      writeAll(out, List.of(page), List.of(img), 11);
      Path raw = dir.resolve("gray-" + predictor + ".raw");
      String info = ReferencePython.run("""
          import sys, tifffile
          t = tifffile.TiffFile(sys.argv[1])
          p = t.pages[0]
          open(sys.argv[2], 'wb').write(p.asarray().tobytes())
          print(int(p.compression), int(p.predictor), p.dtype, p.shape)
          """, out.toString(), raw.toString());
      assertThat(info.trim()).isEqualTo("8 " + (predictor ? 2 : 1) + " uint8 (200, 300)");
      assertThat(Files.readAllBytes(raw)).as("tifffile pixels, predictor " + predictor).isEqualTo(img);
    }
  }

  @Test
  void tilesReadBackWhileWritingAndUnwrittenOnesAreTheBackground() throws IOException {
    TiffPage gray = TiffPage.of(64, 64, 32, new TileFormat.Deflate(6, true), 9);
    TiffPage rgb = TiffPage.of(64, 64, 32, new TileFormat.Jpeg(95), 0x102030);
    byte[] tile = new byte[32 * 32];
    for (int i = 0; i < tile.length; i++) {
      tile[i] = (byte) (i * 7);
    }
    byte[] rgbTile = crop(picture(32, 32), 32, 32, 3, 0, 0, 32, 0);
    try (BigTiffWriter w = BigTiffWriter.create(dir.resolve("rb.tif"), List.of(gray, rgb), null)) {
      w.writeTile(0, 1, 0, tile);
      w.writeTile(1, 0, 1, rgbTile);
      assertThat(w.readTile(0, 1, 0)).isEqualTo(tile);
      assertThat(w.isWritten(0, 1, 0)).isTrue();
      assertThat(w.isWritten(0, 0, 0)).isFalse();
      byte[] bg = w.readTile(0, 0, 0);
      assertThat(bg).hasSize(32 * 32).containsOnly((byte) 9);
      byte[] back = w.readTile(1, 0, 1);
      assertJpegClose(back, rgbTile, "read-back JPEG");
      byte[] rgbBg = w.readTile(1, 1, 1);
      assertThat(rgbBg[0]).isEqualTo((byte) 0x10);
      assertThat(rgbBg[rgbBg.length - 1]).isEqualTo((byte) 0x30);
    }
    assertThat(dir.resolve("rb.tif")).doesNotExist();
  }

  @Test
  void identicalTilesShareOneStoredBlock() throws IOException {
    TiffPage page = TiffPage.of(1024, 1024, 256, new TileFormat.Jpeg(90), 0xf0f0f0);
    byte[] uniform = new byte[256 * 256 * 3];
    java.util.Arrays.fill(uniform, (byte) 0xf0);
    byte[] detail = crop(picture(256, 256), 256, 256, 3, 0, 0, 256, 0);
    Path out = dir.resolve("shared.tif");
    try (BigTiffWriter w = BigTiffWriter.create(out, List.of(page), "t")) {
      for (int i = 0; i < 6; i++) {
        w.writeTile(0, i % 4, i / 4, uniform);
      }
      w.writeTile(0, 3, 3, detail);
      w.finish();
      assertThat(w.storedBlocks()).as("one uniform block and one detailed one").isEqualTo(2);
      assertThat(w.sharedTiles()).as("5 written repeats and 9 unwritten background tiles").isEqualTo(14);
    }
    String offsets = ReferencePython.run("""
        import sys, tifffile
        p = tifffile.TiffFile(sys.argv[1]).pages[0]
        print(len(set(p.dataoffsets)), len(p.dataoffsets))
        """, out.toString());
    assertThat(offsets.trim()).isEqualTo("2 16");
  }

  @Test
  void closingBeforeFinishLeavesNoFile() throws IOException {
    Path out = dir.resolve("abandoned.tif");
    try (BigTiffWriter w = BigTiffWriter.create(out, List.of(TiffPage.of(100, 100, 64, new TileFormat.Deflate(1, false), 0)), "t")) {
      w.writeTile(0, 0, 0, new byte[64 * 64]);
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aHeaderThatCannotBeWrittenLeavesNoPartFileBehind() {
    Path out = dir.resolve("interrupted.tif");
    // An interrupted thread's channel write fails (ClosedByInterruptException) after the
    // temporary file exists: the header write fails inside the constructor.
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> BigTiffWriter.create(out, List.of(TiffPage.of(100, 100, 64,
          new TileFormat.Deflate(1, false), 0)), "t")).isInstanceOf(IOException.class);
    } finally {
      Thread.interrupted();
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).as("files left in the output directory").isEmpty();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void badArgumentsAreRefusedClearly() throws IOException {
    TileFormat gray = new TileFormat.Deflate(6, false);
    assertThatThrownBy(() -> TiffPage.of(100, 100, 100, gray, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiple of 16");
    assertThatThrownBy(() -> TiffPage.of(0, 100, 64, gray, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TiffPage.of(1L << 33, 100, 64, gray, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TiffPage.of(1L << 31, 1L << 31, 64, gray, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tiles");
    assertThatThrownBy(() -> TiffPage.of(10, 10, 16, gray, 300)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TileFormat.Jpeg(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TiffPage.of(10, 10, 16, gray, 0).withDescription("µm"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ASCII");
    assertThatThrownBy(() -> BigTiffWriter.create(dir.resolve("x.tif"), List.of(), "t"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BigTiffWriter.create(dir, List.of(TiffPage.of(10, 10, 16, gray, 0)), "t"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("directory");

    Path out = dir.resolve("bad.tif");
    try (BigTiffWriter w = BigTiffWriter.create(out, List.of(TiffPage.of(100, 100, 64, gray, 0)), "t")) {
      assertThatThrownBy(() -> w.writeTile(0, 2, 0, new byte[64 * 64])).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("outside");
      assertThatThrownBy(() -> w.writeTile(1, 0, 0, new byte[64 * 64])).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("page 1 does not exist");
      assertThatThrownBy(() -> w.writeTile(0, 0, 0, new byte[10])).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("4096 bytes");
      w.writeTile(0, 0, 0, new byte[64 * 64]);
      assertThatThrownBy(() -> w.writeTile(0, 0, 0, new byte[64 * 64])).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already written");
      w.finish();
      assertThatThrownBy(() -> w.writeTile(0, 1, 1, new byte[64 * 64])).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("finished");
    }
    assertThat(out).exists();
  }

  @Test
  void partialEdgeTilesArePaddedByRepeatingTheLastColumnAndRow() {
    TiffPage p = TiffPage.of(100, 100, 16, new TileFormat.Deflate(6, false), 0);
    byte[] part = {1, 2, 3, 4, 5, 6};
    byte[] full = p.fullTile(part, 3, 2);
    assertThat(full).hasSize(256);
    assertThat(java.util.Arrays.copyOfRange(full, 0, 5)).containsExactly(1, 2, 3, 3, 3);
    assertThat(full[15]).isEqualTo((byte) 3);
    assertThat(java.util.Arrays.copyOfRange(full, 16, 20)).containsExactly(4, 5, 6, 6);
    assertThat(full[255]).isEqualTo((byte) 6);
    assertThat(full[15 * 16]).isEqualTo((byte) 4);
    assertThatThrownBy(() -> p.fullTile(part, 2, 2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void resolutionFitsInARational() {
    long[] r = BigTiffWriter.pixelsPerCentimetre(0.2527);
    assertThat((double) r[0] / r[1]).isCloseTo(10_000 / 0.2527, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(r[0]).isLessThanOrEqualTo(0xffff_ffffL);
  }
}
