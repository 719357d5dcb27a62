package io.slidestream.images.readers.tiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.images.RgbRaster;
import io.slidestream.images.codec.jpeg.JpegDecoders;
import io.slidestream.images.readers.SlideException;
import io.slidestream.images.readers.SlideReaders;
import io.slidestream.testdata.SharedData;
import io.slidestream.testdata.SvsFile;
import io.slidestream.testdata.TinyTiff;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Damaged, hostile and foreign files: each must fail with a typed error and a clear message. */
class TiffSlideReaderBadInputTest {

  @TempDir
  Path dir;

  final TiffSlideReaderProvider provider = new TiffSlideReaderProvider();

  @Test
  void aMissingFileIsNotFound() {
    Path missing = dir.resolve("nope.svs");
    assertThatThrownBy(() -> provider.open(missing))
        .isInstanceOf(SlideException.NotFound.class).hasMessageContaining("no such file");
    assertThatThrownBy(() -> SlideReaders.open(missing)).isInstanceOf(SlideException.NotFound.class);
  }

  @Test
  void aTextFileNamedSvsIsUnsupported() throws IOException {
    Path text = Files.writeString(dir.resolve("notes.svs"), "These are not the pixels you are looking for.\n");
    assertThat(provider.canOpen(text)).isFalse();
    assertThatThrownBy(() -> provider.open(text))
        .isInstanceOf(SlideException.Unsupported.class).hasMessageContaining("not a TIFF");
    assertThatThrownBy(() -> SlideReaders.open(text))
        .isInstanceOf(SlideException.Unsupported.class).hasMessageContaining("no available slide reader");
  }

  @Test
  void theRealSlideCutInHalfIsCorruptOnOpen() throws IOException {
    byte[] svs = Files.readAllBytes(SharedData.cmuSmallRegion());
    Path half = Files.write(dir.resolve("half.svs"), Arrays.copyOf(svs, svs.length / 2));
    // The SVS keeps its directories after the tiles, so the cut loses them: open fails.
    assertThatThrownBy(() -> provider.open(half))
        .isInstanceOf(SlideException.Corrupt.class).hasMessageContaining("truncated");
    assertThatThrownBy(() -> SlideReaders.open(half)).isInstanceOf(SlideException.Corrupt.class);
  }

  @Test
  void aTileBeyondTheEndOfTheFileIsCorruptOnOpen() throws IOException {
    SvsFile svs = SvsFile.cmuSmallRegion();
    svs.setTileOffset(3, svs.bytes().length + 10L);
    assertThatThrownBy(() -> provider.open(svs.write(dir)))
        .isInstanceOf(SlideException.Corrupt.class)
        .hasMessageContaining("tile (3,0)").hasMessageContaining("truncated");
  }

  @Test
  void gigantic10To7PixelsSquaredIsTooLargeAndAllocatesNothingBig() throws IOException {
    long side = 10_000_000;
    long tiles = ((side + 255) / 256) * ((side + 255) / 256);
    TinyTiff tiff = new TinyTiff()
        .field(256, TinyTiff.LONG, 1, side).field(257, TinyTiff.LONG, 1, side)
        .field(258, TinyTiff.SHORT, 1, 8).field(259, TinyTiff.SHORT, 1, 1).field(262, TinyTiff.SHORT, 1, 1)
        .field(322, TinyTiff.SHORT, 1, 256).field(323, TinyTiff.SHORT, 1, 256);
    tiff.field(324, TinyTiff.LONG, tiles, 0).field(325, TinyTiff.LONG, tiles, 0);
    Path file = tiff.write(dir.resolve("huge.tif"));
    assertFailsFastAndSmall(file, SlideException.TooLarge.class, "10000000x10000000");
  }

  @Test
  void tileTablesLargerThanTheFileAreCorruptAndAllocateNothingBig() throws IOException {
    // Plausible dimensions, but 14 million tiles whose tables would need 112 MB of a tiny file.
    long side = 60_000;
    long tiles = (side / 16) * (side / 16);
    TinyTiff tiff = new TinyTiff()
        .field(256, TinyTiff.LONG, 1, side).field(257, TinyTiff.LONG, 1, side)
        .field(258, TinyTiff.SHORT, 1, 8).field(259, TinyTiff.SHORT, 1, 1).field(262, TinyTiff.SHORT, 1, 1)
        .field(322, TinyTiff.SHORT, 1, 16).field(323, TinyTiff.SHORT, 1, 16);
    tiff.field(324, TinyTiff.LONG, tiles, 200).field(325, TinyTiff.LONG, tiles, 200);
    Path file = tiff.write(dir.resolve("tables.tif"));
    assertFailsFastAndSmall(file, SlideException.Corrupt.class, "claims " + tiles + " values");
  }

