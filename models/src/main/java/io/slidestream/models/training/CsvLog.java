package io.slidestream.models.training;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A CSV log written row by row and flushed after each, so a killed run keeps every row up to its
 * last; a resumed run appends to the same file (a new one starts with the header).
 */
public final class CsvLog implements AutoCloseable {

  private final BufferedWriter out;

  /** @param append continue an existing log (a resumed run) instead of starting a new one */
  public CsvLog(Path file, boolean append, String header) throws IOException {
    boolean fresh = !append || !Files.exists(file);
    out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        fresh ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    if (fresh) {
      row(header);
    }
  }

  public void row(String line) throws IOException {
    out.write(line);
    out.newLine();
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
