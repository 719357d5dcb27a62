package io.slidestream.testdata;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the reference readers (OpenSlide's and tifffile's Python bindings from Debian) against
 * files a test wrote. Uses {@code /usr/bin/python3}, the interpreter those packages belong to;
 * a test that needs it fails loudly when it or a module is missing, never skips.
 */
public final class ReferencePython {

  public static final Path PYTHON = Path.of("/usr/bin/python3");

  private ReferencePython() {}

  /** Runs {@code script} with {@code args} as {@code sys.argv[1:]} and returns its standard output. */
  public static String run(String script, String... args) {
    if (!Files.isExecutable(PYTHON)) {
      fail("reference Python missing: " + PYTHON + " (bin/setup-os installs python3-openslide and python3-tifffile)");
    }
    List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), "-c", script));
    cmd.addAll(List.of(args));
    try {
      Path errFile = Files.createTempFile("reference-python", ".err");
      try {
        Process p = new ProcessBuilder(cmd).redirectError(errFile.toFile()).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          fail("reference Python timed out");
        }
        if (p.exitValue() != 0) {
          fail("reference Python failed (exit " + p.exitValue() + "):\n" + Files.readString(errFile));
        }
        return new String(out, StandardCharsets.UTF_8);
      } finally {
        Files.deleteIfExists(errFile);
      }
    } catch (IOException e) {
      return fail("could not run " + PYTHON + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted");
    }
  }
}
