package io.slidestream.app.cli;

import java.io.PrintWriter;

/**
 * A one-line progress bar of a slide's tiles on standard error, redrawn in place; a terminal shows
 * it moving, a log file gets a line per update.
 */
public final class TileProgressBar {

  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final String label;
  private boolean drawn;

  public TileProgressBar(PrintWriter err, String label) {
    this.err = err;
    this.label = label;
  }

  /** Redraws the bar; {@code total} may be unknown (0) while the slide's tiles are being counted. */
  public void update(int done, int total, String note) {
    int filled = total > 0 ? (int) ((long) WIDTH * Math.min(done, total) / total) : 0;
    String count = total > 0 ? done + "/" + total + " tiles" : done + " tiles";
    err.printf("\r%s [%s%s] %s%s", label, "#".repeat(filled), " ".repeat(WIDTH - filled), count,
        note == null || note.isEmpty() ? "" : " " + note);
    err.flush();
    drawn = true;
  }

  /** Ends the bar's line, if one was drawn. */
  public void finish() {
    if (drawn) {
      err.println();
      err.flush();
      drawn = false;
    }
  }
}
