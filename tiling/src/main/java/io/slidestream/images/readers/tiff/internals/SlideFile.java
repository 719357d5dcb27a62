package io.slidestream.images.readers.tiff.internals;

import io.slidestream.images.readers.SlideException;
import io.slidestream.images.readers.SlideReaders;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Positional reads of one file, shared by all threads (a {@link FileChannel} read at a position
 * moves no shared cursor).
 *
 * <p>A {@code FileChannel} closes itself for everyone when a thread blocked in it is interrupted,
 * as a cancelled stream stage is. The interrupted read fails; the channel is then reopened so that
 * the other threads reading the same slide carry on.
 */
public final class SlideFile implements AutoCloseable {

  private static final int MAX_REOPENS = 8;

  private final Path path;
  private final long length;
  private volatile FileChannel channel;
  private volatile boolean closed;

  private SlideFile(Path path, FileChannel channel, long length) {
    this.path = path;
    this.channel = channel;
    this.length = length;
  }

  /**
   * Opens a file for reading.
   *
   * @throws SlideException.NotFound when it does not exist or cannot be read, or is not a regular
   *     file (checked before opening: a FIFO would block the open)
   */
  public static SlideFile open(Path path) {
    SlideReaders.requireRegularFile(path);
    try {
      FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
      return new SlideFile(path, ch, ch.size());
    } catch (NoSuchFileException e) {
      throw new SlideException.NotFound(path, "no such file");
    } catch (IOException e) {
      throw new SlideException.NotFound(path, "cannot open for reading: " + e.getMessage());
    }
  }

  public Path path() {
    return path;
  }

  /** The length when opened; every offset a file claims is checked against it. */
  public long length() {
    return length;
  }

  /**
   * Reads exactly {@code len} bytes at {@code position}.
   *
   * @throws SlideException.Corrupt when the bytes lie (partly) beyond the end of the file
   * @throws SlideException when the read fails or the thread is interrupted
   */
  public void readFully(long position, byte[] dst, int offset, int len) {
    if (position < 0 || len < 0 || position > length - len) {
      throw new SlideException.Corrupt(path, "needs bytes " + position + ".." + (position + len)
          + " but the file has only " + length + " (truncated?)");
    }
    for (int attempt = 0; ; attempt++) {
      FileChannel ch = channel;
      try {
        ByteBuffer buf = ByteBuffer.wrap(dst, offset, len);
        long pos = position;
        while (buf.hasRemaining()) {
          int n = ch.read(buf, pos);
          if (n < 0) {
            throw new SlideException.Corrupt(path, "ends at byte " + pos + " while reading bytes "
                + position + ".." + (position + len) + " (the file shrank while open?)");
          }
          pos += n;
        }
        return;
      } catch (ClosedByInterruptException e) {
        reopen(ch);
        Thread.currentThread().interrupt();
        throw new SlideException(path, "read interrupted", e);
      } catch (AsynchronousCloseException e) {
        // Another thread's interrupt closed the shared channel under this read: read again.
        if (closed || attempt >= MAX_REOPENS) {
          throw closedError(e);
        }
        reopen(ch);
      } catch (ClosedChannelException e) {
        if (closed || attempt >= MAX_REOPENS) {
          throw closedError(e);
        }
        reopen(ch);
      } catch (IOException e) {
        throw new SlideException(path, "I/O error reading bytes " + position + ".." + (position + len)
            + ": " + e.getMessage(), e);
      }
    }
  }

  /** Reads {@code len} bytes at {@code position} into a new array. */
  public byte[] read(long position, int len) {
    byte[] b = new byte[len];
    readFully(position, b, 0, len);
    return b;
  }

  private RuntimeException closedError(IOException e) {
    return closed ? new IllegalStateException(path + " is closed", e)
        : new SlideException(path, "cannot keep the file open: " + e.getMessage(), e);
  }

  private synchronized void reopen(FileChannel broken) {
    if (closed || channel != broken) {
      return; // closed on purpose, or another thread has already reopened it
    }
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new SlideException(path, "cannot reopen after an interrupted read: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing was written; a failed close of a read-only channel loses nothing.
    }
  }
}
