package io.slidestream.service.kafka;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The files a service under test could write besides its outputs: everything in its work
 * directory but {@code outputs/} (models, slides, whatever else), and the system temporary
 * directory, where ImageIO caches and native libraries would land. Taken before and after a run,
 * the difference is what the service wrote where it should not have.
 */
final class FileSnapshot {

  /**
   * What other processes on the same machine make in the temporary directory while this test
   * runs, and this JVM never does: other test JVMs' JUnit directories ({@code junit-…}, this
   * test's own is left out as a whole) and perf-data files ({@code hsperfdata_<user>/<pid>}, this
   * JVM's exists before the baseline), and a shell tool's job files on a development machine.
   */
  private static final Pattern NEIGHBOURS = Pattern.compile("junit-?\\d+|hsperfdata_.*|bash_jobs\\..*|bash_tool_.*");

  private final Path work;
  private final Path own;
  private final Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
  private final Set<String> before;

  private FileSnapshot(Path work, Path own) throws IOException {
    this.work = work;
    this.own = own;
    this.before = list();
  }

  /**
   * @param work the service's work directory (its {@code outputs/} is left out)
   * @param own  this test's temporary directory, whose work directory is listed and the rest (the
   *             broker's data) is not
   */
  static FileSnapshot of(Path work, Path own) throws IOException {
    return new FileSnapshot(work, own);
  }

  /** What exists now and did not before. */
  Set<String> newSince() throws IOException {
    Set<String> now = list();
    now.removeAll(before);
    return now;
  }

  private Set<String> list() throws IOException {
    Set<String> out = new TreeSet<>();
    Path outputs = work.resolve("outputs");
    walk(work, Integer.MAX_VALUE, d -> d.equals(outputs), out);
    walk(tmp, 4, d -> d.startsWith(own) || d.getParent() != null && d.getParent().equals(tmp)
        && NEIGHBOURS.matcher(d.getFileName().toString()).matches(), out);
    return out;
  }

  private static void walk(Path root, int depth, java.util.function.Predicate<Path> skip, Set<String> out)
      throws IOException {
    Files.walkFileTree(root, Set.of(), depth, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
        if (skip.test(d)) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        out.add(d + "/");
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
        if (!skip.test(f)) {
          out.add(f.toString());
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path f, IOException e) {
        return FileVisitResult.CONTINUE; // gone while listed, or unreadable: not this service's
      }
    });
  }
}
