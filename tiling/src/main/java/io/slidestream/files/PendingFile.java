package io.slidestream.files;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A file being written under a hidden temporary name in its target directory, so that the final
 * name appears only when the content is complete: {@link #publish()} forces the content to disk
 * ({@link FileChannel#force}), renames it atomically over the target and then forces the
 * directory, so that the new name survives a power loss, not only a killed process; {@link #close()}
 * without publishing deletes it. A crash leaves at most a dot-file ending in {@code .part}, never a
 * truncated file under the real name, and the old file, if any, until the rename.
 *
 * <p>Every file the project writes goes through this class: the mask writers and synthetic slides
 * stream into {@link #create}, whole files (models, checkpoints, a region PNG, the broker's
 * address) are written with {@link #write(Path, Content)}, and {@link #publishIfAbsent()} claims a
 * name only one writer may take.
 *
 * <p>The writer holds an exclusive lock on its part file for as long as it writes, and the
 * operating system drops that lock when the writer's process dies: {@link #deleteIfAbandoned} can
 * therefore remove a crashed run's parts, however recent, and never a live writer's.
 */
public final class PendingFile implements AutoCloseable {

  /**
   * The parts this JVM is writing. A cleaner must not even open one of them: on POSIX systems
   * closing any channel on a file drops every lock the process holds on it, the writer's too.
   */
  private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

  private static final String PART_SUFFIX = ".part";

  /** What a whole-file {@link #write(Path, Content)} puts in the file. */
  @FunctionalInterface
  public interface Content {
    /** Writes the whole content; the stream is the pending file's, closing it only flushes. */
    void writeTo(OutputStream out) throws IOException;
  }

  private final Path target;
  private final Path temp;
  private final FileChannel channel;
  private boolean published;
  private boolean closed;

  private PendingFile(Path target, Path temp, FileChannel channel) {
    this.target = target;
    this.temp = temp;
    this.channel = channel;
  }

  /**
   * Starts a file that will become {@code target}; its directory is created if missing.
   *
   * @throws IllegalArgumentException if {@code target} names a directory or has no file name
   */
  public static PendingFile create(Path target) throws IOException {
    Objects.requireNonNull(target, "target");
    Path abs = target.toAbsolutePath().normalize();
    if (abs.getFileName() == null) {
      throw new IllegalArgumentException("output path has no file name: " + target);
    }
    if (Files.isDirectory(abs)) {
      throw new IllegalArgumentException("output path is a directory: " + target);
    }
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    while (true) {
      Path temp = dir.resolve("." + abs.getFileName() + "." + UUID.randomUUID() + PART_SUFFIX);
      FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      try {
        ch.lock();
      } catch (IOException | RuntimeException e) {
        ch.close();
        Files.deleteIfExists(temp);
        throw e;
      }
      // A cleaner may have locked and deleted the file between its creation and our lock; it
      // deletes only what it holds locked, so once we hold the lock a file still there is ours.
      if (Files.exists(temp)) {
        LIVE.add(temp);
        return new PendingFile(abs, temp, ch);
      }
      ch.close();
    }
  }

  /**
   * Writes a whole file: the content goes to a pending file that is then {@linkplain #publish()
   * published}, replacing any older file of that name. Parts of the same target that a crashed
   * writer left behind are removed first ({@link #deleteIfAbandoned}), so repeated crashes do not
   * pile up. If {@code content} throws, the old file stays as it was and the part is deleted.
   */
  public static void write(Path target, Content content) throws IOException {
    Objects.requireNonNull(content, "content");
    deleteAbandonedParts(target);
    try (PendingFile f = create(target)) {
      try (OutputStream out = f.outputStream()) {
        content.writeTo(out);
      }
      f.force();
      f.moveIntoPlace();
    }
  }

  /** {@link #write(Path, Content)} of the given bytes. */
  public static void write(Path target, byte[] bytes) throws IOException {
    Objects.requireNonNull(bytes, "bytes");
    write(target, out -> out.write(bytes));
  }

  /**
   * Deletes the parts of {@code target} (named as {@link #create} names them) that no writer
   * holds; where the file system cannot lock, they stay (OutputStore's cleaner, for one, then goes
   * by age).
   */
  private static void deleteAbandonedParts(Path target) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    if (abs.getFileName() == null || !Files.isDirectory(abs.getParent())) {
      return;
    }
    String prefix = "." + abs.getFileName() + ".";
    try (DirectoryStream<Path> parts = Files.newDirectoryStream(abs.getParent(),
        p -> isPartName(p.getFileName().toString(), prefix))) {
      for (Path part : parts) {
        try {
          deleteIfAbandoned(part);
        } catch (IOException lockless) {
          // No locks here: it cannot be told from a live writer's part, so it stays.
        }
      }
    }
  }

  /** Whether {@code name} is {@code prefix}, a random UUID and {@code .part}: a part {@link #create} made. */
  private static boolean isPartName(String name, String prefix) {
    int uuidLength = 36;
    if (name.length() != prefix.length() + uuidLength + PART_SUFFIX.length() || !name.startsWith(prefix)
        || !name.endsWith(PART_SUFFIX)) {
      return false;
    }
    try {
      UUID.fromString(name.substring(prefix.length(), prefix.length() + uuidLength));
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Deletes a part file left by a writer that is gone (a crashed or killed run): one that no
   * writer holds locked. A live writer's part, in this process or another, stays.
   *
   * @return whether the file was deleted
   * @throws IOException when the file cannot be opened, locked or deleted (a file system without
   *     locks among them)
   */
  public static boolean deleteIfAbandoned(Path part) throws IOException {
    if (LIVE.contains(part.toAbsolutePath().normalize())) {
      return false;
    }
    try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
      java.nio.channels.FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException e) {
        return false; // held by a writer of this JVM
      }
      if (lock == null) {
        return false; // held by a writer of another process
      }
      try {
        Files.deleteIfExists(part);
        return true;
      } finally {
        lock.release();
      }
    } catch (java.nio.file.NoSuchFileException e) {
      return false;
    }
  }

  /** Where the content will appear. */
  public Path target() {
    return target;
  }

  /** The temporary file being written (for tools that take a path). */
  public Path tempPath() {
    return temp;
  }

  /** The open channel on the temporary file, readable and writable. */
  public FileChannel channel() {
    if (closed) {
      throw new IllegalStateException("file already " + (published ? "published" : "abandoned"));
    }
    return channel;
  }

  /**
   * A buffered stream appending to the file. Closing it flushes but leaves the file open for
   * {@link #publish()}.
   */
  public OutputStream outputStream() {
    OutputStream raw = Channels.newOutputStream(channel());
    return new BufferedOutputStream(new FilterOutputStream(raw) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    }, 1 << 16);
  }

  /**
   * Forces the content to disk, moves it to the target name (replacing an older file of that name),
   * forces the directory and returns the file's size and SHA-256.
   */
  public PublishedFile publish() throws IOException {
    FileChannel ch = force();
    long size = ch.size();
    // Hashed and moved through the locked channel: opening and closing another stream on the file
    // would drop the lock (POSIX), and a cleaner could take the part before it is moved.
    String sha = sha256(ch);
    moveIntoPlace();
    return new PublishedFile(target, size, sha);
  }

  /**
   * Like {@link #publish()}, but only while no file has the target's name: the forced part is
   * hard-linked to the target, which, like {@code CREATE_NEW}, fails when the name exists, so of
   * writers racing for one name exactly one wins. The directory is forced after the link.
   *
   * @throws FileAlreadyExistsException when the target exists; the part is left unpublished, and
   *     {@link #close()} deletes it
   */
  public void publishIfAbsent() throws IOException {
    FileChannel ch = force();
    Files.createLink(target, temp);
    published = true;
    ch.close();
    closed = true;
    LIVE.remove(temp);
    Files.deleteIfExists(temp);
    syncDirectory(target.getParent());
  }

  /** The content forced to disk, before any name points at it. */
  private FileChannel force() throws IOException {
    FileChannel ch = channel();
    ch.force(true);
    return ch;
  }

  /** The atomic rename over the target, then the directory forced so that the rename is durable too. */
  private void moveIntoPlace() throws IOException {
    FileChannel ch = channel();
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    published = true;
    ch.close();
    closed = true;
    LIVE.remove(temp);
    syncDirectory(target.getParent());
  }

  private static String sha256(FileChannel ch) throws IOException {
    MessageDigest md = sha256();
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 16);
    for (long pos = 0; ; ) {
      buf.clear();
      int n = ch.read(buf, pos);
      if (n < 0) {
        break;
      }
      md.update(buf.array(), 0, n);
      pos += n;
    }
    return HexFormat.of().formatHex(md.digest());
  }

  public boolean isPublished() {
    return published;
  }

  /** Abandons the content unless it was published; never throws. */
  @Override
  public void close() {
    if (published) {
      return;
    }
    try {
      if (!closed) {
        closed = true;
        channel.close();
      }
    } catch (IOException ignored) {
      // The file is deleted next; a failing close changes nothing for the caller.
    }
    LIVE.remove(temp);
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      throw new UncheckedIOException("could not remove abandoned " + temp, e);
    }
  }

  /** Lower-case hex SHA-256 of a file's content. */
  public static String sha256(Path file) throws IOException {
    MessageDigest md = sha256();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** Makes the rename itself durable; where a platform cannot sync a directory, the move stands. */
  private static void syncDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // Not every file system lets a directory be opened or synced; the data itself is synced.
    }
  }
}
