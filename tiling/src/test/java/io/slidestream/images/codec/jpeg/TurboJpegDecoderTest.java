package io.slidestream.images.codec.jpeg;

import static io.slidestream.testdata.PixelAssert.assertSamePixels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.images.RgbRaster;
import io.slidestream.testdata.SvsFile;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
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
  void aThreadKeepsItsBuffersForNormalTilesButNotForAHugeFrame() throws Exception {
    SvsFile svs = SvsFile.cmuSmallRegion();
    byte[] huge = noiseJpeg(2048, 2048);
    assertThat((long) huge.length).as("the huge stream alone exceeds the limit").isGreaterThan(TurboJpegDecoder.RETAINED_LIMIT);
    // A thread of its own, so that what earlier tests decoded on this one does not count.
    Thread worker = new Thread(() -> {
      byte[] a = svs.completeTile(3, true);
      byte[] b = svs.completeTile(11, true);
      turbo.decode(a, 0, a.length, 1 << 20);
      long retained = TurboJpegDecoder.retainedBytes();
      long allocated = TurboJpegDecoder.buffersAllocated();
      assertThat(retained).isPositive().isLessThanOrEqualTo(2 * TurboJpegDecoder.RETAINED_LIMIT);
      turbo.decode(b, 0, b.length, 1 << 20);
      turbo.decode(a, 0, a.length, 1 << 20);
      assertThat(TurboJpegDecoder.buffersAllocated()).as("normal tiles reuse the buffers").isEqualTo(allocated);

      RgbRaster big = turbo.decode(huge, 0, huge.length, 1 << 24);
      assertThat(big.width()).isEqualTo(2048);
      // 12 MiB of pixels and a stream of over 4 MiB went through buffers freed on return.
      assertThat(TurboJpegDecoder.retainedBytes()).as("native bytes kept after the huge frame").isEqualTo(retained);

      long afterHuge = TurboJpegDecoder.buffersAllocated();
      turbo.decode(b, 0, b.length, 1 << 20);
      assertThat(TurboJpegDecoder.buffersAllocated()).as("normal tiles still reuse the buffers").isEqualTo(afterHuge);
    });
    List<Throwable> failure = new ArrayList<>();
    worker.setUncaughtExceptionHandler((t, e) -> failure.add(e));
    worker.start();
    worker.join();
    if (!failure.isEmpty()) {
      throw new AssertionError(failure.get(0));
    }
  }

  /** Random pixels, so that the stream is large: about 1.6 bytes a pixel at quality 95. */
  static byte[] noiseJpeg(int w, int h) throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    new Random(3).nextBytes(((DataBufferByte) img.getRaster().getDataBuffer()).getData());
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(0.95f);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(img, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  @Test
  void decodesAStreamAtAnOffsetInALargerArray() {
    byte[] good = SvsFile.cmuSmallRegion().completeTile(9, true);
    byte[] padded = new byte[good.length + 100];
    System.arraycopy(good, 0, padded, 37, good.length);
    assertThat(turbo.decode(padded, 37, good.length, 1 << 20)).isEqualTo(turbo.decode(good, 0, good.length, 1 << 20));
  }
}
