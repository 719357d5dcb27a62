package io.slidestream.images.readers.tiff.internals;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The shape test that keeps label and macro images out of a pyramid whatever their flags say. */
class PyramidPagesTest {

  @Test
  void roundedReductionsOfARealSlideSizeAreReductions() {
    // An Aperio slide's levels: each side rounded on its own.
    assertThat(PyramidPages.isReductionOf(46000, 32914, 11500, 8228)).isTrue();
    assertThat(PyramidPages.isReductionOf(46000, 32914, 718, 514)).isTrue();
    assertThat(PyramidPages.isReductionOf(46000, 32914, 2, 1)).isTrue();
    assertThat(PyramidPages.isReductionOf(8192, 4096, 512, 256)).isTrue();
  }

  @Test
  void labelsAndMacrosOfAnotherShapeAreNot() {
    // The probe's SCN-like macro, 1000 x 2600 beside an 8192 x 4096 slide.
    assertThat(PyramidPages.isReductionOf(8192, 4096, 1000, 2600)).isFalse();
    assertThat(PyramidPages.isReductionOf(100_000, 50_000, 1280, 431)).isFalse();
    assertThat(PyramidPages.isReductionOf(2048, 1024, 300, 300)).isFalse();
    // 2% off the slide's shape is more than rounding explains.
    assertThat(PyramidPages.isReductionOf(20_000, 10_000, 1000, 510)).isFalse();
  }

  @Test
  void anImageNoSmallerThanTheFirstIsNoReduction() {
    assertThat(PyramidPages.isReductionOf(2048, 1024, 2048, 1024)).isFalse();
    assertThat(PyramidPages.isReductionOf(2048, 1024, 4096, 2048)).isFalse();
    assertThat(PyramidPages.isReductionOf(2048, 1024, 0, 0)).isFalse();
  }
}
