package io.slidestream.models.hem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnControllerTest {

  /**
   * A simulated pair of processes: training a patch takes {@code trainPerPatch} seconds, an error
   * map {@code mapSeconds}; whoever finishes first waits for the other.
   */
  private static List<Integer> run(KnController controller, int k0, double trainPerPatch, double mapSeconds,
      int cycles) {
    List<Integer> ks = new ArrayList<>();
    int k = k0;
    ks.add(k);
    for (int c = 0; c < cycles; c++) {
      double train = k * trainPerPatch;
      double cycle = Math.max(train, mapSeconds);
      k = controller.next(k, cycle - train, cycle - mapSeconds, cycle);
      ks.add(k);
    }
    return ks;
  }

  @Test
  void aTrainerThatWaitsEachCycleRaisesKMonotonicallyToMax() {
    KnController controller = new KnController(4, 200, 0.25, 0.05);
    // Maps take 10 s, a patch 0.001 s: the trainer always waits, even at max.
    List<Integer> ks = run(controller, 8, 0.001, 10, 40);
    for (int i = 1; i < ks.size(); i++) {
      assertThat(ks.get(i)).isGreaterThanOrEqualTo(ks.get(i - 1));
      if (ks.get(i - 1) < 200) {
        assertThat(ks.get(i)).isGreaterThan(ks.get(i - 1));
      }
    }
    assertThat(ks.get(ks.size() - 1)).isEqualTo(200);
  }

  @Test
  void anErrorMapSideThatWaitsLowersKMonotonicallyToMin() {
    KnController controller = new KnController(4, 200, 0.25, 0.05);
    // A patch takes 1 s, a map 0.1 s: the workers always wait.
    List<Integer> ks = run(controller, 150, 1.0, 0.1, 40);
    for (int i = 1; i < ks.size(); i++) {
      assertThat(ks.get(i)).isLessThanOrEqualTo(ks.get(i - 1));
      if (ks.get(i - 1) > 4) {
        assertThat(ks.get(i)).isLessThan(ks.get(i - 1));
      }
    }
    assertThat(ks.get(ks.size() - 1)).isEqualTo(4);
  }

  @Test
  void kSettlesWhereBothSidesTakeAsLongAndStaysInsideTheDeadband() {
    KnController controller = new KnController(1, 1000, 0.1, 0.1);
    // Balanced at k = 100 (0.01 s per patch, 1 s per map).
    List<Integer> ks = run(controller, 20, 0.01, 1.0, 60);
    int last = ks.get(ks.size() - 1);
    assertThat(last).isBetween(90, 112);
    assertThat(ks.subList(ks.size() - 10, ks.size())).allMatch(k -> k == last);
    // Inside the deadband: k stays, whichever side waited a little.
    assertThat(controller.next(50, 0.4, 0.0, 10)).isEqualTo(50);
    assertThat(controller.next(50, 0.0, 0.9, 10)).isEqualTo(50);
    assertThat(controller.next(50, 0.0, 0.0, 0)).isEqualTo(50);
    // Just past it: k moves, and by at least one even when the step is small.
    assertThat(controller.next(50, 1.1, 0.0, 10)).isEqualTo(55);
    assertThat(controller.next(50, 0.0, 1.1, 10)).isEqualTo(45);
    assertThat(new KnController(1, 10, 0.01, 0).next(3, 1, 0, 10)).isEqualTo(4);
    assertThat(new KnController(1, 10, 0.01, 0).next(3, 0, 1, 10)).isEqualTo(2);
  }

  @Test
  void kIsClampedAndBadArgumentsAreRejected() {
    KnController controller = new KnController(5, 10, 0.5, 0);
    assertThat(controller.next(9, 5, 0, 10)).isEqualTo(10);
    assertThat(controller.next(6, 0, 5, 10)).isEqualTo(5);
    assertThat(controller.next(1, 0, 0, 10)).isEqualTo(5);
    assertThatThrownBy(() -> new KnController(0, 10, 0.5, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KnController(5, 4, 0.5, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KnController(1, 4, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KnController(1, 4, 0.1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> controller.next(5, -1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
