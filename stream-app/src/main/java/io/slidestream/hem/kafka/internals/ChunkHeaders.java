package io.slidestream.hem.kafka.internals;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * What each chunk record of a snapshot, error map or run end says about itself, as UTF-8 text headers (so
 * {@code kafka-console-consumer --property print.headers=true} shows them): the run, what it is,
 * the cycle, the worker (−1 for the trainer's snapshots and run end), the message it belongs to (a random id per message:
 * two messages of the same cycle, e.g. from a restarted process, never mix), the chunk's index,
 * the message's chunk count and the SHA-256 of the whole message.
 */
public record ChunkHeaders(String run, Kind kind, long cycle, int worker, String message, int chunk, int chunks,
    String sha256) {

  /**
   * What the message carries. {@code RUN_END} goes on the snapshots topic after a run's last
   * snapshot, with that snapshot's cycle: the trainer completed the run and its workers may end.
   */
  public enum Kind { SNAPSHOT, ERROR_MAP, RUN_END }

  public static final String RUN = "slidestream.run";
  public static final String KIND = "slidestream.kind";
  public static final String CYCLE = "slidestream.cycle";
  public static final String WORKER = "slidestream.worker";
  public static final String MESSAGE = "slidestream.message";
  public static final String CHUNK = "slidestream.chunk";
  public static final String CHUNKS = "slidestream.chunks";
  public static final String SHA256 = "slidestream.sha256";

  public ChunkHeaders {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(sha256, "sha256");
    if (cycle < 0 || chunks < 1 || chunk < 0 || chunk >= chunks || worker < -1) {
      throw new IllegalArgumentException("bad chunk headers: cycle " + cycle + ", worker " + worker + ", chunk " + chunk
          + " of " + chunks);
    }
  }

  public Headers toHeaders() {
    RecordHeaders h = new RecordHeaders();
    put(h, RUN, run);
    put(h, KIND, kind.name());
    put(h, CYCLE, Long.toString(cycle));
    put(h, WORKER, Integer.toString(worker));
    put(h, MESSAGE, message);
    put(h, CHUNK, Integer.toString(chunk));
    put(h, CHUNKS, Integer.toString(chunks));
    put(h, SHA256, sha256);
    return h;
  }

  /** The run a record belongs to, without parsing the rest (null when it has no run header). */
  public static String runOf(Headers headers) {
    return text(headers, RUN);
  }

  /**
   * Reads a record's headers.
   *
   * @throws IllegalArgumentException when one is missing or malformed: not a chunk of ours
   */
  public static ChunkHeaders parse(Headers headers) {
    try {
      return new ChunkHeaders(required(headers, RUN), Kind.valueOf(required(headers, KIND)),
          Long.parseLong(required(headers, CYCLE)), Integer.parseInt(required(headers, WORKER)),
          required(headers, MESSAGE), Integer.parseInt(required(headers, CHUNK)),
          Integer.parseInt(required(headers, CHUNKS)), required(headers, SHA256));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("malformed chunk header: " + e.getMessage(), e);
    }
  }

  private static String required(Headers headers, String key) {
    String v = text(headers, key);
    if (v == null) {
      throw new IllegalArgumentException("missing header " + key);
    }
    return v;
  }

  private static String text(Headers headers, String key) {
    Header h = headers.lastHeader(key);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static void put(RecordHeaders h, String key, String value) {
    h.add(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
