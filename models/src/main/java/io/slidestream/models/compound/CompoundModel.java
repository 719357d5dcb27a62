package io.slidestream.models.compound;

import io.slidestream.images.LabelClass;
import io.slidestream.models.io.ModelMetadata;
import io.slidestream.models.io.TrainedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A compound model (Burlutskiy et al., Fig. A.3): a second U-Net whose input is RGB at its own,
 * coarser resolution (e.g. 2 µm/px) plus the first U-Net's class probabilities computed at the
 * first's finer resolution (e.g. 1 µm/px) and averaged down to the second's grid. The extra
 * channels are the first model's non-background classes, in channel order: one channel for a
 * binary first model, as in the paper.
 *
 * <p>The two resolutions must differ by a whole factor ({@link #scale()}), so that each second-
 * network pixel covers exactly {@code scale × scale} first-network pixels.
 */
public record CompoundModel(TrainedModel first, TrainedModel second) {

  /** Tolerance on the resolution ratio being a whole number. */
  private static final double SCALE_TOLERANCE = 1e-6;

  public CompoundModel {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
    check(first.metadata(), second.metadata());
  }

  /**
   * Checks that two networks of these metadata fit together as a compound model, without the
   * networks: the first takes RGB and has a class besides its background, the second takes RGB
   * plus those classes, and the resolutions are a whole factor apart.
   *
   * @return the resolution factor, {@link #scale()}
   * @throws IllegalArgumentException saying what does not fit
   */
  public static int check(ModelMetadata first, ModelMetadata second) {
    if (first.network().inputChannels() != 3) {
      throw new IllegalArgumentException("the first model must take RGB (3 channels), it takes "
          + first.network().inputChannels());
    }
    int extra = firstChannels(first).length;
    if (extra < 1) {
      throw new IllegalArgumentException("the first model has no class besides its background; it gives the second"
          + " nothing to use");
    }
    if (second.network().inputChannels() != 3 + extra) {
      throw new IllegalArgumentException("the second model takes " + second.network().inputChannels()
          + " input channels, but RGB and the first model's " + extra + " non-background classes make " + (3 + extra));
    }
    return scaleOf(first.micronsPerPixel(), second.micronsPerPixel());
  }

  /**
   * The second model's resolution over the first's, a whole number of at least 1.
   *
   * @throws IllegalArgumentException when it is not
   */
  public static int scaleOf(double firstMicronsPerPixel, double secondMicronsPerPixel) {
    double ratio = secondMicronsPerPixel / firstMicronsPerPixel;
    long whole = Math.round(ratio);
    if (whole < 1 || Math.abs(ratio - whole) > SCALE_TOLERANCE * ratio) {
      throw new IllegalArgumentException("the second model's " + secondMicronsPerPixel + " µm/px must be a whole"
          + " multiple of the first model's " + firstMicronsPerPixel + " µm/px");
    }
    return (int) whole;
  }

  /** The first model's channels that become extra input: every channel except its background. */
  public static int[] firstChannels(ModelMetadata first) {
    int classes = first.classes().size();
    int[] keep = new int[classes - 1];
    for (int c = 0, k = 0; c < classes; c++) {
      if (c != first.backgroundChannel()) {
        keep[k++] = c;
      }
    }
    return keep;
  }

  /** The first model's channels that become extra input. */
  public int[] firstChannels() {
    return firstChannels(first.metadata());
  }

  /** First-network pixels per second-network pixel along each axis. */
  public int scale() {
    return scaleOf(first.metadata().micronsPerPixel(), second.metadata().micronsPerPixel());
  }

  /** Names of the second network's input channels, in order: RGB, then {@code first:<class>} per extra channel. */
  public List<String> inputNames() {
    return inputNames(first.metadata());
  }

  /** The second network's input names for a first network of this metadata. */
  public static List<String> inputNames(ModelMetadata first) {
    List<String> names = new ArrayList<>(List.of("red", "green", "blue"));
    List<LabelClass> classes = first.classes();
    for (int c : firstChannels(first)) {
      names.add("first:" + classes.get(c).name());
    }
    return names;
  }
}
