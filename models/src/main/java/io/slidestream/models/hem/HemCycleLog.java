package io.slidestream.models.hem;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

  private final BufferedWriter out;

  HemCycleLog(Path file, boolean append) throws IOException {
    boolean fresh = !append || !Files.exists(file);
    out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        fresh ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    if (fresh) {
      out.write(HEADER);
      out.newLine();
    }
  }

  void row(HemCycleReport r) throws IOException {
    out.write(String.format(Locale.ROOT, "%d,%s,%d,%d,%d,%d,%.4f,%.4f,%s,%s,%s,%.3f", r.cycle(),
        String.join(";", r.slides()).replace(',', '_'), r.k(), r.nextK(), r.poolSize(), r.iteration(),
        r.trainerIdle(), r.errorMapIdle(), number(r.loss()), number(r.validationDice()),
        r.meanSlideError().stream().map(HemCycleLog::number).collect(Collectors.joining(";")), r.wallSeconds()));
    out.newLine();
    out.flush();
  }

  private static String number(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
