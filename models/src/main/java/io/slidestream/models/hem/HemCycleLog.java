package io.slidestream.models.hem;

import io.slidestream.models.training.CsvLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The run's per-cycle CSV ({@code NAME.hem.csv}, beside the iteration log): one row per
 * {@link HemCycleReport}, slides and their mean errors separated by {@code ;}. Flushed row by row;
 * a resumed run appends.
 */
final class HemCycleLog implements AutoCloseable {

  static final String HEADER = "cycle,slides,k,next_k,pool_size,iteration,trainer_idle,error_map_idle,loss,"
      + "validation_dice,mean_slide_error,wall_seconds";

  private final CsvLog out;

  HemCycleLog(Path file, boolean append) throws IOException {
    out = new CsvLog(file, append, HEADER);
  }

  void row(HemCycleReport r) throws IOException {
    out.row(String.format(Locale.ROOT, "%d,%s,%d,%d,%d,%d,%.4f,%.4f,%s,%s,%s,%.3f", r.cycle(),
        String.join(";", r.slides()).replace(',', '_'), r.k(), r.nextK(), r.poolSize(), r.iteration(),
        r.trainerIdle(), r.errorMapIdle(), number(r.loss()), number(r.validationDice()),
        r.meanSlideError().stream().map(HemCycleLog::number).collect(Collectors.joining(";")), r.wallSeconds()));
  }

  private static String number(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
