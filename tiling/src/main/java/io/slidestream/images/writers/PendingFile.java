package io.slidestream.images.writers;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/**
 * An output file being written under a hidden temporary name in its target directory, so that
 * the final name appears only when the content is complete: {@link #publish()} syncs it to disk
 * and renames it atomically; {@link #close()} without publishing deletes it. A crash leaves at
 * most a dot-file ending in {@code .part}, never a truncated file under the real name.
 */
public final class PendingFile implements AutoCloseable {

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
    Path temp = dir.resolve("." + abs.getFileName() + "." + UUID.randomUUID() + ".part");
    FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    return new PendingFile(abs, temp, ch);
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
   * Flushes the content to disk, moves it to the target name (replacing an older file of that
   * name) and returns its size and SHA-256.
   */
  public PublishedFile publish() throws IOException {
    FileChannel ch = channel();
    ch.force(true);
    long size = ch.size();
    ch.close();
    closed = true;
    String sha = sha256(temp);
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    published = true;
    syncDirectory(target.getParent());
    return new PublishedFile(target, size, sha);
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
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      throw new UncheckedIOException("could not remove abandoned " + temp, e);
    }
  }

  /** Lower-case hex SHA-256 of a file's content. */
  public static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
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
