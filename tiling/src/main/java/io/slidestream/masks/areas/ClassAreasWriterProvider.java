package io.slidestream.masks.areas;

import io.slidestream.masks.MaskSpec;
import io.slidestream.masks.MaskWriter;
import io.slidestream.masks.MaskWriterProvider;
import java.nio.file.Path;

/** {@value ClassAreasWriter#KIND}: per-class pixel counts and areas as JSON. */
public final class ClassAreasWriterProvider implements MaskWriterProvider {

  @Override
  public String name() {
    return ClassAreasWriter.KIND;
  }

  @Override
  public MaskWriter open(MaskSpec spec, Path directory) {
    return ClassAreasWriter.open(spec, directory);
  }
}
