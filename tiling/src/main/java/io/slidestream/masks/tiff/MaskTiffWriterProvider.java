package io.slidestream.masks.tiff;

import io.slidestream.masks.MaskSpec;
import io.slidestream.masks.MaskWriter;
import io.slidestream.masks.MaskWriterProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** {@value MaskTiffWriter#KIND}: the pyramidal BigTIFF label mask. */
public final class MaskTiffWriterProvider implements MaskWriterProvider {

  @Override
  public String name() {
    return MaskTiffWriter.KIND;
  }

  @Override
  public MaskWriter open(MaskSpec spec, Path directory) {
    try {
      return MaskTiffWriter.open(spec, directory, 6);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the mask file for " + spec.slideId() + " in " + directory, e);
    }
  }
}
