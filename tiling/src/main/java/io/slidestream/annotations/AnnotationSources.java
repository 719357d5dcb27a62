package io.slidestream.annotations;

import io.slidestream.annotations.io.AsapXmlAnnotationReader;
import io.slidestream.annotations.io.GeoJsonAnnotationReader;
import io.slidestream.annotations.protocol.LabelingProtocol;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** Opens a slide's annotation file as a source of label sets, choosing the reader by file type. */
public final class AnnotationSources {

  private AnnotationSources() {}

  /**
   * Opens {@code .geojson}/{@code .json} as QuPath GeoJSON, {@code .xml} as ASAP XML, and
   * {@code .png}/{@code .tif}/{@code .tiff} as a label image covering the slide at
   * {@code labelImageDownsample} level-0 pixels per label pixel (ignored for polygon files).
   *
   * @throws AnnotationException.Unsupported for any other file type
   */
  public static AnnotationSource open(Path file, LabelingProtocol protocol, double labelImageDownsample)
      throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".geojson") || name.endsWith(".json")) {
      return PolygonAnnotationSource.of(new GeoJsonAnnotationReader().read(file), protocol);
    }
    if (name.endsWith(".xml")) {
      return PolygonAnnotationSource.of(new AsapXmlAnnotationReader().read(file), protocol);
    }
    if (name.endsWith(".png") || name.endsWith(".tif") || name.endsWith(".tiff")) {
      return LabelImageSource.open(file, labelImageDownsample, protocol);
    }
    throw new AnnotationException.Unsupported(file + ": not an annotation file type this project reads"
        + " (.geojson, .json, .xml, .png, .tif, .tiff)");
  }
}
