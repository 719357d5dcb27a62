package io.slidestream.models.training;

import org.bytedeco.javacpp.Pointer;

/**
 * Where a training process's memory is, sampled cheaply enough to log every iteration.
 *
 * @param heapBytes     Java heap in use (total minus free): patches, label sets, batches being built
 * @param offHeapBytes  native memory JavaCPP accounts for ({@link Pointer#totalBytes()}): the memory
 *                      behind ND4J arrays and workspaces, the network's weights, gradients and
 *                      activations. It is what would grow if arrays leaked, and JavaCPP counts it
 *                      exactly when it allocates and frees, so it is the column to watch
 * @param physicalBytes the whole process's resident memory ({@link Pointer#physicalBytes()}, from
 *                      /proc): heap, off-heap, native libraries and allocator caches together
 */
public record MemoryUse(long heapBytes, long offHeapBytes, long physicalBytes) {

  public static MemoryUse now() {
    Runtime rt = Runtime.getRuntime();
    return new MemoryUse(rt.totalMemory() - rt.freeMemory(), Pointer.totalBytes(), Pointer.physicalBytes());
  }
}
