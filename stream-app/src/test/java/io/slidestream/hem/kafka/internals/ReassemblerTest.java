package io.slidestream.hem.kafka.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.hem.kafka.internals.ChunkHeaders.Kind;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ReassemblerTest {

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void chunksOfInterleavedMessagesComeBackWholeAndVerified() {
    byte[] a = random(10_000, 1);
    byte[] b = random(2_500, 2);
    Chunker chunker = new Chunker(1024);
    List<Chunker.Chunk> ca = chunker.split("run", Kind.ERROR_MAP, 3, 0, a);
    List<Chunker.Chunk> cb = chunker.split("run", Kind.ERROR_MAP, 3, 1, b);
    assertThat(ca).hasSize(10).allSatisfy(c -> assertThat(c.value().length).isLessThanOrEqualTo(1024));
    assertThat(cb).hasSize(3);
    Reassembler r = new Reassembler(4);
    long offset = 0;
    Optional<Reassembler.Message> got = Optional.empty();
    Optional<Reassembler.Message> gotB = Optional.empty();
    for (int i = 0; i < ca.size(); i++) {
      got = r.accept(ca.get(i).headers().toHeaders(), ca.get(i).value(), offset++);
      if (i < cb.size()) {
        Optional<Reassembler.Message> m = r.accept(cb.get(i).headers().toHeaders(), cb.get(i).value(), offset++);
        if (m.isPresent()) {
          gotB = m;
        }
      }
      if (i < ca.size() - 1) {
        assertThat(got).isEmpty();
      }
    }
    assertThat(got).get().satisfies(m -> {
      assertThat(m.payload()).isEqualTo(a);
      assertThat(m.headers().worker()).isZero();
      assertThat(m.firstOffset()).isZero();
    });
    assertThat(gotB).get().satisfies(m -> assertThat(m.payload()).isEqualTo(b));
    assertThat(r.dropped()).isZero();
  }

  @Test
  void aTornMessageIsDroppedAndTheNextOneStillArrives() {
    Chunker chunker = new Chunker(100);
    byte[] first = random(450, 3);
    byte[] second = random(450, 4);
    List<Chunker.Chunk> torn = chunker.split("run", Kind.SNAPSHOT, 5, -1, first);
    List<Chunker.Chunk> whole = chunker.split("run", Kind.SNAPSHOT, 5, -1, second);
    Reassembler r = new Reassembler(1);
    long offset = 0;
    // The producer died after two chunks; a restarted one sent the same cycle again.
    r.accept(torn.get(0).headers().toHeaders(), torn.get(0).value(), offset++);
    r.accept(torn.get(1).headers().toHeaders(), torn.get(1).value(), offset++);
    Optional<Reassembler.Message> m = Optional.empty();
    for (Chunker.Chunk c : whole) {
      m = r.accept(c.headers().toHeaders(), c.value(), offset++);
    }
    assertThat(m).get().satisfies(x -> assertThat(x.payload()).isEqualTo(second));
    assertThat(r.dropped()).as("the torn message, evicted beyond one partial").isEqualTo(1);
    // The rest of the torn message arriving late has no beginning any more.
    assertThat(r.accept(torn.get(2).headers().toHeaders(), torn.get(2).value(), offset++)).isEmpty();
    assertThat(r.dropped()).isEqualTo(2);
  }

  @Test
  void aSkippedChunkACorruptChunkAndAForeignRecordAreDropped() {
    Chunker chunker = new Chunker(100);
    List<Chunker.Chunk> c = chunker.split("run", Kind.SNAPSHOT, 1, -1, random(300, 5));
    Reassembler r = new Reassembler(4);
    r.accept(c.get(0).headers().toHeaders(), c.get(0).value(), 0);
    assertThat(r.accept(c.get(2).headers().toHeaders(), c.get(2).value(), 1)).isEmpty();
    assertThat(r.dropped()).isEqualTo(1);

    List<Chunker.Chunk> d = chunker.split("run", Kind.SNAPSHOT, 2, -1, random(300, 6));
    byte[] flipped = d.get(2).value().clone();
    flipped[7] ^= 1;
    r.accept(d.get(0).headers().toHeaders(), d.get(0).value(), 2);
    r.accept(d.get(1).headers().toHeaders(), d.get(1).value(), 3);
    assertThat(r.accept(d.get(2).headers().toHeaders(), flipped, 4)).as("fails its SHA-256").isEmpty();
    assertThat(r.dropped()).isEqualTo(2);

    assertThat(r.accept(new RecordHeaders(), "hello".getBytes(), 5)).isEmpty();
    RecordHeaders bad = (RecordHeaders) d.get(0).headers().toHeaders();
    bad.remove(ChunkHeaders.CHUNKS);
    bad.add(ChunkHeaders.CHUNKS, "many".getBytes());
    assertThat(r.accept(bad, d.get(0).value(), 6)).isEmpty();
    assertThat(r.dropped()).isEqualTo(4);
  }
}
