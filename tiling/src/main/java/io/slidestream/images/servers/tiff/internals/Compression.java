package io.slidestream.images.servers.tiff.internals;

/**
 * TIFF compression schemes: the ones this reader decodes, and names for the common ones it does
 * not, so that a refusal says what the file uses.
 */
public enum Compression {
  NONE(1, "none", true),
  LZW(5, "LZW", true),
  JPEG(7, "JPEG", true),
  DEFLATE(8, "Deflate (Adobe)", true),
  DEFLATE_OLD(32946, "Deflate (PKZIP)", true);

  final int code;
  final String label;
  final boolean supported;

  Compression(int code, String label, boolean supported) {
    this.code = code;
    this.label = label;
    this.supported = supported;
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
