package io.slidestream.models.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a run stands, saved beside each checkpoint: with the deterministic batch sequence this is
 * all a resumed run needs to continue exactly where the checkpoint was taken.
 *
 * @param iteration    mini-batches completed
 * @param learningRate the current learning rate
 * @param bestDice     the best validation Dice so far (-1 before the first validation)
 * @param sinceBest    validations since that best
 * @param smilerRound  the SMILEr round whose labels training is on (0: the original labels); a
 *                     resumed run makes them again from the weights saved when the round began
 */
public record TrainerState(long iteration, double learningRate, double bestDice, int sinceBest, int smilerRound) {

  private static final ObjectMapper JSON = new ObjectMapper();

  void write(Path file) throws IOException {
    AtomicFiles.json(this, file);
  }

  static TrainerState read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), TrainerState.class);
  }
}
