package io.slidestream.testdata;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * TIFFs written by an independent writer (Python's tifffile, run by the system's
 * {@code /usr/bin/python3}) with the pixels of each level saved raw beside them. Missing tools
 * fail the test loudly: a reader test must never pass by skipping.
 *
 * <p>Files written (see {@code write_reference_tiffs.py}): {@code generic.tif} (BigTIFF, 4 levels:
 * Deflate 8 + predictor, LZW + predictor, none, Deflate 32946; 0.5 µm/px by cm), {@code grey-be.tif}
 * (classic big-endian grey, 2 levels, 0.5 µm/px by inch), {@code ome.ome.tif} (OME-TIFF with 2
 * SubIFDs, 0.25 × 0.26 µm/px), {@code lzma.tif} (LZMA, which only OpenSlide reads).
 */
public final class ReferenceTiffs {

  private static final String SCRIPT = "write_reference_tiffs.py";
  /** Slides with label and macro images beside their pyramid; see the script for the files. */
  public static final String ASSOCIATED_IMAGES_SCRIPT = "write_associated_image_tiffs.py";

  private ReferenceTiffs() {}

  /** The interpreter with tifffile, numpy and openslide: Debian's, not a pyenv one on PATH. */
  public static String python() {
    return System.getProperty("slidestream.python", "/usr/bin/python3");
  }

  /** Writes all reference TIFFs into {@code dir}. */
  public static Path writeAll(Path dir) {
    return write(dir, SCRIPT);
  }

  /** Runs one of the fixture scripts beside this class with {@code dir} as its output directory. */
  public static Path write(Path dir, String scriptName) {
    try {
      Path script = dir.resolve(scriptName);
      try (InputStream in = ReferenceTiffs.class.getResourceAsStream(scriptName)) {
        if (in == null) {
          fail("test resource " + scriptName + " is missing");
        }
        Files.copy(in, script);
      }
      Process p = new ProcessBuilder(python(), script.toString(), dir.toString()).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail(python() + " " + scriptName + " did not finish in 120 s");
      }
      if (p.exitValue() != 0) {
        fail(python() + " " + scriptName + " failed (needs python3-tifffile and numpy):\n"
            + new String(out, StandardCharsets.UTF_8));
      }
      return dir;
    } catch (IOException e) {
      return fail("cannot run " + python() + " (install python3, python3-tifffile, python3-numpy): " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted");
    }
  }

  /** The raw pixels written for a level: height × width × samples bytes. */
  public static byte[] raw(Path dir, String name, int level) {
    try {
      return Files.readAllBytes(dir.resolve(name + "-" + level + ".raw"));
    } catch (IOException e) {
      return fail("reference pixels missing: " + e);
    }
  }

  /** Grey samples expanded to RGB, as readers return them. */
  public static byte[] greyToRgb(byte[] grey) {
    byte[] rgb = new byte[grey.length * 3];
    for (int i = 0; i < grey.length; i++) {
      rgb[3 * i] = grey[i];
      rgb[3 * i + 1] = grey[i];
      rgb[3 * i + 2] = grey[i];
    }
    return rgb;
  }
}
