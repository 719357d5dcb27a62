package io.slidestream.images.readers.tiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.slidestream.images.RgbRaster;
import io.slidestream.images.codec.jpeg.JpegDecoders;
import io.slidestream.images.readers.SlideException;
import io.slidestream.images.readers.SlideReader;
import io.slidestream.images.readers.SlideReaders;
import io.slidestream.images.readers.synthetic.SyntheticSlideReaderProvider;
import io.slidestream.testdata.HostileTiffs;
import io.slidestream.testdata.HostileTiffs.Tiles;
import io.slidestream.testdata.TinyTiff;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files made to hurt a reader (loops, bombs, impossible sizes, things that are not files): each is
 * refused with a typed error, quickly and without large allocations, and nothing that is not a
 * regular file is ever opened.
 */
class TiffSlideReaderHostileFilesTest {

  @TempDir
  Path dir;

  final TiffSlideReaderProvider provider = new TiffSlideReaderProvider();

  @Test
  void theSoundReferenceAndItsPyramidReadAsADiscOnWhite() {
    try (SlideReader r = SlideReaders.open(HostileTiffs.sound(dir.resolve("sound.tif")))) {
      assertThat(r.info().micronsPerPixelX()).isEqualTo(2.0);
      RgbRaster all = r.readRegion(0, 0, 0, 256, 256);
      assertThat(all.rgb(128, 128)).as("the disc's centre").isNotEqualTo(0xFFFFFF);
      assertThat(all.rgb(2, 2)).as("the glass").isEqualTo(0xFFFFFF);
    }
    try (SlideReader r = SlideReaders.open(HostileTiffs.pyramid(dir.resolve("p.tif"), Tiles.GOOD, Tiles.GOOD))) {
      assertThat(r.info().levelCount()).isEqualTo(2);
      assertThat(r.readRegion(0, 512, 512, 16, 16).rgb(0, 0)).isNotEqualTo(0xFFFFFF);
      assertThat(r.readRegion(1, 512, 512, 16, 16).rgb(0, 0)).isNotEqualTo(0xFFFFFF);
    }
  }

  @Test
  void directoryChainsThatLoopAreCorrupt() {
    for (Path p : new Path[] {HostileTiffs.directoryPointingAtItself(dir.resolve("self.tif")),
        HostileTiffs.directoryPointingBack(dir.resolve("back.tif")),
        HostileTiffs.subDirectoryLoop(dir.resolve("sub.ome.tif"))}) {
      assertFailsFastAndSmall(() -> provider.open(p).close(), SlideException.Corrupt.class, "loop");
    }
  }

  @Test
  void tilesBeyondTheEndOfTheFileAreCorruptOnOpen() {
    assertFailsFastAndSmall(() -> provider.open(HostileTiffs.tileBytesBeyondTheEnd(dir.resolve("n.tif"))).close(),
        SlideException.Corrupt.class, "truncated");
    assertFailsFastAndSmall(() -> provider.open(HostileTiffs.tileOffsetBeyondTheEnd(dir.resolve("o.tif"))).close(),
        SlideException.Corrupt.class, "truncated");
  }

  @Test
  void zeroNegativeAndAbsurdSizesAreRefusedBeforeAnythingIsAllocated() {
    assertFailsFastAndSmall(() -> provider.open(HostileTiffs.claimingSize(dir.resolve("zero.tif"), TinyTiff.LONG, 0, 256)),
        SlideException.Corrupt.class, "invalid size 0x256");
    assertFailsFastAndSmall(() -> provider.open(HostileTiffs.claimingSize(dir.resolve("neg.tif"), TinyTiff.SLONG, -256, -1)),
        SlideException.Corrupt.class, "invalid size -256x-1");
    assertFailsFastAndSmall(() -> provider.open(HostileTiffs.claimingSize(dir.resolve("big.tif"), TinyTiff.LONG,
        0xFFFF_FFFFL, 0xFFFF_FFFFL)), SlideException.TooLarge.class, "4294967295x4294967295");
    assertFailsFastAndSmall(() -> provider.open(HostileTiffs.claimingTileSide(dir.resolve("tile0.tif"), 0)),
        SlideException.Corrupt.class, "tile size 0x0");
    assertFailsFastAndSmall(() -> provider.open(HostileTiffs.claimingTileSide(dir.resolve("tileM.tif"), 1 << 20)),
        SlideException.TooLarge.class, "1048576x1048576 tiles");
  }

