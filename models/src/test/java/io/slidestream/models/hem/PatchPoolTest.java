package io.slidestream.models.hem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.models.data.PatchRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatchPoolTest {

  private static List<PatchRequest> requests(int from, int count) {
    List<PatchRequest> out = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      out.add(new PatchRequest(i % 3, i, -i, 64, 48));
    }
    return out;
  }

  @Test
  void evictsTheOldestWhenFull() {
    PatchPool pool = new PatchPool(10);
    pool.addAll(requests(0, 6));
    assertThat(pool.size()).isEqualTo(6);
    pool.addAll(requests(6, 7));
    assertThat(pool.size()).isEqualTo(10);
    assertThat(pool.capacity()).isEqualTo(10);
    assertThat(pool.contents()).containsExactlyElementsOf(requests(3, 10));
    pool.addAll(requests(100, 25));
    assertThat(pool.contents()).containsExactlyElementsOf(requests(115, 10));
  }

  @Test
  void drawsAreDeterministicUniformAndFromThePool() {
    PatchPool pool = new PatchPool(50);
    pool.addAll(requests(0, 20));
    List<PatchRequest> a = pool.draw(400, 42);
    assertThat(a).hasSize(400).isEqualTo(pool.draw(400, 42));
    assertThat(pool.draw(400, 43)).isNotEqualTo(a);
    assertThat(new HashSet<>(a)).isSubsetOf(pool.contents()).hasSize(20);
    int[] counts = new int[20];
    for (PatchRequest r : pool.draw(20_000, 7)) {
      counts[r.x()]++;
    }
    // 1000 expected per request; 6 sigma of a binomial is about 190.
    assertThat(Arrays.stream(counts).min().getAsInt()).isGreaterThan(810);
    assertThat(Arrays.stream(counts).max().getAsInt()).isLessThan(1190);
    // A draw after adding sees the new requests.
    pool.addAll(requests(20, 30));
    assertThat(pool.draw(2000, 1)).anyMatch(r -> r.x() >= 20);
    assertThat(pool.draw(0, 1)).isEmpty();
    assertThatThrownBy(() -> new PatchPool(3).draw(1, 1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void bytesRoundTripAndForeignOrTruncatedArraysAreRejected() {
    PatchPool pool = new PatchPool(30);
    pool.addAll(requests(0, 45));
    byte[] bytes = pool.toBytes();
    PatchPool back = PatchPool.fromBytes(bytes);
    assertThat(back.capacity()).isEqualTo(30);
    assertThat(back.contents()).isEqualTo(pool.contents());
    assertThat(back.draw(100, 9)).isEqualTo(pool.draw(100, 9));
    assertThat(PatchPool.fromBytes(new PatchPool(4).toBytes()).size()).isZero();
    assertThatThrownBy(() -> PatchPool.fromBytes(Arrays.copyOf(bytes, bytes.length - 3)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PatchPool.fromBytes(Arrays.copyOf(bytes, 6)))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] foreign = bytes.clone();
    foreign[0] ^= 0x5a;
    assertThatThrownBy(() -> PatchPool.fromBytes(foreign)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PatchPool(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
