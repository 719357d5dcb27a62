package io.slidestream.models.losses;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The losses by the names users write in configuration:
 * <ul>
 *   <li>{@code partial-ce}: {@link PartialCrossEntropy}, softmax head;</li>
 *   <li>{@code naive-mask}: {@link NaiveMaskCrossEntropy}, softmax head, the baseline;</li>
 *   <li>{@code binary-ambiguity}, optionally with a variant after a colon
 *       ({@code binary-ambiguity:smile}, {@code :pbce}, {@code :mbce}; SMILE when none is given):
 *       {@link BinaryAmbiguityLoss}, sigmoid heads.</li>
 * </ul>
 * {@code Losses.named(loss.name())} gives back an equal loss.
 */
public final class Losses {

  /** Each name and how to make its loss from the variant text after the colon (null when none). */
  private static final Map<String, Function<String, PartialLabelLoss>> REGISTRY = new LinkedHashMap<>();

  static {
    REGISTRY.put(PartialCrossEntropy.NAME, variant -> noVariant(PartialCrossEntropy.NAME, variant,
        new PartialCrossEntropy()));
    REGISTRY.put(NaiveMaskCrossEntropy.NAME, variant -> noVariant(NaiveMaskCrossEntropy.NAME, variant,
        new NaiveMaskCrossEntropy()));
    REGISTRY.put(BinaryAmbiguityLoss.NAME, variant -> new BinaryAmbiguityLoss(
        variant == null ? BinaryAmbiguityLoss.Variant.SMILE : BinaryAmbiguityLoss.Variant.named(variant)));
  }

  private Losses() {}

  /**
   * The loss called {@code spec}: a registered name, optionally followed by {@code :variant}.
   *
   * @throws IllegalArgumentException for an unknown name or variant, listing the known names
   */
  public static PartialLabelLoss named(String spec) {
    String s = spec.trim();
    int colon = s.indexOf(':');
    String name = colon < 0 ? s : s.substring(0, colon).trim();
    String variant = colon < 0 ? null : s.substring(colon + 1).trim();
    Function<String, PartialLabelLoss> make = REGISTRY.get(name);
    if (make == null) {
      throw new IllegalArgumentException("unknown loss '" + spec + "'; known losses: " + names());
    }
    return make.apply(variant);
  }

  /** The registered names, in the order above. */
  public static List<String> names() {
    return List.copyOf(REGISTRY.keySet());
  }

  private static PartialLabelLoss noVariant(String name, String variant, PartialLabelLoss loss) {
    if (variant != null) {
      throw new IllegalArgumentException("loss '" + name + "' has no variants, got '" + name + ":" + variant + "'");
    }
    return loss;
  }
}
