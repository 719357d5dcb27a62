package io.slidestream.app.cli;

import io.slidestream.images.readers.SlideException;
import io.slidestream.kafka.security.MissingPermissionException;
import picocli.CommandLine;

/**
 * Turns the errors a user can fix into one clear line and a sysexits code instead of a stack
 * trace; anything else is a bug and keeps its trace.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {

  static final int EXIT_DATA_ERROR = 65;
  static final int EXIT_NO_INPUT = 66;
  static final int EXIT_USAGE = 64;
  /** sysexits EX_NOPERM: the brokers do not allow this client what it needs. */
  static final int EXIT_NO_PERMISSION = 77;

  @Override
  public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) throws Exception {
    String name = cl.getCommandSpec().qualifiedName();
    if (e instanceof SlideException.NotFound) {
      cl.getErr().println(name + ": " + e.getMessage());
      return EXIT_NO_INPUT;
    }
    if (e instanceof SlideException se) {
      // On the user's own terminal the path helps, so the message with it.
      cl.getErr().println(name + ": " + se.kind().words() + ": " + e.getMessage());
      return EXIT_DATA_ERROR;
    }
    if (e instanceof MissingPermissionException) {
      cl.getErr().println(name + ": " + e.getMessage());
      return EXIT_NO_PERMISSION;
    }
    if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
      cl.getErr().println(name + ": " + e.getMessage());
      return EXIT_USAGE;
    }
    throw e;
  }
}
