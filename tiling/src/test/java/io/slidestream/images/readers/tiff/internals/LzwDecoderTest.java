package io.slidestream.images.readers.tiff.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Small cases; whole tiles (code widths up to 12 bits, table resets) are covered by the
 * tifffile-written pyramids in {@code TiffSlideReaderFormatsTest}, which libtiff decodes the same.
 */
class LzwDecoderTest {

  // "TOBEORNOTTOBEORTOBEORNOT" then 40 x 'A' (a run: the code-equals-next-entry case), encoded by
  // the reference script's TIFF LZW encoder.
  static final byte[] ENCODED = HexFormat.of().parseHex("801509e422293ca44e2795205048342e0b078490625138a4562d178c452020");
  static final byte[] PLAIN = ("TOBEORNOTTOBEORTOBEORNOT" + "A".repeat(40)).getBytes(StandardCharsets.US_ASCII);

  @Test
  void decodesAKnownStream() {
    byte[] out = new byte[PLAIN.length];
    assertThat(new LzwDecoder().decode(ENCODED, ENCODED.length, out)).isEqualTo(PLAIN.length);
    assertThat(out).isEqualTo(PLAIN);
  }

  @Test
  void stopsWhenTheOutputIsFull() {
    byte[] out = new byte[30];
    assertThat(new LzwDecoder().decode(ENCODED, ENCODED.length, out)).isEqualTo(30);
    assertThat(new String(out, StandardCharsets.US_ASCII)).isEqualTo(new String(PLAIN, 0, 30, StandardCharsets.US_ASCII));
  }

  @Test
  void reportsShortDataByItsLength() {
    byte[] out = new byte[PLAIN.length];
    assertThat(new LzwDecoder().decode(ENCODED, 10, out)).isLessThan(PLAIN.length);
  }

  @Test
  void refusesCodesBeyondTheTableAndOldStyleLzw() {
    // Clear (256), 'A', then code 300 while the table has only 258 entries: 9-bit codes.
    byte[] bad = {(byte) 0x80, 0x10, 0x65, (byte) 0x80};
    assertThatThrownBy(() -> new LzwDecoder().decode(bad, bad.length, new byte[10]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beyond the table");
    byte[] oldStyle = {0x00, 0x01, 0x02};
    assertThatThrownBy(() -> new LzwDecoder().decode(oldStyle, oldStyle.length, new byte[10]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("old-style");
  }
}
