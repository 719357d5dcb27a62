package io.slidestream.images.readers.tiff.internals;

import io.slidestream.images.tiff.TiffTags;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Recognises TIFFs that are another vendor's multi-image layout: their pages are not one pyramid
 * (a Ventana BIF's first page is its label image, a Leica SCN holds several images placed on the
 * glass by XML), so reading them as a generic pyramid would mix label or macro pixels into the
 * levels. The reader refuses them as unsupported and leaves them to OpenSlide, which knows each
 * layout and keeps its associated images apart.
 */
final class ForeignLayout {

  /** XMP packets beyond this are not looked into (Ventana's are a few kilobytes). */
  private static final int MAX_XMP = 1 << 20;
  private static final int MAX_DESCRIPTION = 64 << 20;

  private ForeignLayout() {}

  /**
   * The vendor whose layout the file has, or null when it has none of those this class knows.
   *
   * @param firstDescription the first page's ImageDescription, or null
   */
  static String vendorOf(List<TiffDirectory> chain, String firstDescription) {
    TiffDirectory first = chain.get(0);
    if (first.has(TiffTags.NDPI_FORMAT_FLAG)) {
      return "Hamamatsu NDPI";
    }
    if (firstDescription != null) {
      if (firstDescription.contains("leica-microsystems.com/scn") || firstDescription.contains("<scn")) {
        return "Leica SCN";
      }
      if (firstDescription.contains("DPUfsImport")) {
        return "Philips TIFF";
      }
    }
    for (TiffDirectory dir : chain) {
      if (dir.has(TiffTags.XMP) && dir.byteLength(TiffTags.XMP) <= MAX_XMP
          && new String(dir.bytes(TiffTags.XMP, MAX_XMP), StandardCharsets.ISO_8859_1).contains("iScan")) {
        return "Ventana BIF";
      }
      String description = dir == first ? firstDescription : dir.text(TiffTags.IMAGE_DESCRIPTION, MAX_DESCRIPTION);
      if (description != null && (description.startsWith("Label Image") || description.startsWith("Label_Image"))) {
        return "Ventana BIF";
      }
    }
    return null;
  }
}
