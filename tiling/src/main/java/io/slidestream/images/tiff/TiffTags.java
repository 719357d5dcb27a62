package io.slidestream.images.tiff;

/**
 * Numbers from the TIFF 6.0 and BigTIFF specifications (and the private tags slides use) that
 * both the slide reader and the TIFF writer need: tag numbers, and the field values they compare
 * or write. One definition, so that reader and writer cannot disagree on a number.
 */
public final class TiffTags {
  private TiffTags() {}

  public static final int NEW_SUBFILE_TYPE = 254;
  public static final int IMAGE_WIDTH = 256;
  public static final int IMAGE_LENGTH = 257;
  public static final int BITS_PER_SAMPLE = 258;
  public static final int COMPRESSION = 259;
  public static final int PHOTOMETRIC = 262;
  public static final int IMAGE_DESCRIPTION = 270;
  public static final int STRIP_OFFSETS = 273;
  public static final int SAMPLES_PER_PIXEL = 277;
  public static final int X_RESOLUTION = 282;
  public static final int Y_RESOLUTION = 283;
  public static final int PLANAR_CONFIGURATION = 284;
  public static final int RESOLUTION_UNIT = 296;
  public static final int SOFTWARE = 305;
  public static final int PREDICTOR = 317;
  public static final int TILE_WIDTH = 322;
  public static final int TILE_LENGTH = 323;
  public static final int TILE_OFFSETS = 324;
  public static final int TILE_BYTE_COUNTS = 325;
  public static final int SUB_IFDS = 330;
  public static final int EXTRA_SAMPLES = 338;
  public static final int SAMPLE_FORMAT = 339;
  public static final int JPEG_TABLES = 347;
  public static final int YCBCR_SUBSAMPLING = 530;
  public static final int REFERENCE_BLACK_WHITE = 532;
  /** Adobe XMP packet (Ventana writes its {@code iScan} metadata there). */
  public static final int XMP = 700;
  /** Hamamatsu's private tag marking an NDPI file. */
  public static final int NDPI_FORMAT_FLAG = 65420;

  /** NewSubfileType bits. */
  public static final int SUBFILE_REDUCED_RESOLUTION = 1;
  public static final int SUBFILE_TRANSPARENCY_MASK = 4;

  public static final int COMPRESSION_NONE = 1;
  public static final int COMPRESSION_LZW = 5;
  public static final int COMPRESSION_JPEG = 7;
  public static final int COMPRESSION_ADOBE_DEFLATE = 8;
  public static final int COMPRESSION_DEFLATE = 32946;

  public static final int PHOTOMETRIC_MIN_IS_WHITE = 0;
  public static final int PHOTOMETRIC_MIN_IS_BLACK = 1;
  public static final int PHOTOMETRIC_RGB = 2;
  public static final int PHOTOMETRIC_YCBCR = 6;

  public static final int RESOLUTION_UNIT_INCH = 2;
  public static final int RESOLUTION_UNIT_CM = 3;

  public static final int PREDICTOR_NONE = 1;
  public static final int PREDICTOR_HORIZONTAL = 2;
}
