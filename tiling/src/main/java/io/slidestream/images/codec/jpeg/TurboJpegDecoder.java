package io.slidestream.images.codec.jpeg;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import io.slidestream.images.RgbRaster;
import java.lang.ref.Cleaner;

/**
 * Decodes with libjpeg-turbo through its TurboJPEG API: accurate integer IDCT and fancy
 * upsampling (the library defaults, the same arithmetic as libjpeg's defaults, so its pixels
 * match OpenSlide's and the JDK's).
 *
 * <p>A TurboJPEG handle must not be used by two threads at once, so each thread gets its own,
 * together with native buffers that are reused: a tile costs one copy in and one copy out, no
 * allocation. Those buffers grow to the largest tile seen, but only up to {@link #RETAINED_LIMIT};
 * a larger stream or frame (a whole small image, a hostile tile) gets buffers of its own that are
 * freed when its decode returns, so that a pool thread does not keep tens of megabytes of native
 * memory for the rest of its life after one such decode.
 */
public final class TurboJpegDecoder implements JpegDecoder {

  /** The most native memory each of a thread's two reused buffers may keep (4 MiB; a 512² RGB tile is 768 KiB). */
  static final long RETAINED_LIMIT = 4L << 20;

  private static final Cleaner CLEANER = Cleaner.create();
  private static final ThreadLocal<Session> SESSIONS = ThreadLocal.withInitial(Session::new);

  /** True when libturbojpeg could be loaded on this machine. */
  public static boolean isAvailable() {
    return TurboJpegLibrary.isLoaded();
  }

  /**
   * The decoder.
   *
   * @throws IllegalStateException when libturbojpeg is not installed
   */
  public static TurboJpegDecoder create() {
    if (!isAvailable()) {
      throw new IllegalStateException("libturbojpeg is not available: "
          + TurboJpegLibrary.loadFailure().getMessage(), TurboJpegLibrary.loadFailure());
    }
    return new TurboJpegDecoder();
  }

  private TurboJpegDecoder() {}

  @Override
  public String name() {
    return "turbo";
  }

  @Override
  public JpegInfo readInfo(byte[] jpeg, int offset, int length) {
    Session s = SESSIONS.get();
    Memory in = s.input(jpeg, offset, length);
    try {
      return s.header(in, length);
    } finally {
      s.release(in);
    }
  }

  @Override
  public void decode(byte[] jpeg, int offset, int length, RgbRaster target) {
    Session s = SESSIONS.get();
    Memory in = s.input(jpeg, offset, length);
    Memory out = null;
    try {
      JpegInfo info = s.header(in, length);
      if (info.width() != target.width() || info.height() != target.height()) {
        throw new JpegException("JPEG frame is " + info.width() + "x" + info.height()
            + " but " + target.width() + "x" + target.height() + " was expected");
      }
      int bytes = target.data().length;
      out = s.output(bytes);
      int rc = TurboJpegLibrary.tjDecompress2(s.handle, in, new NativeLong(length), out,
          info.width(), info.width() * 3, info.height(), TurboJpegLibrary.TJPF_RGB, 0);
      if (rc != 0) {
        // Warnings (a truncated scan, bytes before a marker) also land here: the image would be
        // padded with grey, which must not pass silently into a segmentation mask.
        throw s.failure("cannot decode JPEG");
      }
      out.read(0, target.data(), 0, bytes);
    } finally {
      s.release(in);
      s.release(out);
    }
  }

  /** Native bytes the calling thread keeps for its next decodes (0 before its first). */
  static long retainedBytes() {
    Session s = SESSIONS.get();
    return (s.input == null ? 0 : s.input.size()) + (s.output == null ? 0 : s.output.size());
  }

  /** Native buffers the calling thread's session has allocated, kept or not. */
  static long buffersAllocated() {
    return SESSIONS.get().allocations;
  }

  /** One thread's handle and buffers. */
  private static final class Session {
    final Pointer handle;
    Memory input;
    Memory output;
    long allocations;
    final Memory ints = new Memory(16);
    final Pointer height = ints.share(4);
    final Pointer subsampling = ints.share(8);
    final Pointer colorspace = ints.share(12);
    private final Cleaner.Cleanable destroy;

    Session() {
      Pointer h = TurboJpegLibrary.tjInitDecompress();
      if (h == null) {
        throw new IllegalStateException("tjInitDecompress failed: " + TurboJpegLibrary.tjGetErrorStr2(null));
      }
      this.handle = h;
      long address = Pointer.nativeValue(h);
      // The action must not reach the session, or it would never become unreachable.
      this.destroy = CLEANER.register(this, () -> TurboJpegLibrary.tjDestroy(new Pointer(address)));
    }

    /** The stream copied into native memory: the reused buffer, or one of its own when too large. */
    Memory input(byte[] jpeg, int offset, int length) {
      if (offset < 0 || length < 0 || offset + length > jpeg.length) {
        throw new IndexOutOfBoundsException("bytes " + offset + "+" + length + " of " + jpeg.length);
      }
      if (length < 4) {
        throw new JpegException("JPEG stream of " + length + " bytes is too short");
      }
      Memory in;
      if (length > RETAINED_LIMIT) {
        in = allocate(length);
      } else {
        if (input == null || input.size() < length) {
          if (input != null) {
            input.close();
          }
          input = allocate(Math.min(Math.max(length, 64 * 1024), RETAINED_LIMIT));
        }
        in = input;
      }
      in.write(0, jpeg, offset, length);
      return in;
    }

    JpegInfo header(Memory in, int length) {
      int rc = TurboJpegLibrary.tjDecompressHeader3(handle, in, new NativeLong(length),
          ints, height, subsampling, colorspace);
      if (rc != 0) {
        throw failure("cannot read JPEG header");
      }
      int space = ints.getInt(12);
      int components = space == TurboJpegLibrary.TJCS_GRAY ? 1
          : space == TurboJpegLibrary.TJCS_CMYK || space == TurboJpegLibrary.TJCS_YCCK ? 4 : 3;
      return new JpegInfo(ints.getInt(0), ints.getInt(4), components);
    }

    /** Room for the decoded frame: the reused buffer, or one of its own when too large. */
    Memory output(long bytes) {
      if (bytes > RETAINED_LIMIT) {
        return allocate(bytes);
      }
      if (output == null || output.size() < bytes) {
        if (output != null) {
          output.close();
        }
        output = allocate(Math.min(Math.max(bytes, 256 * 1024), RETAINED_LIMIT));
      }
      return output;
    }

    private Memory allocate(long bytes) {
      allocations++;
      return new Memory(bytes);
    }

    /** Frees a buffer that was only for one call; the reused ones stay. */
    void release(Memory m) {
      if (m != null && m != input && m != output) {
        m.close();
      }
    }

    /**
     * The error, after retiring this session: a handle whose header read failed is left in the
     * middle of parsing (TurboJPEG 2.1 does not reset it), and would misread the next stream.
     */
    JpegException failure(String what) {
      String detail = TurboJpegLibrary.tjGetErrorStr2(handle);
      boolean warning = TurboJpegLibrary.tjGetErrorCode(handle) == TurboJpegLibrary.TJERR_WARNING;
      SESSIONS.remove();
      destroy.clean();
      return new JpegException(what + (warning ? " (damaged data): " : ": ") + detail);
    }
  }
}