  @Test
  void moreTilesThanAnySlideHasAreTooLargeEvenWhenTheFileIsLargeEnough() throws IOException {
    // 39 million 16 px tiles: tables that a 700 MB file could hold, but no slide is cut so fine.
    long side = 100_000;
    long tiles = (side / 16) * (side / 16);
    TinyTiff tiff = new TinyTiff()
        .field(256, TinyTiff.LONG, 1, side).field(257, TinyTiff.LONG, 1, side)
        .field(258, TinyTiff.SHORT, 1, 8).field(259, TinyTiff.SHORT, 1, 1).field(262, TinyTiff.SHORT, 1, 1)
        .field(322, TinyTiff.SHORT, 1, 16).field(323, TinyTiff.SHORT, 1, 16);
    tiff.field(324, TinyTiff.LONG, tiles, 200).field(325, TinyTiff.LONG, tiles, 200);
    Path file = tiff.write(dir.resolve("many-tiles.tif"));
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(8 * tiles + 1000); // sparse: costs no disk
    }
    assertFailsFastAndSmall(file, SlideException.TooLarge.class, tiles + " tiles");
  }

  private void assertFailsFastAndSmall(Path file, Class<? extends SlideException> type, String message) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    long start = System.nanoTime();
    assertThatThrownBy(() -> provider.open(file)).isInstanceOf(type).hasMessageContaining(message);
    long millis = (System.nanoTime() - start) / 1_000_000;
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    assertThat(millis).as("milliseconds to refuse").isLessThan(1000);
    assertThat(allocated).as("bytes allocated while refusing").isLessThan(4L << 20);
  }

  @Test
  void anUnsupportedCompressionIsRefusedByName() throws IOException {
    TinyTiff tiff = new TinyTiff()
        .field(256, TinyTiff.LONG, 1, 64).field(257, TinyTiff.LONG, 1, 64)
        .field(258, TinyTiff.SHORT, 1, 8).field(259, TinyTiff.SHORT, 1, 32773).field(262, TinyTiff.SHORT, 1, 1)
        .field(322, TinyTiff.SHORT, 1, 64).field(323, TinyTiff.SHORT, 1, 64);
    tiff.field(324, TinyTiff.LONG, 1, tiff.block(new byte[200])).field(325, TinyTiff.LONG, 1, 100);
    assertThatThrownBy(() -> provider.open(tiff.write(dir.resolve("packbits.tif"))))
        .isInstanceOf(SlideException.Unsupported.class).hasMessageContaining("PackBits (32773)");
  }

  @ParameterizedTest(name = "{0} decoder")
  @ValueSource(strings = {"turbo", "java"})
  void aGarbledJpegTileIsCorruptWhenRead(String decoder) throws IOException {
    SvsFile svs = SvsFile.cmuSmallRegion();
    int offset = (int) svs.tileOffset(5);
    byte[] garbage = new byte[600];
    new Random(5).nextBytes(garbage);
    // Keep SOI; the frame and scan headers and the start of the data become noise.
    System.arraycopy(garbage, 0, svs.bytes(), offset + 2, garbage.length);
    try (TiffSlideReader reader = TiffSlideReader.open(svs.write(dir), "tiff", JpegDecoders.named(decoder), 0)) {
      assertThat(reader.readRegion(0, 0, 0, 240, 240).rgb(10, 10)).as("an intact tile").isNotEqualTo(0);
      assertThatThrownBy(() -> reader.readRegion(0, 5 * 240 + 10, 10, 100, 100))
          .isInstanceOf(SlideException.Corrupt.class)
          .hasMessageContaining("tile (5,0)").hasMessageContaining("cannot be decoded");
    }
  }

  @ParameterizedTest(name = "{0} decoder")
  @ValueSource(strings = {"turbo", "java"})
  void aJpegTileCutShortIsCorruptWhenRead(String decoder) throws IOException {
    SvsFile svs = SvsFile.cmuSmallRegion();
    svs.setTileByteCount(7, svs.tileByteCount(7) / 2);
    try (TiffSlideReader reader = TiffSlideReader.open(svs.write(dir), "tiff", JpegDecoders.named(decoder), 0)) {
      RgbRaster intact = reader.readRegion(0, 6 * 240, 0, 240, 240);
      assertThat(intact.width()).isEqualTo(240);
      // A decoder would pad the missing half with grey; that must not reach a mask silently.
      assertThatThrownBy(() -> reader.readRegion(0, 7 * 240, 0, 240, 240))
          .isInstanceOf(SlideException.Corrupt.class).hasMessageContaining("tile (7,0)");
    }
  }
}
