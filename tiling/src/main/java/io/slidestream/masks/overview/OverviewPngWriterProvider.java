package io.slidestream.masks.overview;

import io.slidestream.masks.MaskSpec;
import io.slidestream.masks.MaskWriter;
import io.slidestream.masks.MaskWriterProvider;
import java.nio.file.Path;

/** {@value OverviewPngWriter#KIND}: the class-coloured overview, longer side at most 2048 px. */
public final class OverviewPngWriterProvider implements MaskWriterProvider {

  public static final int MAX_SIDE = 2048;

  @Override
  public String name() {
    return OverviewPngWriter.KIND;
  }

  @Override
  public MaskWriter open(MaskSpec spec, Path directory) {
    return OverviewPngWriter.open(spec, directory, MAX_SIDE);
  }
}
