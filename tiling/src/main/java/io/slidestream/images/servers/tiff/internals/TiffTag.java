package io.slidestream.images.servers.tiff.internals;

/** The tag numbers this reader interprets. */
final class TiffTag {
  static final int NEW_SUBFILE_TYPE = 254;
  static final int IMAGE_WIDTH = 256;
  static final int IMAGE_LENGTH = 257;
  static final int BITS_PER_SAMPLE = 258;
  static final int COMPRESSION = 259;
  static final int PHOTOMETRIC = 262;
  static final int IMAGE_DESCRIPTION = 270;
  static final int STRIP_OFFSETS = 273;
  static final int SAMPLES_PER_PIXEL = 277;
  static final int X_RESOLUTION = 282;
  static final int Y_RESOLUTION = 283;
  static final int PLANAR_CONFIGURATION = 284;
  static final int RESOLUTION_UNIT = 296;
  static final int PREDICTOR = 317;
  static final int TILE_WIDTH = 322;
  static final int TILE_LENGTH = 323;
  static final int TILE_OFFSETS = 324;
  static final int TILE_BYTE_COUNTS = 325;
  static final int SUB_IFDS = 330;
  static final int EXTRA_SAMPLES = 338;
  static final int SAMPLE_FORMAT = 339;
  static final int JPEG_TABLES = 347;

  private TiffTag() {}
}
