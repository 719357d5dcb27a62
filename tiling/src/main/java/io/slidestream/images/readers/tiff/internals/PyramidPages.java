package io.slidestream.images.readers.tiff.internals;

import io.slidestream.images.tiff.TiffTags;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which pages of a TIFF's main chain can be levels of its pyramid. Slides keep label and macro
 * images beside the pyramid, and those show the patient's label: a page taken for a level by
 * mistake sends those pixels downstream. So a page other than the first is a level only when
 * everything about it says so:
 * <ul>
 *   <li>it is tiled and not a transparency mask (NewSubfileType bit 2);</li>
 *   <li>its description does not name it a label or macro (Aperio names them so, and some
 *       scanners tile the macro);</li>
 *   <li>it is smaller than the first page with the same aspect ratio, within 1% or the pixel a
 *       rounded halving can lose on each side (a label or macro shows the whole glass, not the
 *       scanned area);</li>
 *   <li>in a generic TIFF: it has NewSubfileType's reduced-resolution bit, as OpenSlide requires,
 *       unless no page that passes the tests above has it (some writers leave the bit out
 *       everywhere; then the shape has to do).</li>
 * </ul>
 * The first page is the full-resolution image, as in OpenSlide's generic-tiff format.
 */
final class PyramidPages {

  private static final int MAX_DESCRIPTION = 64 << 20;
  private static final Pattern ASSOCIATED = Pattern.compile("\\b(label|macro)\\b");

  private PyramidPages() {}

  /** Aperio SVS: the first page and the reduced tiled pages; never its thumbnail, label or macro. */
  static List<TiffDirectory> aperio(List<TiffDirectory> chain) {
    return shapedAsReductions(chain);
  }

  /** Any other TIFF: the first page and the pages flagged (or, without flags, shaped) as reductions of it. */
  static List<TiffDirectory> generic(List<TiffDirectory> chain) {
    List<TiffDirectory> pages = shapedAsReductions(chain);
    List<TiffDirectory> reduced = pages.subList(1, pages.size()).stream().filter(PyramidPages::isFlaggedReduced).toList();
    if (reduced.isEmpty()) {
      return pages;
    }
    List<TiffDirectory> flagged = new ArrayList<>();
    flagged.add(pages.get(0));
    flagged.addAll(reduced);
    return flagged;
  }

  private static List<TiffDirectory> shapedAsReductions(List<TiffDirectory> chain) {
    TiffDirectory first = chain.get(0);
    long width = TiledImage.claimedWidth(first);
    long height = first.integer(TiffTags.IMAGE_LENGTH, 0);
    List<TiffDirectory> pages = new ArrayList<>();
    pages.add(first);
    for (TiffDirectory d : chain.subList(1, chain.size())) {
      if (TiledImage.isTiled(d) && !TiledImage.isMask(d) && !namedAssociated(d)
          && isReductionOf(width, height, TiledImage.claimedWidth(d), d.integer(TiffTags.IMAGE_LENGTH, 0))) {
        pages.add(d);
      }
    }
    return pages;
  }

  private static boolean isFlaggedReduced(TiffDirectory d) {
    return (d.integer(TiffTags.NEW_SUBFILE_TYPE, 0) & TiffTags.SUBFILE_REDUCED_RESOLUTION) != 0;
  }

  private static boolean namedAssociated(TiffDirectory d) {
    String description = d.text(TiffTags.IMAGE_DESCRIPTION, MAX_DESCRIPTION);
    return description != null && ASSOCIATED.matcher(description.toLowerCase(Locale.ROOT)).find();
  }

  /**
   * Whether a {@code w × h} image can be the {@code width × height} image shrunk: smaller, and
   * of the same shape. Rounding each side of a reduction moves it by less than a pixel, which
   * changes {@code w·height − h·width} by less than {@code width + height}.
   */
  static boolean isReductionOf(long width, long height, long w, long h) {
    if (w <= 0 || h <= 0 || w >= width || h > height) {
      return false;
    }
    double skew = Math.abs((double) w * height - (double) h * width);
    return skew <= Math.max(0.01 * w * height, width + height);
  }
}
