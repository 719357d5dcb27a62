package io.slidestream.models.losses;

import io.slidestream.models.unet.Head;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * A DL4J loss over admissible label sets (methods §2), together with what it needs from the data:
 * how a pixel's set becomes label values, and which sets carry any label at all.
 *
 * <p>DL4J hands a loss 2-d arrays: one row per pixel ({@code [B·H·W, C]} after the
 * {@code CnnLossLayer} moves channels last), the pre-activations (logits) of the row and an
 * optional per-pixel weight column {@code [B·H·W, 1]} (the mask). Every implementation multiplies
 * a row's loss and gradient by that weight, so weight 0 gives an exactly zero gradient.
 *
 * <p>Implementations are immutable and serialise with the network configuration (DL4J stores the
 * loss as JSON with its class name), so a saved model restores with the loss it was trained with.
 */
public interface PartialLabelLoss extends ILossFunction {

  /** The name users put in configuration, for example {@code partial-ce}; {@link Losses#named} takes it back. */
  @Override
  String name();

  /** The head (output activation) the network must have for this loss. */
  Head head();

  /**
   * Writes the labels of one patch: {@code classCount} planes of {@code sets.length} values each,
   * plane {@code c} starting at {@code offset + c·sets.length} (channel-first, as NCHW wants).
   *
   * @param sets     the patch's sets, row-major, each a non-empty subset of {@code universe}
   * @param universe the set of all {@code classCount} classes
   */
  void encode(long[] sets, long universe, int classCount, float[] out, int offset);

  /**
   * Whether a pixel whose set is {@code set} contributes to this loss at all. Balancing gives the
   * others weight 0 and counts only these.
   */
  boolean carriesLabel(long set, long universe);
}
