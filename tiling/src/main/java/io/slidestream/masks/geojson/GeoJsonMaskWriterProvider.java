package io.slidestream.masks.geojson;

import io.slidestream.masks.MaskSpec;
import io.slidestream.masks.MaskWriter;
import io.slidestream.masks.MaskWriterProvider;
import java.nio.file.Path;

/** Mask output kind {@code geojson}: class outlines as QuPath annotations, with the default options. */
public final class GeoJsonMaskWriterProvider implements MaskWriterProvider {

  public static final String NAME = "geojson";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public MaskWriter open(MaskSpec spec, Path directory) {
    return new GeoJsonMaskWriter(spec, directory, GeoJsonMaskOptions.defaults());
  }
}
