package io.slidestream.images.codec.jpeg;

import static io.slidestream.testdata.PixelAssert.assertSamePixels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.images.RgbRaster;
import io.slidestream.testdata.SvsFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What is particular to the libjpeg-turbo binding: per-thread handles and recovery from errors. */
class TurboJpegDecoderTest {

  final TurboJpegDecoder turbo = TurboJpegDecoder.create();

  @Test
  void aFailedHeaderDoesNotSpoilTheNextDecodeOnTheThread() {
    SvsFile svs = SvsFile.cmuSmallRegion();
    byte[] good = svs.completeTile(4, true);
    RgbRaster expected = turbo.decode(good, 0, good.length, 1 << 20);
    byte[] garbled = good.clone();
    byte[] noise = new byte[400];
    new Random(1).nextBytes(noise);
    System.arraycopy(noise, 0, garbled, 2, noise.length);
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> turbo.decode(garbled, 0, garbled.length, 1 << 20)).isInstanceOf(JpegException.class);
      assertSamePixels(turbo.decode(good, 0, good.length, 1 << 20), expected, "after failure " + i);
    }
  }

  @Test
  void threadsDecodingAtOnceGetTheSamePixels() throws Exception {
    SvsFile svs = SvsFile.cmuSmallRegion();
    List<byte[]> tiles = new ArrayList<>();
    List<RgbRaster> expected = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      byte[] t = svs.completeTile(i, true);
      tiles.add(t);
      expected.add(turbo.decode(t, 0, t.length, 1 << 20));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<RgbRaster>> results = new ArrayList<>();
      for (int round = 0; round < 4; round++) {
        for (byte[] t : tiles) {
          results.add(pool.submit(() -> turbo.decode(t, 0, t.length, 1 << 20)));
        }
      }
      for (int i = 0; i < results.size(); i++) {
        assertSamePixels(results.get(i).get(), expected.get(i % tiles.size()), "tile " + (i % tiles.size()));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void decodesAStreamAtAnOffsetInALargerArray() {
    byte[] good = SvsFile.cmuSmallRegion().completeTile(9, true);
    byte[] padded = new byte[good.length + 100];
    System.arraycopy(good, 0, padded, 37, good.length);
    assertThat(turbo.decode(padded, 37, good.length, 1 << 20)).isEqualTo(turbo.decode(good, 0, good.length, 1 << 20));
  }
}
