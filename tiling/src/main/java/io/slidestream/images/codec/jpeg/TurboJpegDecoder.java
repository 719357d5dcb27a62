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
 * together with native buffers that grow to the largest tile it has seen and are reused: a tile
 * costs one copy in and one copy out, no allocation.
 */
public final class TurboJpegDecoder implements JpegDecoder {

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
    s.load(jpeg, offset, length);
    return s.header(length);
  }

  @Override
  public void decode(byte[] jpeg, int offset, int length, RgbRaster target) {
    Session s = SESSIONS.get();
    s.load(jpeg, offset, length);
    JpegInfo info = s.header(length);
    if (info.width() != target.width() || info.height() != target.height()) {
      throw new JpegException("JPEG frame is " + info.width() + "x" + info.height()
          + " but " + target.width() + "x" + target.height() + " was expected");
    }
    int bytes = target.data().length;
    Memory out = s.output(bytes);
    int rc = TurboJpegLibrary.tjDecompress2(s.handle, s.input, new NativeLong(length), out,
        info.width(), info.width() * 3, info.height(), TurboJpegLibrary.TJPF_RGB, 0);
    if (rc != 0) {
      // Warnings (a truncated scan, bytes before a marker) also land here: the image would be
      // padded with grey, which must not pass silently into a segmentation mask.
      throw s.failure("cannot decode JPEG");
    }
    out.read(0, target.data(), 0, bytes);
  }

  /** One thread's handle and buffers. */
  private static final class Session {
    final Pointer handle;
    Memory input;
    Memory output;
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

    void load(byte[] jpeg, int offset, int length) {
      if (offset < 0 || length < 0 || offset + length > jpeg.length) {
        throw new IndexOutOfBoundsException("bytes " + offset + "+" + length + " of " + jpeg.length);
      }
      if (length < 4) {
        throw new JpegException("JPEG stream of " + length + " bytes is too short");
      }
      if (input == null || input.size() < length) {
        input = new Memory(Math.max(length, 64 * 1024));
      }
      input.write(0, jpeg, offset, length);
    }

    JpegInfo header(int length) {
      int rc = TurboJpegLibrary.tjDecompressHeader3(handle, input, new NativeLong(length),
          ints, height, subsampling, colorspace);
      if (rc != 0) {
        throw failure("cannot read JPEG header");
      }
      int colorspace = ints.getInt(12);
      // TJCS_GRAY = 2, TJCS_CMYK = 3, TJCS_YCCK = 4.
      int components = colorspace == 2 ? 1 : colorspace >= 3 ? 4 : 3;
      return new JpegInfo(ints.getInt(0), ints.getInt(4), components);
    }

    Memory output(long bytes) {
      if (output == null || output.size() < bytes) {
        output = new Memory(Math.max(bytes, 256 * 1024));
      }
      return output;
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
