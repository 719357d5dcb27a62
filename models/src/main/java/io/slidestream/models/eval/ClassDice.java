package io.slidestream.models.eval;

/**
 * Dice of one class with the counts it comes from.
 *
 * @param dice NaN when the class is neither in the reference nor predicted; 0 when it is only
 *     predicted (every predicted pixel is a false positive)
 */
public record ClassDice(int classId, String name, long referencePixels, long predictedPixels, long truePositives,
    double dice) {

  /** Whether the class occurs in the reference: only such classes enter the overall Dice. */
  public boolean presentInReference() {
    return referencePixels > 0;
  }
}
