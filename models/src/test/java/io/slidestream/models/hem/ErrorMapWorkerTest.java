package io.slidestream.models.hem;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.models.data.InMemoryPatchSource;
import io.slidestream.models.fixtures.SingleThreadedNd4j;
import io.slidestream.models.training.TrainingConfig;
import io.slidestream.models.training.TrainingModel;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker answers the cycle the trainer waits for, whichever snapshot it happens to read: the
 * trainer publishes snapshot s + 1 before it waits for map s, so a worker that reads late sees a
 * snapshot one ahead of the map wanted from it.
 */
@ExtendWith(SingleThreadedNd4j.class)
class ErrorMapWorkerTest {

  @TempDir Path dir;

  private final InMemoryPatchSource train = InMemoryPatchSource.of(List.of(LocalHemRunTest.image(41),
      LocalHemRunTest.image(42)));

  @Test
  void aWorkerReadingLateAnswersTheCycleTheTrainerAwaits() throws Exception {
    TrainingConfig config = LocalHemRunTest.config(dir, 10, 8, 32, 1);
    TrainingModel model = new TrainingModel(config, LocalHemRunTest.CLASSES, 0);
    byte[] weights = weights(model);
    try (LocalLink link = new LocalLink(config.name())) {
      // Cycle 0 trains nothing, so the trainer has published snapshots 0 and 1 before the worker
      // thread gets to read one.
      link.publishSnapshot(snapshot(config, 0, weights));
      link.publishSnapshot(snapshot(config, 1, weights));
      ErrorMapWorker worker = ErrorMapWorker.of(config, model, train, 0, link, Duration.ofSeconds(30));
      Thread thread = new Thread(() -> {
        try {
          worker.run();
        } catch (Exception e) {
          // closing the link at the end ends the worker
        }
      });
      thread.start();

      List<ErrorMapDelivery> first = link.awaitErrorMaps(0, 1, Duration.ofSeconds(30));
      assertThat(first).singleElement().extracting(ErrorMapDelivery::cycle).isEqualTo(0L);

      // Snapshot 1 is what map 1 is computed with: the trainer goes on as usual.
      List<ErrorMapDelivery> second = link.awaitErrorMaps(1, 1, Duration.ofSeconds(30));
      assertThat(second).singleElement().extracting(ErrorMapDelivery::cycle).isEqualTo(1L);

      // A worker far behind (snapshots 2..5 published at once) answers the newest rendezvous, 4.
      for (long c = 2; c <= 5; c++) {
        link.publishSnapshot(snapshot(config, c, weights));
      }
      List<ErrorMapDelivery> caughtUp = link.awaitErrorMaps(4, 1, Duration.ofSeconds(30));
      assertThat(caughtUp).singleElement().extracting(ErrorMapDelivery::cycle).isEqualTo(4L);
      worker.stop();
      link.close();
      thread.join(30_000);
      assertThat(thread.isAlive()).isFalse();
    }
  }

  @Test
  void theEndOfTheRunEndsTheWorkerNormallyAndAStopDoesNotLookLikeIt() throws Exception {
    TrainingConfig config = LocalHemRunTest.config(dir, 10, 8, 32, 1);
    TrainingModel model = new TrainingModel(config, LocalHemRunTest.CLASSES, 0);
    try (LocalLink link = new LocalLink(config.name())) {
      link.publishSnapshot(snapshot(config, 0, weights(model)));
      ErrorMapWorker worker = ErrorMapWorker.of(config, model, train, 0, link, Duration.ofSeconds(30));
      java.util.concurrent.CompletableFuture<Void> running = java.util.concurrent.CompletableFuture.runAsync(() -> {
        try {
          worker.run();
        } catch (Exception e) {
          throw new java.util.concurrent.CompletionException(e);
        }
      });
      assertThat(link.awaitErrorMaps(0, 1, Duration.ofSeconds(30))).hasSize(1);
      link.finish(config.name(), 1);
      running.get(30, java.util.concurrent.TimeUnit.SECONDS); // returns normally: no exception
      assertThat(worker.runFinished()).isTrue();
      assertThat(worker.delivered()).isEqualTo(1);
    }
    try (LocalLink link = new LocalLink(config.name())) {
      ErrorMapWorker stopped = ErrorMapWorker.of(config, model, train, 0, link, Duration.ofSeconds(30));
      Thread thread = new Thread(() -> {
        try {
          stopped.run();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      thread.start();
      stopped.stop();
      link.close();
      thread.join(30_000);
      assertThat(thread.isAlive()).isFalse();
      assertThat(stopped.runFinished()).isFalse();
    }
  }

  private static byte[] weights(TrainingModel model) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ModelSerializer.writeModel(model.newNetwork(), out, false);
    return out.toByteArray();
  }

  private static ModelSnapshot snapshot(TrainingConfig config, long cycle, byte[] weights) {
    return new ModelSnapshot(config.name(), cycle, weights, new double[] {Double.NaN, Double.NaN});
  }
}
