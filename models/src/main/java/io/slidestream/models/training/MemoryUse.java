package io.slidestream.models.training;

import org.bytedeco.javacpp.Pointer;

/**
 * Where a training process's memory is, sampled cheaply enough to log every iteration.
 *
 * @param heapBytes     Java heap in use (total minus free): patches, label sets, batches being built
 * @param offHeapBytes  native memory in use: the C heap as glibc counts it ({@link NativeHeap}), which
 *                      holds ND4J's arrays and workspaces (the network's weights, gradients, Adam
 *                      state and activations) and libnd4j's and oneDNN's buffers. JavaCPP's
 *                      {@link Pointer#totalBytes()} would be the obvious choice, but ND4J 1.0.0-M2.1
 *                      allocates its buffers inside libnd4j, so JavaCPP counts next to nothing of
 *                      them (kilobytes while training holds hundreds of megabytes). Where mallinfo2
 *                      is missing (not glibc), JavaCPP's count is logged instead
 * @param physicalBytes the whole process's resident memory ({@link Pointer#physicalBytes()}, from
 *                      /proc): heap, native memory, code and allocator caches together; what the
 *                      operating system sees
 */
public record MemoryUse(long heapBytes, long offHeapBytes, long physicalBytes) {

  public static MemoryUse now() {
    Runtime rt = Runtime.getRuntime();
    long nativeHeap = NativeHeap.inUse();
    return new MemoryUse(rt.totalMemory() - rt.freeMemory(), nativeHeap >= 0 ? nativeHeap : Pointer.totalBytes(),
        Pointer.physicalBytes());
  }
}
