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
      cl.getErr().println(name + ": " + kind(se) + ": " + e.getMessage());
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

  private static String kind(SlideException e) {
    if (e instanceof SlideException.Corrupt) {
      return "corrupt slide";
    }
    if (e instanceof SlideException.Unsupported) {
      return "unsupported slide";
    }
    if (e instanceof SlideException.TooLarge) {
      return "slide too large";
    }
    return "slide error";
  }
}
