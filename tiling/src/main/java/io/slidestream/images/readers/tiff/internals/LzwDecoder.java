package io.slidestream.images.readers.tiff.internals;

/**
 * TIFF's LZW variant (TIFF 6.0 section 13): codes of 9 to 12 bits, most significant bit first,
 * Clear = 256, EndOfInformation = 257, and the code width growing one code early.
 *
 * <p>The string table is three flat arrays: each entry is its prefix entry plus one byte, so a
 * code's string is written back to front by following prefixes, with no per-string objects.
 */
final class LzwDecoder {

  private static final int CLEAR = 256;
  private static final int EOI = 257;
  private static final int TABLE = 4096;

  private final short[] prefix = new short[TABLE];
  private final byte[] suffix = new byte[TABLE];
  private final short[] length = new short[TABLE];
  private final byte[] firstOf = new byte[TABLE];

  LzwDecoder() {
    for (int i = 0; i < 256; i++) {
      suffix[i] = (byte) i;
      length[i] = 1;
      prefix[i] = -1;
      firstOf[i] = (byte) i;
    }
  }

  /**
   * Decodes {@code src[0, srcLen)} into {@code out}, stopping when it is full.
   *
   * @return the number of bytes written
   * @throws IllegalArgumentException when the stream is not valid TIFF LZW
   */
  int decode(byte[] src, int srcLen, byte[] out) {
    if (srcLen >= 2 && src[0] == 0 && (src[1] & 1) != 0) {
      throw new IllegalArgumentException("old-style (pre-TIFF 6.0) LZW is not supported");
    }
    int outLen = out.length;
    int o = 0;
    int in = 0;
    long bitBuf = 0;
    int bits = 0;
    int width = 9;
    int next = 258;
    int prev = -1;
    while (o < outLen) {
      while (bits < width && in < srcLen) {
        bitBuf = bitBuf << 8 | (src[in++] & 0xff);
        bits += 8;
      }
      if (bits < width) {
        break; // out of data without an EOI code: accepted, as libtiff does
      }
      int code = (int) (bitBuf >>> (bits - width)) & ((1 << width) - 1);
      bits -= width;
      if (code == CLEAR) {
        width = 9;
        next = 258;
        prev = -1;
        continue;
      }
      if (code == EOI) {
        break;
      }
      if (prev < 0) {
        if (code > 255) {
          throw new IllegalArgumentException("LZW code " + code + " follows a Clear code");
        }
        out[o++] = (byte) code;
        prev = code;
        continue;
      }
      int first;
      if (code < next) {
        o = emit(code, out, o);
        first = firstByte(code);
      } else if (code == next) {
        // The KwKwK case: the new string is the previous one plus its own first byte.
        first = firstByte(prev);
        o = emit(prev, out, o);
        if (o < outLen) {
          out[o++] = (byte) first;
        }
      } else {
        throw new IllegalArgumentException("LZW code " + code + " is beyond the table (" + next + " entries)");
      }
      if (next < TABLE) {
        prefix[next] = (short) prev;
        suffix[next] = (byte) first;
        length[next] = (short) (length[prev] + 1);
        firstOf[next] = firstOf[prev];
        next++;
        if (next + 1 >= 1 << width && width < 12) {
          width++;
        }
      }
      prev = code;
    }
    return o;
  }

  private int firstByte(int code) {
    return firstOf[code] & 0xff;
  }

  /** Writes the string of {@code code} at {@code o}, clipped to the output; returns the new end. */
  private int emit(int code, byte[] out, int o) {
    int len = length[code];
    int end = o + len;
    int c = code;
    // Skip the tail that does not fit, then write back to front.
    for (int i = end - 1; i >= out.length; i--) {
      c = prefix[c];
    }
    for (int i = Math.min(end, out.length) - 1; i >= o; i--) {
      out[i] = suffix[c];
      c = prefix[c];
    }
    return Math.min(end, out.length);
  }
}
