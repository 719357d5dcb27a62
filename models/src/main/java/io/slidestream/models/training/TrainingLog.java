package io.slidestream.models.training;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The run's CSV log, one row per iteration: loss, learning rate, and validation Dice where a
 * validation ran. Appended and flushed row by row, so a killed run keeps everything up to its
 * last iteration and a resumed run continues the same file.
 */
final class TrainingLog implements AutoCloseable {

  static final String HEADER = "iteration,loss,learning_rate,validation_dice,elapsed_seconds";

  private final BufferedWriter out;

  TrainingLog(Path file, boolean append) throws IOException {
    boolean fresh = !append || !Files.exists(file);
    out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        fresh ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    if (fresh) {
      out.write(HEADER);
      out.newLine();
    }
  }

  void row(long iteration, double loss, double learningRate, double validationDice, double elapsedSeconds)
      throws IOException {
    out.write(String.format(Locale.ROOT, "%d,%.6f,%.3g,%s,%.1f", iteration, loss, learningRate,
        Double.isNaN(validationDice) ? "" : String.format(Locale.ROOT, "%.4f", validationDice), elapsedSeconds));
    out.newLine();
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
