package io.slidestream.hem.kafka.internals;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts chunked messages back together. Chunks of one message must come in order (they do: one
 * producer, one partition) but may interleave with other messages' chunks (several workers on one
 * partition). A message whose chunks break off (its producer was killed), that skips a chunk, or
 * whose bytes do not match its SHA-256 is dropped with a log line; so is a record that is not a
 * chunk at all. Nothing here throws on bad input: the link's loop must go on.
 *
 * <p>Partial messages are bounded: beyond {@code maxPartial} the oldest is dropped as torn.
 */
public final class Reassembler {

  private static final Logger LOG = LoggerFactory.getLogger(Reassembler.class);

  /** A whole message: the headers of its first chunk and its bytes, verified. */
  public record Message(ChunkHeaders headers, byte[] payload, long firstOffset) {}

  private final int maxPartial;
  private final Map<String, Partial> partial = new LinkedHashMap<>();
  private long dropped;

  public Reassembler(int maxPartial) {
    this.maxPartial = maxPartial;
  }

  /** Messages dropped so far (torn, foreign, corrupt). */
  public long dropped() {
    return dropped;
  }

  /** Takes one record; returns the message it completes, if any. */
  public Optional<Message> accept(Headers headers, byte[] value, long offset) {
    ChunkHeaders h;
    try {
      h = ChunkHeaders.parse(headers);
    } catch (IllegalArgumentException e) {
      return drop("record at offset " + offset + " is not a chunk (" + e.getMessage() + ")");
    }
    if (value == null) {
      return drop("chunk " + h.chunk() + " of " + describe(h) + " at offset " + offset + " has no value");
    }
    Partial p = partial.get(h.message());
    if (h.chunk() == 0) {
      if (p != null) {
        partial.remove(h.message());
        drop("message " + describe(h) + " started again at offset " + offset + " before it ended");
      }
      p = new Partial(h, offset);
    } else if (p == null) {
      return drop("chunk " + h.chunk() + "/" + h.chunks() + " of " + describe(h) + " at offset " + offset
          + " without its beginning (torn message, or read from its middle)");
    } else if (h.chunk() != p.next || h.chunks() != p.first.chunks() || !h.sha256().equals(p.first.sha256())) {
      partial.remove(h.message());
      return drop("chunk " + h.chunk() + "/" + h.chunks() + " of " + describe(h) + " at offset " + offset
          + " where chunk " + p.next + "/" + p.first.chunks() + " was due");
    } else {
      partial.remove(h.message());
    }
    p.bytes.writeBytes(value);
    p.next++;
    if (p.next < h.chunks()) {
      partial.put(h.message(), p);
      evictBeyondLimit();
      return Optional.empty();
    }
    byte[] payload = p.bytes.toByteArray();
    String actual = HexFormat.of().formatHex(Digests.sha256(payload));
    if (!actual.equalsIgnoreCase(h.sha256())) {
      return drop(describe(h) + " ending at offset " + offset + " fails its SHA-256 check (" + payload.length
          + " bytes)");
    }
    return Optional.of(new Message(p.first, payload, p.firstOffset));
  }

  /** Drops a record of another run without a warning: other runs share the topic as a matter of course. */
  public void foreign(String run, long offset) {
    dropped++;
    LOG.debug("dropped record at offset {} of run {}", offset, run);
  }

  private void evictBeyondLimit() {
    Iterator<Partial> it = partial.values().iterator();
    while (partial.size() > maxPartial && it.hasNext()) {
      Partial oldest = it.next();
      it.remove();
      drop(describe(oldest.first) + " from offset " + oldest.firstOffset + " never ended (torn message)");
    }
  }

  private Optional<Message> drop(String why) {
    dropped++;
    LOG.warn("dropped {}", why);
    return Optional.empty();
  }

  private static String describe(ChunkHeaders h) {
    return h.kind() + " of run " + h.run() + " cycle " + h.cycle() + (h.worker() >= 0 ? " worker " + h.worker() : "");
  }

  private static final class Partial {
    final ChunkHeaders first;
    final long firstOffset;
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int next;

    Partial(ChunkHeaders first, long firstOffset) {
      this.first = first;
      this.firstOffset = firstOffset;
    }
  }
}
