package io.slidestream.app;

import io.slidestream.app.cli.SlidestreamCommand;


/** Entry point of {@code bin/slidestream}. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code; tests call this instead of {@link #main}. */
  public static int run(String... args) {
    return SlidestreamCommand.commandLine().execute(args);
  }
}
