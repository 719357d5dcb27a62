package io.slidestream.images.codec.jpeg;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of libjpeg-turbo's TurboJPEG 2 API the decoder needs, bound by JNA direct mapping
 * (cheaper per call than interface mapping, which matters at thousands of tiles a second).
 */
final class TurboJpegLibrary {

  /** Overrides the library file JNA loads; the default is the Debian runtime package's soname. */
  static final String LIBRARY_PROPERTY = "slidestream.turbojpeg.library";

  static final int TJPF_RGB = 0;
  static final int TJERR_WARNING = 0;
  /** TJCS colour spaces of a stream; TJCS_RGB (0) and TJCS_YCbCr (1) both have three components. */
  static final int TJCS_GRAY = 2;
  static final int TJCS_CMYK = 3;
  static final int TJCS_YCCK = 4;

  private static final String[] DEFAULT_NAMES = {"libturbojpeg.so.0", "turbojpeg"};

  private static final Throwable LOAD_FAILURE = load();

  private TurboJpegLibrary() {}

  private static Throwable load() {
    String forced = System.getProperty(LIBRARY_PROPERTY);
    List<String> names = forced != null ? List.of(forced) : List.of(DEFAULT_NAMES);
    List<Throwable> failures = new ArrayList<>();
    for (String name : names) {
      try {
        Native.register(TurboJpegLibrary.class, NativeLibrary.getInstance(name));
        return null;
      } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
        failures.add(e);
      }
    }
    UnsatisfiedLinkError all = new UnsatisfiedLinkError("cannot load libturbojpeg (tried " + names + ")");
    failures.forEach(all::addSuppressed);
    return all;
  }

  static boolean isLoaded() {
    return LOAD_FAILURE == null;
  }

  /** Why the library is not there, or null when it is. */
  static Throwable loadFailure() {
    return LOAD_FAILURE;
  }

  static native Pointer tjInitDecompress();

  static native int tjDecompressHeader3(Pointer handle, Pointer jpegBuf, NativeLong jpegSize,
      Pointer width, Pointer height, Pointer jpegSubsamp, Pointer jpegColorspace);

  static native int tjDecompress2(Pointer handle, Pointer jpegBuf, NativeLong jpegSize, Pointer dstBuf,
      int width, int pitch, int height, int pixelFormat, int flags);

  static native String tjGetErrorStr2(Pointer handle);

  static native int tjGetErrorCode(Pointer handle);

  static native int tjDestroy(Pointer handle);
}
