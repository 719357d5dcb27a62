package io.slidestream.models.hem;

import io.slidestream.models.data.PatchRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The trainer's pool of patch requests sampled from error maps. Bounded: when full, the oldest
 * requests go first, because they were drawn from maps of an older model and say least about
 * where the current one errs. Mini-batches are drawn uniformly with replacement, so a patch from
 * a recent map may be trained on more than once before it is evicted. Holds coordinates only,
 * never pixels, so its size does not depend on patch size. Not thread-safe: the trainer owns it.
 */
public final class PatchPool {

  private static final int MAGIC = 0x53535031; // "SSP1"
  private static final int REQUEST_BYTES = 5 * Integer.BYTES;

  private final int capacity;
  private final ArrayDeque<PatchRequest> requests;
  // A random-access copy for draws, rebuilt lazily after changes.
  private PatchRequest[] view;

  public PatchPool(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("a patch pool needs a capacity of at least 1, got " + capacity);
    }
    this.capacity = capacity;
    this.requests = new ArrayDeque<>(Math.min(capacity, 1 << 16));
  }

  /** Adds requests in order, evicting the oldest beyond capacity. */
  public void addAll(List<PatchRequest> added) {
    for (PatchRequest r : added) {
      if (r == null) {
        throw new NullPointerException("a null patch request");
      }
      if (requests.size() == capacity) {
        requests.removeFirst();
      }
      requests.addLast(r);
    }
    view = null;
  }

  public int size() {
    return requests.size();
  }

  public int capacity() {
    return capacity;
  }

  /** The requests held, oldest first (a copy). */
  public List<PatchRequest> contents() {
    return List.copyOf(requests);
  }

  /** {@code count} requests drawn uniformly with replacement; the same pool and seed give the same draw. */
  public List<PatchRequest> draw(int count, long seed) {
    if (count < 0) {
      throw new IllegalArgumentException("cannot draw " + count + " patches");
    }
    if (count > 0 && requests.isEmpty()) {
      throw new IllegalStateException("cannot draw from an empty patch pool");
    }
    if (view == null) {
      view = requests.toArray(new PatchRequest[0]);
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<PatchRequest> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(view[random.nextInt(view.length)]);
    }
    return out;
  }

  /** A compact binary form for checkpoints: capacity, then the requests oldest first. */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(12 + requests.size() * REQUEST_BYTES);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(capacity);
      out.writeInt(requests.size());
      for (PatchRequest r : requests) {
        out.writeInt(r.region());
        out.writeInt(r.x());
        out.writeInt(r.y());
        out.writeInt(r.width());
        out.writeInt(r.height());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Reads {@link #toBytes}'s form; a truncated or foreign array gives an {@link IllegalArgumentException}. */
  public static PatchPool fromBytes(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException("not a patch pool (bad magic number)");
      }
      int capacity = in.readInt();
      int size = in.readInt();
      if (capacity < 1 || size < 0 || size > capacity || (long) size * REQUEST_BYTES != data.length - 12L) {
        throw new IllegalArgumentException("patch pool says " + size + " of " + capacity + " requests in "
            + data.length + " bytes");
      }
      PatchPool pool = new PatchPool(capacity);
      List<PatchRequest> list = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        list.add(new PatchRequest(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt()));
      }
      pool.addAll(list);
      return pool;
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated patch pool (" + data.length + " bytes)", e);
    }
  }

  @Override
  public String toString() {
    return "PatchPool[" + requests.size() + " of " + capacity + "]";
  }
}
