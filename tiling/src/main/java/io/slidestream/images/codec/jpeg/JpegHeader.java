package io.slidestream.images.codec.jpeg;

/**
 * The markers before the first scan that decide how a JPEG is decoded: the frame (size,
 * precision, components) and the colour space hints (JFIF, Adobe APP14, component ids).
 *
 * @param width          frame width
 * @param height         frame height (0 when a DNL marker defines it later)
 * @param precision      bits per sample (8 for baseline)
 * @param process        the SOF marker code (0xC0 baseline, 0xC2 progressive, …)
 * @param componentIds   the component identifiers in frame order
 * @param sampling       per component, horizontal factor in the high nibble, vertical in the low
 * @param jfif           a JFIF APP0 segment is present
 * @param adobeTransform the Adobe APP14 transform (0 none, 1 YCbCr, 2 YCCK), or -1 without one
 */
public record JpegHeader(int width, int height, int precision, int process, int[] componentIds,
    int[] sampling, boolean jfif, int adobeTransform) {

  private static final int SOI = 0xD8;
  private static final int SOS = 0xDA;
  private static final int EOI = 0xD9;

  public int components() {
    return componentIds.length;
  }

  /**
   * Whether a three-component frame holds RGB rather than YCbCr, decided as libjpeg decides it:
   * JFIF means YCbCr; else an Adobe segment's transform 0 means RGB; else ids 'R','G','B' mean
   * RGB; anything else is taken as YCbCr.
   */
  public boolean isRgb() {
    if (components() != 3 || jfif) {
      return false;
    }
    if (adobeTransform >= 0) {
      return adobeTransform == 0;
    }
    return componentIds[0] == 'R' && componentIds[1] == 'G' && componentIds[2] == 'B';
  }

  /**
   * Parses the markers of a complete stream up to its first scan.
   *
   * @throws JpegException when the stream is not a JPEG or ends before a frame header
   */
  public static JpegHeader parse(byte[] b, int offset, int length) {
    int end = offset + length;
    if (length < 4 || (b[offset] & 0xff) != 0xFF || (b[offset + 1] & 0xff) != SOI) {
      throw new JpegException("not a JPEG stream (no SOI marker at the start)");
    }
    int p = offset + 2;
    boolean jfif = false;
    int adobe = -1;
    int width = -1;
    int height = -1;
    int precision = 0;
    int process = 0;
    int[] ids = null;
    int[] sampling = null;
    while (true) {
      // Markers may be preceded by any number of 0xFF fill bytes; other bytes here are damage.
      if (p >= end || (b[p] & 0xff) != 0xFF) {
        throw new JpegException("JPEG stream damaged or truncated at byte " + (p - offset)
            + " while looking for a marker");
      }
      while (p < end && (b[p] & 0xff) == 0xFF) {
        p++;
      }
      if (p >= end) {
        throw new JpegException("JPEG stream truncated inside a marker");
      }
      int marker = b[p++] & 0xff;
      if (marker == SOS) {
        break;
      }
      if (marker == EOI) {
        throw new JpegException("JPEG stream ends before its first scan");
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        continue; // stand-alone markers without a length
      }
      if (p + 2 > end) {
        throw new JpegException("JPEG stream truncated in the length of marker 0x" + Integer.toHexString(marker));
      }
      int segLen = (b[p] & 0xff) << 8 | (b[p + 1] & 0xff);
      if (segLen < 2 || p + segLen > end) {
        throw new JpegException("JPEG marker 0x" + Integer.toHexString(marker) + " claims " + segLen
            + " bytes, past the end of the stream");
      }
      int s = p + 2;
      int n = segLen - 2;
      if (isStartOfFrame(marker)) {
        if (n < 6) {
          throw new JpegException("JPEG frame header too short");
        }
        precision = b[s] & 0xff;
        height = (b[s + 1] & 0xff) << 8 | (b[s + 2] & 0xff);
        width = (b[s + 3] & 0xff) << 8 | (b[s + 4] & 0xff);
        int nc = b[s + 5] & 0xff;
        if (nc == 0 || n < 6 + 3 * nc) {
          throw new JpegException("JPEG frame header lists " + nc + " components in " + n + " bytes");
        }
        ids = new int[nc];
        sampling = new int[nc];
        for (int c = 0; c < nc; c++) {
          ids[c] = b[s + 6 + 3 * c] & 0xff;
          sampling[c] = b[s + 7 + 3 * c] & 0xff;
        }
        process = marker;
      } else if (marker == 0xE0 && n >= 5 && startsWith(b, s, "JFIF\0")) {
        jfif = true;
      } else if (marker == 0xEE && n >= 12 && startsWith(b, s, "Adobe")) {
        adobe = b[s + 11] & 0xff;
      }
      p += segLen;
    }
    if (ids == null) {
      throw new JpegException("JPEG stream has no frame header before its first scan");
    }
    return new JpegHeader(width, height, precision, process, ids, sampling, jfif, adobe);
  }

  private static boolean isStartOfFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  private static boolean startsWith(byte[] b, int at, String ascii) {
    for (int i = 0; i < ascii.length(); i++) {
      if (b[at + i] != (byte) ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
