package io.slidestream.models.compound;

import io.slidestream.models.inference.SegmentationModel;
import io.slidestream.models.inference.SlideModel;
import java.io.IOException;
import java.nio.file.Path;

/** Opens any model file for the slide pipeline: a plain U-Net or a compound model. */
public final class SlideModels {

  private SlideModels() {}

  /**
   * The model in the file, ready for inference.
   *
   * @throws io.slidestream.models.io.ModelFileException when the file cannot be used
   */
  public static SlideModel load(Path file) throws IOException {
    return CompoundModelFile.isCompound(file) ? CompoundSegmentationModel.load(file) : SegmentationModel.load(file);
  }
}
