package io.slidestream.service.jobs;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.zip.DataFormatException;
import java.util.zip.ZipException;

/**
 * A failure's cause in plain words, for dead letters, events and the WARN line that goes with them:
 * never a Java class name, an exception's own message (which may carry a file path or a value
 * from the record) or a stack trace. The service log keeps the full exception for developers.
 * This is the one mapping; every message that explains an unexpected exception goes through it.
 */
public final class FailureCause {

  private static final int MAX_DEPTH = 16;

  private FailureCause() {}

  /** What went wrong, in a few words: "out of memory", "an I/O error", "corrupt data", …. */
  public static String describe(Throwable e) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    String generic = null;
    // The outermost exception often only wraps the telling one (a CompletionException around an
    // OutOfMemoryError): the first specific cause in the chain wins.
    for (Throwable t = e; t != null && seen.put(t, Boolean.TRUE) == null && seen.size() <= MAX_DEPTH; t = t.getCause()) {
      String words = specific(t);
      if (words != null) {
        return words;
      }
      if (generic == null) {
        generic = generic(t);
      }
    }
    return generic != null ? generic : "an unexpected error";
  }

  private static String specific(Throwable t) {
    if (t instanceof OutOfMemoryError) {
      return "out of memory";
    }
    if (t instanceof StackOverflowError) {
      return "data nested too deeply";
    }
    if (t instanceof EOFException) {
      return "the data ended early";
    }
    if (t instanceof ZipException || t instanceof DataFormatException) {
      return "corrupt compressed data";
    }
    if (t instanceof CharacterCodingException) {
      return "corrupt text";
    }
    if (t instanceof NoSuchFileException || t instanceof FileNotFoundException) {
      return "a file was not found";
    }
    if (t instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (t instanceof FileSystemException fs && fs.getReason() != null
        && fs.getReason().toLowerCase(java.util.Locale.ROOT).contains("no space")) {
      return "no space left on the device";
    }
    if (t instanceof IOException && !(t.getCause() instanceof IOException)) {
      return "an I/O error";
    }
    if (t instanceof ArithmeticException) {
      return "a number out of range";
    }
    if (t instanceof IndexOutOfBoundsException || t instanceof NegativeArraySizeException
        || t instanceof ArrayStoreException) {
      return "corrupt data (a size or an index out of range)";
    }
    if (t instanceof TimeoutException) {
      return "a time-out";
    }
    if (t instanceof InterruptedException) {
      return "interrupted";
    }
    return null;
  }

  /** For exceptions that say little by their kind; a more specific cause further down wins. */
  private static String generic(Throwable t) {
    if (t instanceof UncheckedIOException || t instanceof IOException) {
      return "an I/O error";
    }
    if (t instanceof IllegalArgumentException) {
      return "an invalid value";
    }
    if (t instanceof NullPointerException || t instanceof IllegalStateException || t instanceof ClassCastException
        || t instanceof UnsupportedOperationException) {
      return "an internal error";
    }
    if (t instanceof Error) {
      return "an internal error";
    }
    return null;
  }
}
