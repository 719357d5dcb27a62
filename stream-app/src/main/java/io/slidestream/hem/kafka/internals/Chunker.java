package io.slidestream.hem.kafka.internals;

import io.slidestream.hem.kafka.internals.ChunkHeaders.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** Cuts a message into chunk records of at most {@code chunkBytes} bytes each, with their headers. */
public final class Chunker {

  /** The largest chunk: half the topics' {@code max.message.bytes}, leaving room for headers and batch overhead. */
  public static final int MAX_CHUNK_BYTES = 512 * 1024;

  private final int chunkBytes;

  public Chunker(int chunkBytes) {
    if (chunkBytes < 1 || chunkBytes > MAX_CHUNK_BYTES) {
      throw new IllegalArgumentException("chunk size must be in [1, " + MAX_CHUNK_BYTES + "] bytes, got " + chunkBytes);
    }
    this.chunkBytes = chunkBytes;
  }

  public int chunkBytes() {
    return chunkBytes;
  }

  /** One chunk: its headers and its slice of the message. */
  public record Chunk(ChunkHeaders headers, byte[] value) {}

  public List<Chunk> split(String run, Kind kind, long cycle, int worker, byte[] message) {
    String sha = HexFormat.of().formatHex(Digests.sha256(message));
    String id = UUID.randomUUID().toString();
    int chunks = Math.max(1, (message.length + chunkBytes - 1) / chunkBytes);
    List<Chunk> out = new ArrayList<>(chunks);
    for (int i = 0; i < chunks; i++) {
      int from = i * chunkBytes;
      int to = Math.min(message.length, from + chunkBytes);
      out.add(new Chunk(new ChunkHeaders(run, kind, cycle, worker, id, i, chunks, sha),
          Arrays.copyOfRange(message, from, to)));
    }
    return out;
  }
}
