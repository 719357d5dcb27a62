package io.slidestream.app.cli;

import java.io.PrintWriter;

/**
 * Progress of a slide on standard error: a bar redrawn in place on a terminal, or, when standard
 * error is a file or a pipe (logs, CI), a plain line every few percent so logs stay readable.
 */
final class ProgressBar {

  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintWriter err;
  private final String label;
  private final boolean terminal;
  private final int lineStepPercent;
  private long lastDraw;
  private int nextLinePercent;
  private boolean drawn;

  /**
   * @param terminal        redraw a bar in place (true) or print lines (false)
   * @param lineStepPercent in line mode, a line each time this share more is done
   */
  ProgressBar(PrintWriter err, String label, boolean terminal, int lineStepPercent) {
    this.err = err;
    this.label = label;
    this.terminal = terminal;
    this.lineStepPercent = lineStepPercent;
  }

  /** A bar when this JVM runs on a terminal, else lines every 10%. */
  static ProgressBar forConsole(PrintWriter err, String label) {
    return new ProgressBar(err, label, System.console() != null, 10);
  }

  void update(long done, long total) {
    if (total <= 0) {
      return;
    }
    int percent = (int) (100 * done / total);
    if (terminal) {
      long now = System.nanoTime();
      if (done < total && drawn && now - lastDraw < REDRAW_NANOS) {
        return;
      }
      lastDraw = now;
      drawn = true;
      int filled = (int) (WIDTH * done / total);
      err.printf("\r%s [%s%s] %d/%d tiles %3d%%", label, "#".repeat(filled), " ".repeat(WIDTH - filled), done, total,
          percent);
      err.flush();
    } else if (percent >= nextLinePercent || done == total) {
      while (nextLinePercent <= percent) {
        nextLinePercent += lineStepPercent;
      }
      err.printf("%s: %d/%d tiles (%d%%)%n", label, done, total, percent);
      err.flush();
    }
  }

  /** Ends the bar's line (a terminal's cursor is left after it). */
  void done() {
    if (terminal && drawn) {
      err.println();
      err.flush();
    }
  }
}
