package io.slidestream.images.readers.tiff.internals;

import io.slidestream.images.readers.PyramidLevel;
import io.slidestream.images.readers.SlideException;
import io.slidestream.images.tiff.TiffTags;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which images of a TIFF make up the slide's pyramid, and its resolution, by format:
 * <ul>
 *   <li>Aperio SVS (description starts with "Aperio"): the tiled directories of the main chain
 *       that {@link PyramidPages#aperio} accepts; the thumbnail, label and macro images are never
 *       levels, stripped or tiled. µm/px and objective from the description's {@code MPP} and
 *       {@code AppMag}.</li>
 *   <li>OME-TIFF (OME-XML description): the first directory and its SubIFDs; µm/px from the
 *       first {@code Pixels} element's PhysicalSizeX/Y in their unit.</li>
 *   <li>another vendor's multi-image layout (Leica SCN, Ventana BIF, Philips, Hamamatsu NDPI):
 *       refused as unsupported, so that OpenSlide, which knows those layouts, reads it.</li>
 *   <li>any other tiled TIFF: the first directory, which is the full-resolution image, and the
 *       reductions of it that {@link PyramidPages#generic} accepts; µm/px from the first
 *       directory's X/YResolution when ResolutionUnit says inch or centimetre.</li>
 * </ul>
 * Levels are ordered by decreasing width; an image no smaller than the one before is not a level.
 *
 * @param vendor    "aperio", "ome-tiff" or "generic-tiff"
 * @param images    the levels, full resolution first
 * @param levels    the same as the public description, with OpenSlide's downsamples
 */
public record TiffLayout(String vendor, List<TiledImage> images, List<PyramidLevel> levels,
    Double micronsPerPixelX, Double micronsPerPixelY, Double objectivePower) {

  /** OME-XML of whole plate screens runs to megabytes; anything beyond this is not metadata. */
  private static final int MAX_DESCRIPTION = 64 << 20;

  /**
   * Finds the layout.
   *
   * @throws SlideException.Unsupported when the TIFF has no tiled image, or a level uses an
   *     encoding the reader cannot decode
   */
  public static TiffLayout of(TiffFile tiff, SlideFile file) {
    TiffDirectory first = tiff.directories().get(0);
    String description = first.text(TiffTags.IMAGE_DESCRIPTION, MAX_DESCRIPTION);
    if (AperioDescription.isAperio(description)) {
      AperioDescription aperio = AperioDescription.parse(description);
      return build(file, "aperio", PyramidPages.aperio(tiff.directories()), aperio.micronsPerPixel(),
          aperio.micronsPerPixel(), aperio.objectivePower());
    }
    if (OmeXml.looksLikeOme(description)) {
      OmeXml ome;
      try {
        ome = OmeXml.parse(description);
      } catch (IllegalArgumentException e) {
        throw new SlideException.Corrupt(file.path(), e.getMessage());
      }
      if (first.integer(TiffTags.SAMPLES_PER_PIXEL, 1) == 1 && ome.sizeC() > 1) {
        throw new SlideException.Unsupported(file.path(), "OME-TIFF with " + ome.sizeC()
            + " channels in separate planes; only interleaved RGB or single-channel images are read");
      }
      List<TiffDirectory> dirs = new ArrayList<>();
      dirs.add(first);
      dirs.addAll(tiff.subDirectories(first));
      return build(file, "ome-tiff", dirs, ome.physicalSizeX(), ome.physicalSizeY(), null);
    }
    String foreign = ForeignLayout.vendorOf(tiff.directories(), description);
    if (foreign != null) {
      throw new SlideException.Unsupported(file.path(), "the TIFF is a " + foreign + " file, whose images are"
          + " not one pyramid; the tiff reader leaves it to OpenSlide");
    }
    return build(file, "generic-tiff", PyramidPages.generic(tiff.directories()), resolution(first, TiffTags.X_RESOLUTION),
        resolution(first, TiffTags.Y_RESOLUTION), null);
  }

  private static Double resolution(TiffDirectory dir, int tag) {
    if (!dir.has(TiffTags.RESOLUTION_UNIT)) {
      return null; // the TIFF default (inch) is mostly a meaningless 72 dpi
    }
    long unit = dir.integer(TiffTags.RESOLUTION_UNIT, 0);
    Double perUnit = dir.number(tag);
    if (perUnit == null || !(perUnit > 0) || (unit != TiffTags.RESOLUTION_UNIT_INCH && unit != TiffTags.RESOLUTION_UNIT_CM)) {
      return null;
    }
    return (unit == TiffTags.RESOLUTION_UNIT_INCH ? 25_400.0 : 10_000.0) / perUnit;
  }

  private static TiffLayout build(SlideFile file, String vendor, List<TiffDirectory> candidates,
      Double mppX, Double mppY, Double objective) {
    for (TiffDirectory d : candidates) {
      if (!TiledImage.isTiled(d)) {
        throw new SlideException.Unsupported(file.path(), vendor + " image at byte " + d.position()
            + " is stored in strips; the tiff reader reads tiled pyramids only");
      }
    }
    if (candidates.isEmpty()) {
      throw new SlideException.Unsupported(file.path(), "the TIFF has no tiled image; the tiff reader"
          + " reads tiled pyramids only");
    }
    List<TiffDirectory> sorted = new ArrayList<>(candidates);
    sorted.sort(Comparator.comparingLong(TiledImage::claimedWidth).reversed());
    List<TiledImage> images = new ArrayList<>();
    for (TiffDirectory d : sorted) {
      if (images.isEmpty() || TiledImage.claimedWidth(d) < images.get(images.size() - 1).width()) {
        images.add(TiledImage.read(file, d));
      }
    }
    TiledImage base = images.get(0);
    List<PyramidLevel> levels = new ArrayList<>(images.size());
    for (TiledImage im : images) {
      // As OpenSlide computes it: the mean of the two ratios, since rounding at each halving makes
      // them differ slightly.
      double downsample = images.size() == 1 || im == base ? 1.0
          : ((double) base.width() / im.width() + (double) base.height() / im.height()) / 2;
      if (!(downsample >= 1.0)) {
        throw new SlideException.Corrupt(file.path(), "reduced image at " + im.width() + "x" + im.height()
            + " is taller than the full-resolution image " + base.width() + "x" + base.height());
      }
      levels.add(new PyramidLevel(im.width(), im.height(), downsample, im.tileWidth(), im.tileHeight()));
    }
    return new TiffLayout(vendor, List.copyOf(images), List.copyOf(levels), mppX, mppY, objective);
  }
}
