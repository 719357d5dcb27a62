package io.slidestream.models.hem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.models.data.AnnotatedArea;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The in-memory rendezvous: who is waited for, how long, and what is dropped. */
class LocalLinkTest {

  private static final Duration LONG = Duration.ofSeconds(10);

  static ErrorMap map(int region) {
    AnnotatedArea area = AnnotatedArea.of(LabelSetRaster.create(32, 32, 2, 1L), 16);
    return ErrorMap.of(region, "r" + region, area, new float[] {10, 20, 30, 40}, 0.5);
  }

  static ErrorMapDelivery delivery(String run, long cycle, int worker) {
    return new ErrorMapDelivery(run, cycle, worker, map(worker), 0.1, 0.2);
  }

  @Test
  void returnsOnceEveryWorkerDeliveredWithoutWaitingOutThePatience() throws Exception {
    LocalLink link = new LocalLink("run");
    link.publishErrorMap(delivery("run", 3, 1));
    link.publishErrorMap(delivery("run", 3, 0));
    long t0 = System.nanoTime();
    List<ErrorMapDelivery> got = link.awaitErrorMaps(3, 2, LONG);
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(2);
    assertThat(got).extracting(ErrorMapDelivery::worker).containsExactly(1, 0);
  }

  @Test
  void afterThePatienceGoesOnWithTheMapsThatCame() throws Exception {
    LocalLink link = new LocalLink("run");
    link.publishErrorMap(delivery("run", 0, 0));
    long t0 = System.nanoTime();
    List<ErrorMapDelivery> got = link.awaitErrorMaps(0, 3, Duration.ofMillis(300));
    double waited = (System.nanoTime() - t0) / 1e9;
    assertThat(got).hasSize(1);
    assertThat(waited).isBetween(0.25, 3.0);
  }

  @Test
  void noMapWithinThePatienceIsAnError() {
    LocalLink link = new LocalLink("run");
    assertThatThrownBy(() -> link.awaitErrorMaps(0, 1, Duration.ofMillis(150)))
        .isInstanceOf(HemLinkException.class).hasMessageContaining("no error map of cycle 0");
  }

  @Test
  void mapsOfOtherRunsOrEarlierCyclesAndRepeatsOfAWorkerAreDropped() throws Exception {
    LocalLink link = new LocalLink("run");
    link.publishErrorMap(delivery("run", 4, 0));
    link.publishErrorMap(delivery("other-run", 5, 1));
    link.publishErrorMap(delivery("run", 5, 0));
    link.publishErrorMap(delivery("run", 5, 0));
    link.publishErrorMap(delivery("run", 5, 1));
    List<ErrorMapDelivery> got = link.awaitErrorMaps(5, 2, LONG);
    assertThat(got).extracting(ErrorMapDelivery::worker).containsExactly(0, 1);
    assertThat(got).allSatisfy(d -> {
      assertThat(d.cycle()).isEqualTo(5);
      assertThat(d.runId()).isEqualTo("run");
    });
    assertThat(link.dropped()).isEqualTo(3);
  }

  @Test
  void aMapOfALaterCycleThatComesWhileWaitingIsKeptForItsRendezvous() throws Exception {
    LocalLink link = new LocalLink("run");
    link.publishErrorMap(delivery("run", 7, 0));
    link.publishErrorMap(delivery("run", 8, 0));
    link.publishErrorMap(delivery("run", 7, 1));
    assertThat(link.awaitErrorMaps(7, 2, LONG)).extracting(ErrorMapDelivery::worker).containsExactly(0, 1);
    link.publishErrorMap(delivery("run", 8, 1));
    assertThat(link.awaitErrorMaps(8, 2, LONG)).extracting(ErrorMapDelivery::cycle).containsExactly(8L, 8L);
    assertThat(link.dropped()).isZero();
  }

  @Test
  void aWorkerWaitsForItsSnapshotAndSkipsToTheNewestWhenBehind() throws Exception {
    LocalLink link = new LocalLink("run");
    CompletableFuture<ModelSnapshot> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return link.awaitSnapshot(1, LONG);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    link.publishSnapshot(new ModelSnapshot("run", 0, new byte[1], new double[0]));
    Thread.sleep(100);
    assertThat(waiting).isNotDone();
    link.publishSnapshot(new ModelSnapshot("run", 1, new byte[1], new double[0]));
    assertThat(waiting.get(5, TimeUnit.SECONDS).cycle()).isEqualTo(1);
    link.publishSnapshot(new ModelSnapshot("run", 3, new byte[1], new double[0]));
    assertThat(link.awaitSnapshot(2, LONG).cycle()).as("fell behind: the newest").isEqualTo(3);
    assertThatThrownBy(() -> link.publishSnapshot(new ModelSnapshot("other", 4, new byte[1], new double[0])))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> link.awaitSnapshot(4, Duration.ofMillis(100))).isInstanceOf(HemLinkException.class);
  }

  @Test
  void closingWakesAWaitingWorker() throws Exception {
    LocalLink link = new LocalLink("run");
    CompletableFuture<Throwable> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        link.awaitSnapshot(0, LONG);
        return null;
      } catch (Exception e) {
        return e;
      }
    });
    Thread.sleep(100);
    link.close();
    assertThat(waiting.get(5, TimeUnit.SECONDS)).isInstanceOf(HemLinkException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> link.awaitErrorMaps(0, 1, LONG)).isInstanceOf(HemLinkException.class);
  }

  @Test
  void finishingEndsAWaitingWorkerAndALateOneAsFinishedNotAsAFailure() throws Exception {
    LocalLink link = new LocalLink("run");
    link.publishSnapshot(new ModelSnapshot("run", 2, new byte[1], new double[0]));
    CompletableFuture<Throwable> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        link.awaitSnapshot(3, LONG);
        return null;
      } catch (Exception e) {
        return e;
      }
    });
    Thread.sleep(100);
    assertThat(waiting).isNotDone();
    assertThatThrownBy(() -> link.finish("other", 2)).isInstanceOf(IllegalArgumentException.class);
    link.finish("run", 2);
    assertThat(waiting.get(5, TimeUnit.SECONDS)).isInstanceOf(RunFinishedException.class)
        .hasMessage("run run finished at cycle 2");
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> link.awaitSnapshot(0, LONG)).as("a worker asking after the end, even for a snapshot"
        + " that is there").isInstanceOfSatisfying(RunFinishedException.class, e -> assertThat(e.cycle()).isEqualTo(2));
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(2);
    // A resumption with more iterations supersedes the end.
    link.publishSnapshot(new ModelSnapshot("run", 3, new byte[1], new double[0]));
    assertThat(link.awaitSnapshot(3, LONG).cycle()).isEqualTo(3);
  }

  @Test
  void closingWithoutFinishingIsAFailureNotAnEnd() throws Exception {
    LocalLink link = new LocalLink("run");
    link.close();
    assertThatThrownBy(() -> link.awaitSnapshot(0, LONG)).isInstanceOf(HemLinkException.class)
        .isNotInstanceOf(RunFinishedException.class);
  }
}
