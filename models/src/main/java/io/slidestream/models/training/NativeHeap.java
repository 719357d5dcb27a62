package io.slidestream.models.training;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;

/**
 * Bytes in use on the C heap, from glibc's {@code mallinfo2()}: allocated chunks of every arena
 * ({@code uordblks}) plus blocks served by mmap ({@code hblkhd}). ND4J 1.0.0-M2.1 allocates array
 * buffers and workspaces inside libnd4j with the C allocator, where JavaCPP's own counter
 * ({@code Pointer.totalBytes()}) does not see them, so this is the number that grows if arrays
 * leak. Unlike the resident size it falls when memory is freed, even if the allocator keeps the
 * pages. Not available without glibc 2.33+ (musl, macOS): {@link #inUse()} is then -1.
 */
final class NativeHeap {

  private NativeHeap() {}

  /** glibc's {@code struct mallinfo2}: ten {@code size_t} counters. */
  @Structure.FieldOrder({"arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
      "fordblks", "keepcost"})
  public static class MallInfo2 extends Structure {
    public long arena;
    public long ordblks;
    public long smblks;
    public long hblks;
    public long hblkhd;
    public long usmblks;
    public long fsmblks;
    public long uordblks;
    public long fordblks;
    public long keepcost;

    /** Returned by value. */
    public static class ByValue extends MallInfo2 implements Structure.ByValue {}
  }

  interface CLibrary extends Library {
    MallInfo2.ByValue mallinfo2();
  }

  private static final CLibrary LIBC = load();

  private static CLibrary load() {
    if (Native.SIZE_T_SIZE != 8 || !System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT)
        .contains("linux")) {
      return null;
    }
    try {
      CLibrary c = Native.load("c", CLibrary.class);
      c.mallinfo2();
      return c;
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return null;
    }
  }

  /** Bytes allocated with malloc and still in use, or -1 where glibc's mallinfo2 is missing. */
  static long inUse() {
    if (LIBC == null) {
      return -1;
    }
    MallInfo2 m = LIBC.mallinfo2();
    return m.uordblks + m.hblkhd;
  }
}