  @ParameterizedTest(name = "{0} decoder")
  @ValueSource(strings = {"turbo", "java"})
  void aJpegTileClaimingAHugeFrameIsCorruptAndNeverDecoded(String decoder) {
    Path bomb = HostileTiffs.pyramid(dir.resolve("jpeg-bomb.tif"), Tiles.JPEG_BOMB, Tiles.GOOD);
    try (TiffSlideReader r = TiffSlideReader.open(bomb, "tiff", JpegDecoders.named(decoder), 0)) {
      assertThat(r.readRegion(1, 0, 0, 256, 256).width()).as("the sound reduced level").isEqualTo(256);
      // A decoder told to decode the frame would want 65500² × 3 bytes, 12 GB.
      assertFailsFastAndSmall(() -> r.readRegion(0, 0, 0, 256, 256), SlideException.Corrupt.class,
          "JPEG frame is 65500x65500 but 256x256 was expected");
    }
  }

  @Test
  void aDeflateTileThatInflatesFarBeyondATileIsCorruptAfterOneTilesWorth() {
    Path bomb = HostileTiffs.pyramid(dir.resolve("deflate-bomb.tif"), Tiles.GOOD, Tiles.DEFLATE_BOMB);
    try (SlideReader r = provider.open(bomb)) {
      assertThat(r.readRegion(0, 0, 0, 256, 256).width()).as("the sound full level").isEqualTo(256);
      assertFailsFastAndSmall(() -> r.readRegion(1, 0, 0, 256, 256), SlideException.Corrupt.class,
          "inflates past the tile's 196608 bytes");
    }
  }

  @Test
  void fifosDevicesAndDirectoriesAreNeverOpened() throws Exception {
    Path fifo = dir.resolve("slide.svs");
    Path fifoSpec = dir.resolve("slide" + SyntheticSlideReaderProvider.SUFFIX);
    for (Path p : new Path[] {fifo, fifoSpec}) {
      Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
      assertThat(mk.waitFor()).as("mkfifo").isZero();
    }
    Path folder = Files.createDirectory(dir.resolve("folder.svs"));
    Path zero = Path.of("/dev/zero");
    // Opening a FIFO for reading blocks until a writer comes: a reader that tried would hang here.
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      for (Path p : new Path[] {fifo, fifoSpec, folder, zero}) {
        assertThat(provider.canOpen(p)).as("tiff reader sniffing " + p).isFalse();
        assertThatThrownBy(() -> provider.open(p)).as(p.toString())
            .isInstanceOf(SlideException.NotFound.class).hasMessageContaining("not a readable regular file");
        assertThatThrownBy(() -> SlideReaders.open(p)).as(p.toString()).isInstanceOf(SlideException.NotFound.class);
      }
      assertThatThrownBy(() -> SyntheticSlideReaderProvider.readSpec(fifoSpec))
          .isInstanceOf(SlideException.NotFound.class);
    });
  }

  @Test
  void symbolicLinksThatLoopAreNotFound() throws IOException {
    Path a = dir.resolve("a.svs");
    Path b = dir.resolve("b.svs");
    Files.createSymbolicLink(a, b);
    Files.createSymbolicLink(b, a);
    assertThat(provider.canOpen(a)).isFalse();
    assertThatThrownBy(() -> SlideReaders.open(a)).isInstanceOf(SlideException.NotFound.class);
  }

  private static void assertFailsFastAndSmall(org.assertj.core.api.ThrowableAssert.ThrowingCallable call,
      Class<? extends SlideException> type, String message) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    long start = System.nanoTime();
    assertThatThrownBy(call).isInstanceOf(type).hasMessageContaining(message);
    long millis = (System.nanoTime() - start) / 1_000_000;
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    assertThat(millis).as("milliseconds to refuse").isLessThan(2000);
    assertThat(allocated).as("bytes allocated while refusing").isLessThan(8L << 20);
  }
}
