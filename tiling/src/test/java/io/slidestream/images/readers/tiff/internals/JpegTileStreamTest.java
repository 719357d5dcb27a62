package io.slidestream.images.readers.tiff.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.images.codec.jpeg.JpegHeader;
import io.slidestream.testdata.SvsFile;
import org.junit.jupiter.api.Test;

class JpegTileStreamTest {

  final SvsFile svs = SvsFile.cmuSmallRegion();

  @Test
  void tablesGoBeforeTheTileAndAnRgbMarkFirst() {
    byte[] tile = svs.tile(2);
    byte[] stream = new JpegTileStream(svs.jpegTables(), true).complete(tile, tile.length);
    assertThat(stream).isEqualTo(svs.completeTile(2, true));
    JpegHeader h = JpegHeader.parse(stream, 0, stream.length);
    assertThat(h.adobeTransform()).isZero();
    assertThat(h.isRgb()).isTrue();
  }

  @Test
  void withoutTheMarkTheStreamIsTablesPlusTile() {
    byte[] tile = svs.tile(2);
    JpegTileStream s = new JpegTileStream(svs.jpegTables(), false);
    assertThat(s.isIdentity()).isFalse();
    assertThat(s.complete(tile, tile.length)).isEqualTo(svs.completeTile(2, false));
    assertThat(new JpegTileStream(null, false).isIdentity()).isTrue();
  }

  @Test
  void aTileWithoutSoiIsRefused() {
    assertThatThrownBy(() -> new JpegTileStream(null, true).complete(new byte[] {1, 2, 3}, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SOI");
  }
}
