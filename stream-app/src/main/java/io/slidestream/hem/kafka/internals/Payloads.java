package io.slidestream.hem.kafka.internals;

import io.slidestream.models.data.AnnotatedArea;
import io.slidestream.models.hem.ErrorMap;
import io.slidestream.models.hem.ErrorMapDelivery;
import io.slidestream.models.hem.ModelSnapshot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The binary form of snapshots, error-map deliveries and run ends on the topics. A magic number and a
 * version lead, so that a foreign or future message is refused with a clear
 * {@link IllegalArgumentException} rather than misread.
 */
public final class Payloads {

  private static final int SNAPSHOT_MAGIC = 0x53535331; // "SSS1"
  private static final int DELIVERY_MAGIC = 0x53534431; // "SSD1"
  private static final int RUN_END_MAGIC = 0x53534531; // "SSE1"

  /** The body of a {@code RUN_END} record: which run finished, at which cycle (its last snapshot's). */
  public record RunEnd(String runId, long cycle) {}

  private Payloads() {}

  public static byte[] snapshot(ModelSnapshot s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.weights().length + s.slideErrors().length * 8 + 64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(SNAPSHOT_MAGIC);
      out.writeUTF(s.runId());
      out.writeLong(s.cycle());
      out.writeInt(s.slideErrors().length);
      for (double e : s.slideErrors()) {
        out.writeDouble(e);
      }
      out.writeInt(s.weights().length);
      out.write(s.weights());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static ModelSnapshot snapshot(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      if (in.readInt() != SNAPSHOT_MAGIC) {
        throw new IllegalArgumentException("not a model snapshot (bad magic number)");
      }
      String run = in.readUTF();
      long cycle = in.readLong();
      double[] errors = new double[length(in.readInt(), 8, in.available(), "slide errors")];
      for (int i = 0; i < errors.length; i++) {
        errors[i] = in.readDouble();
      }
      byte[] weights = new byte[length(in.readInt(), 1, in.available(), "weight bytes")];
      in.readFully(weights);
      if (in.available() != 0) {
        throw new IllegalArgumentException("snapshot has " + in.available() + " trailing bytes");
      }
      return new ModelSnapshot(run, cycle, weights, errors);
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated snapshot (" + data.length + " bytes)", e);
    }
  }

  public static byte[] runEnd(String runId, long cycle) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(RUN_END_MAGIC);
      out.writeUTF(runId);
      out.writeLong(cycle);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static RunEnd runEnd(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      if (in.readInt() != RUN_END_MAGIC) {
        throw new IllegalArgumentException("not a run end (bad magic number)");
      }
      String run = in.readUTF();
      long cycle = in.readLong();
      if (in.available() != 0) {
        throw new IllegalArgumentException("run end has " + in.available() + " trailing bytes");
      }
      return new RunEnd(run, cycle);
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated run end (" + data.length + " bytes)", e);
    }
  }

  public static byte[] delivery(ErrorMapDelivery d) {
    byte[] map = d.map().toBytes();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(map.length + 64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(DELIVERY_MAGIC);
      out.writeUTF(d.runId());
      out.writeLong(d.cycle());
      out.writeInt(d.worker());
      out.writeDouble(d.idleSeconds());
      out.writeDouble(d.computeSeconds());
      out.writeInt(map.length);
      out.write(map);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static ErrorMapDelivery delivery(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      if (in.readInt() != DELIVERY_MAGIC) {
        throw new IllegalArgumentException("not an error-map delivery (bad magic number)");
      }
      String run = in.readUTF();
      long cycle = in.readLong();
      int worker = in.readInt();
      double idle = in.readDouble();
      double compute = in.readDouble();
      byte[] map = new byte[length(in.readInt(), 1, in.available(), "map bytes")];
      in.readFully(map);
      if (in.available() != 0) {
        throw new IllegalArgumentException("delivery has " + in.available() + " trailing bytes");
      }
      return new ErrorMapDelivery(run, cycle, worker, ErrorMap.fromBytes(map), idle, compute);
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated error-map delivery (" + data.length + " bytes)", e);
    }
  }

  /**
   * The same map with its region id replaced by {@code region-<index>}: a training region's id
   * names its slide file, and no file name may leave the process that opened the slide. The
   * trainer knows its regions by index; the density is unchanged bit for bit.
   */
  public static ErrorMap withOpaqueRegionId(ErrorMap map) {
    String opaque = "region-" + map.region();
    if (map.regionId().equals(opaque)) {
      return map;
    }
    int cells = map.cells();
    int[] counts = new int[cells];
    float[] errors = new float[cells];
    for (int i = 0; i < cells; i++) {
      counts[i] = map.annotatedPixels(i);
      errors[i] = map.cellError(i);
    }
    AnnotatedArea area = new AnnotatedArea(map.width(), map.height(), map.cellSize(), counts, true,
        (x, y) -> counts[(y / map.cellSize()) * map.columns() + x / map.cellSize()] > 0);
    return ErrorMap.of(map.region(), opaque, area, errors, map.floor());
  }

  private static int length(int n, int unit, int available, String what) {
    if (n < 0 || (long) n * unit > available) {
      throw new IllegalArgumentException("says " + n + " " + what + " with " + available + " bytes left");
    }
    return n;
  }
}
