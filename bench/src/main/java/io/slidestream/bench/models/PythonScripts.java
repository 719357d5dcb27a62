package io.slidestream.bench.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The benchmarks' Python reference scripts, kept in the bench module next to the Java that runs them. */
public final class PythonScripts {

  /** Their directory, relative to the installation or the repository root. */
  public static final Path DIR = Path.of("bench", "python");

  private PythonScripts() {}

  /**
   * {@code name} under the installation ({@code slidestream.home}), the repository
   * ({@code slidestream.repo.root}) or the working directory, the first that has it; else relative.
   */
  public static Path find(String name) {
    for (String property : List.of("slidestream.home", "slidestream.repo.root", "user.dir")) {
      String dir = System.getProperty(property);
      if (dir != null && Files.isRegularFile(Path.of(dir).resolve(DIR).resolve(name))) {
        return Path.of(dir).resolve(DIR).resolve(name);
      }
    }
    return DIR.resolve(name);
  }
}
