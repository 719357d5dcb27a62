package io.slidestream.testdata;

import static org.assertj.core.api.Assertions.fail;

import io.slidestream.images.RgbRaster;

/** Exact pixel comparison that says where rasters first differ, and how many pixels do. */
public final class PixelAssert {

  private PixelAssert() {}

  public static void assertSamePixels(RgbRaster actual, RgbRaster expected, String what) {
    if (actual.width() != expected.width() || actual.height() != expected.height()) {
      fail(what + ": size " + actual.width() + "x" + actual.height() + " != expected "
          + expected.width() + "x" + expected.height());
    }
    assertSamePixels(actual.data(), expected.data(), actual.width(), what);
  }

  public static void assertSamePixels(byte[] actual, byte[] expected, int width, String what) {
    if (actual.length != expected.length) {
      fail(what + ": " + actual.length + " bytes != expected " + expected.length);
    }
    int first = -1;
    int differing = 0;
    for (int i = 0; i < actual.length; i += 3) {
      if (actual[i] != expected[i] || actual[i + 1] != expected[i + 1] || actual[i + 2] != expected[i + 2]) {
        if (first < 0) {
          first = i / 3;
        }
        differing++;
      }
    }
    if (differing > 0) {
      int i = first * 3;
      fail(String.format("%s: %d pixels differ; first at (%d,%d): %02x%02x%02x != expected %02x%02x%02x", what,
          differing, first % width, first / width, actual[i], actual[i + 1], actual[i + 2],
          expected[i], expected[i + 1], expected[i + 2]));
    }
  }
}
