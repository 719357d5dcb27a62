package io.slidestream.images.readers.tiff.internals;

import io.slidestream.images.tiff.TiffTags;

/**
 * TIFF compression schemes: the ones this reader decodes, and names for the common ones it does
 * not, so that a refusal says what the file uses.
 */
public enum Compression {
  NONE(TiffTags.COMPRESSION_NONE, "none"),
  LZW(TiffTags.COMPRESSION_LZW, "LZW"),
  JPEG(TiffTags.COMPRESSION_JPEG, "JPEG"),
  DEFLATE(TiffTags.COMPRESSION_ADOBE_DEFLATE, "Deflate (Adobe)"),
  DEFLATE_OLD(TiffTags.COMPRESSION_DEFLATE, "Deflate (PKZIP)");

  final int code;
  final String label;

  Compression(int code, String label) {
    this.code = code;
    this.label = label;
  }

  /** The scheme of that code, or null when this reader cannot decode it. */
  static Compression of(int code) {
    for (Compression c : values()) {
      if (c.code == code) {
        return c;
      }
    }
    return null;
  }

  /** A human name for any compression code, for error messages. */
  static String describe(int code) {
    Compression c = of(code);
    if (c != null) {
      return c.label + " (" + code + ")";
    }
    String name = switch (code) {
      case 2 -> "CCITT RLE";
      case 3 -> "CCITT Group 3 fax";
      case 4 -> "CCITT Group 4 fax";
      case 6 -> "old-style JPEG";
      case 32773 -> "PackBits";
      case 33003 -> "JPEG 2000 (Aperio YCbCr)";
      case 33005 -> "JPEG 2000 (Aperio RGB)";
      case 34712 -> "JPEG 2000";
      case 34887, 34888, 34889 -> "ESRI LERC";
      case 34925 -> "LZMA";
      case 50000 -> "Zstandard";
      case 50001 -> "WebP";
      case 50002 -> "JPEG XL";
      default -> "unknown";
    };
    return name + " (" + code + ")";
  }
}
