package io.slidestream.images.readers.tiff.internals;

/** TIFF field types (TIFF 6.0 and BigTIFF) with their sizes in bytes. */
enum TiffType {
  BYTE(1, 1), ASCII(2, 1), SHORT(3, 2), LONG(4, 4), RATIONAL(5, 8), SBYTE(6, 1), UNDEFINED(7, 1),
  SSHORT(8, 2), SLONG(9, 4), SRATIONAL(10, 8), FLOAT(11, 4), DOUBLE(12, 8), IFD(13, 4),
  LONG8(16, 8), SLONG8(17, 8), IFD8(18, 8);

  private static final TiffType[] BY_CODE = new TiffType[19];

  static {
    for (TiffType t : values()) {
      BY_CODE[t.code] = t;
    }
  }

  final int code;
  final int size;

  TiffType(int code, int size) {
    this.code = code;
    this.size = size;
  }

  /** The type of that code, or null for one this reader does not know (such entries are skipped). */
  static TiffType of(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }

  boolean isInteger() {
    return switch (this) {
      case BYTE, SHORT, LONG, SBYTE, UNDEFINED, SSHORT, SLONG, IFD, LONG8, SLONG8, IFD8 -> true;
      default -> false;
    };
  }
}
