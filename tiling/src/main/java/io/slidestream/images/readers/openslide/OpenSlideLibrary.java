package io.slidestream.images.readers.openslide;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The OpenSlide C API calls the reader uses, bound by JNA direct mapping. The library is loaded
 * by its full soname because Debian's runtime package installs no unversioned symlink.
 */
final class OpenSlideLibrary {

  /** Overrides the library file JNA loads. */
  static final String LIBRARY_PROPERTY = "slidestream.openslide.library";
  static final String DEFAULT_LIBRARY = "libopenslide.so.0";

  private static final Throwable LOAD_FAILURE = load();

  private OpenSlideLibrary() {}

  private static Throwable load() {
    String name = System.getProperty(LIBRARY_PROPERTY, DEFAULT_LIBRARY);
    try {
      Native.register(OpenSlideLibrary.class, NativeLibrary.getInstance(name));
      return null;
    } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
      return e;
    }
  }

  static boolean isLoaded() {
    return LOAD_FAILURE == null;
  }

  static Throwable loadFailure() {
    return LOAD_FAILURE;
  }

  static native String openslide_detect_vendor(String filename);

  static native Pointer openslide_open(String filename);

  static native String openslide_get_error(Pointer osr);

  static native int openslide_get_level_count(Pointer osr);

  static native void openslide_get_level_dimensions(Pointer osr, int level, long[] w, long[] h);

  static native double openslide_get_level_downsample(Pointer osr, int level);

  static native void openslide_read_region(Pointer osr, Pointer dest, long x, long y, int level, long w, long h);

  static native String openslide_get_property_value(Pointer osr, String name);

  static native void openslide_close(Pointer osr);
}
