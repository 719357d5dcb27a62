package io.slidestream.models.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The run's CSV log, one row per iteration: loss, learning rate, validation Dice where a
 * validation ran, seconds since the run (or its resumption) started, memory in use after the
 * iteration ({@link MemoryUse}: heap, JavaCPP off-heap, process resident bytes), the SMILEr round
 * the labels come from and, in the iteration a round began, how many pixels it relabelled. Appended and flushed row by row, so a killed run keeps everything up to its
 * last iteration and a resumed run continues the same file.
 */
public final class TrainingLog implements AutoCloseable {

  public static final String HEADER = "iteration,loss,learning_rate,validation_dice,elapsed_seconds,heap_bytes,offheap_bytes,"
      + "physical_bytes,smiler_round,relabelled_pixels";

  private final CsvLog out;

  /** @param append continue an existing log (a resumed run) instead of starting a new one */
  public TrainingLog(Path file, boolean append) throws IOException {
    out = new CsvLog(file, append, HEADER);
  }

  /** @param relabelled pixels relabelled before this iteration, or -1 when no round began there */
  public void row(long iteration, double loss, double learningRate, double validationDice, double elapsedSeconds,
      MemoryUse memory, int smilerRound, long relabelled) throws IOException {
    out.row(String.format(Locale.ROOT, "%d,%.6f,%.3g,%s,%.1f,%d,%d,%d,%d,%s", iteration, loss, learningRate,
        Double.isNaN(validationDice) ? "" : String.format(Locale.ROOT, "%.4f", validationDice), elapsedSeconds,
        memory.heapBytes(), memory.offHeapBytes(), memory.physicalBytes(), smilerRound,
        relabelled < 0 ? "" : Long.toString(relabelled)));
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
