package io.slidestream.testdata;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real data beside the checkout ({@code ../shared/data}). A test that needs a file gets it
 * here and fails loudly when it is missing: such a test must never pass by skipping.
 */
public final class SharedData {

  private SharedData() {}

  public static Path root() {
    String repo = System.getProperty("slidestream.repo.root", ".");
    Path data = Path.of(repo).toAbsolutePath().normalize().resolve("../shared/data").normalize();
    if (!Files.isDirectory(data)) {
      fail("real test data missing: expected the directory " + data
          + " (../shared/data beside the checkout; see DEVELOPERS.md)");
    }
    return data;
  }

  public static Path file(String relative) {
    Path p = root().resolve(relative);
    if (!Files.isRegularFile(p)) {
      fail("real test data missing: expected " + p);
    }
    return p;
  }

  /** The real Aperio SVS: 2220 × 2967, one level, 240 × 240 JPEG tiles, about 0.499 µm/px. */
  public static Path cmuSmallRegion() {
    return file("slides/CMU-1-Small-Region.svs");
  }
}
