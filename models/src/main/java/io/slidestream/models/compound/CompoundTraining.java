package io.slidestream.models.compound;

import com.typesafe.config.Config;
import io.slidestream.models.data.PatchSource;
import io.slidestream.models.data.SlidePatchSource;
import io.slidestream.models.inference.SegmentationModel;
import io.slidestream.models.io.ModelFile;
import io.slidestream.models.io.TrainedModel;
import io.slidestream.models.training.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Training the second network of a compound model ({@code train.compound { first-model = FILE }}):
 * the run trains at {@code model.microns-per-pixel} as any other, on patches whose input is made
 * from the frozen first model ({@link CompoundPatchSource}), with {@code 3 + extra} input channels;
 * afterwards {@link #writeModel} turns the plain second-network model file the trainer wrote into a
 * compound model file in its place.
 *
 * <p>Compound training reads slides ({@code train.data.slides}): it needs the same area at two
 * resolutions, which in-memory images and masks do not have. Every augmentation applies:
 * geometric steps move the extra channels with the image (exactly for flips and quarter turns,
 * bilinearly like the image for rotations and elastic warps); photometric steps change only the
 * RGB, so the first model's output is that of the unaugmented patch.
 */
public final class CompoundTraining implements AutoCloseable {

  /** The HOCON key under {@code train} naming the first model. */
  public static final String FIRST_MODEL_KEY = "compound.first-model";

  private final TrainedModel first;
  private final SegmentationModel firstModel;
  private final CompoundInput input;

  private CompoundTraining(TrainedModel first, int scale) {
    this.first = first;
    this.firstModel = SegmentationModel.of(first);
    this.input = new CompoundInput(firstModel, scale, CompoundModel.firstChannels(first.metadata()));
  }

  /** The first model file {@code train.compound.first-model} names (resolved), if any. */
  public static Optional<Path> firstModelOf(Config root, UnaryOperator<Path> resolve) {
    String key = "train." + FIRST_MODEL_KEY;
    return root.hasPath(key) ? Optional.of(resolve.apply(Path.of(root.getString(key)))) : Optional.empty();
  }

  /**
   * Loads the first model and checks that it fits the run.
   *
   * @throws IllegalArgumentException when the run does not train from slides, its resolution is not
   *     a whole multiple of the first model's, or its patches read finer do not suit the first network
   * @throws io.slidestream.models.io.ModelFileException when the first model file cannot be used
   */
  public static CompoundTraining open(Path firstModelFile, TrainingConfig config) throws IOException {
    Objects.requireNonNull(config, "config");
    if (!config.fromSlides()) {
      throw new IllegalArgumentException("train.compound reads each patch's area at two resolutions, so it needs"
          + " train.data.slides, not images and masks");
    }
    if (!Files.isRegularFile(firstModelFile)) {
      throw new IllegalArgumentException("train." + FIRST_MODEL_KEY + ": no such file: " + firstModelFile);
    }
    if (CompoundModelFile.isCompound(firstModelFile)) {
      throw new IllegalArgumentException("train." + FIRST_MODEL_KEY + " must be a plain model, not a compound one: "
          + firstModelFile);
    }
    TrainedModel first = ModelFile.load(firstModelFile);
    int scale = CompoundModel.scaleOf(first.metadata().micronsPerPixel(), config.micronsPerPixel());
    if (CompoundModel.firstChannels(first.metadata()).length < 1) {
      throw new IllegalArgumentException("train." + FIRST_MODEL_KEY + ": the first model has no class besides its"
          + " background");
    }
    int fine = config.patchSize() * scale;
    try {
      first.metadata().network().checkInputSize(fine, fine);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("train." + FIRST_MODEL_KEY + ": patches of " + config.patchSize() + " px read "
          + scale + "× finer (" + fine + " px) do not suit the first network: " + e.getMessage(), e);
    }
    return new CompoundTraining(first, scale);
  }

  /** The second network's input channels: RGB and the extra ones. */
  public int inputChannels() {
    return 3 + input.extraChannels();
  }

  public int scale() {
    return input.scale();
  }

  public TrainedModel first() {
    return first;
  }

  /** Training or validation patches with the first model's output as extra channels. */
  public PatchSource wrap(PatchSource slides) {
    if (!(slides instanceof SlidePatchSource s)) {
      throw new IllegalArgumentException("compound training reads slides, not " + slides);
    }
    return new CompoundPatchSource(s, input);
  }

  /**
   * Replaces the plain second-network model file the trainer wrote with a compound model file
   * holding both networks. Does nothing when there is no such file (no validation ran).
   */
  public void writeModel(Path secondModelFile) throws IOException {
    if (!Files.isRegularFile(secondModelFile)) {
      return;
    }
    TrainedModel second = ModelFile.load(secondModelFile);
    CompoundModelFile.save(secondModelFile, new CompoundModel(first, second));
  }

  @Override
  public void close() {
    firstModel.close();
  }
}
