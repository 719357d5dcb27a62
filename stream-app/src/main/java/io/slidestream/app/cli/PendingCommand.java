package io.slidestream.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * A subcommand whose implementation has not landed yet. It says which issue tracks it and exits
 * with {@link #EXIT_UNAVAILABLE} so that scripts never mistake it for a result.
 */
public abstract class PendingCommand implements Callable<Integer> {

  /** sysexits.h EX_UNAVAILABLE: the service needed for the request does not exist yet. */
  static final int EXIT_UNAVAILABLE = 69;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final int issue;

  protected PendingCommand(int issue) {
    this.issue = issue;
  }

  @Override
  public Integer call() {
    spec.commandLine().getErr().printf(
        "slidestream %s: not implemented yet (tracked in issue #%d)%n", spec.name(), issue);
    return EXIT_UNAVAILABLE;
  }
}
