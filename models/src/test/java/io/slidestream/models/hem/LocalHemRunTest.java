package io.slidestream.models.hem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.slidestream.images.LabelClass;
import io.slidestream.models.data.InMemoryPatchSource;
import io.slidestream.models.data.TrainingSample;
import io.slidestream.models.fixtures.SingleThreadedNd4j;
import io.slidestream.models.fixtures.ThreeClassTissue;
import io.slidestream.models.io.ModelFile;
import io.slidestream.models.training.TrainingConfig;
import io.slidestream.models.training.TrainingLog;
import io.slidestream.models.training.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Hard example mining in one JVM on a tiny U-Net and tiny synthetic images: it trains, adapts, checkpoints and resumes. */
@ExtendWith(SingleThreadedNd4j.class)
class LocalHemRunTest {

  static final List<LabelClass> CLASSES = ThreeClassTissue.CLASSES;

  @TempDir Path dir;

  /** A 192 × 192 view of a synthetic slide at 2 µm/px. */
  static TrainingSample image(long seed) {
    return ThreeClassTissue.sample(seed, 1024, 192);
  }

  static TrainingConfig config(Path out, int iterations, int nMin, int capacity, int workers) {
    TrainingConfig base = new TrainingConfig("hem-tiny", 7, out, Path.of("unused"), Path.of("unused"),
        Path.of("unused"), 0.5, 0, 3, 8, 64, 2.0, "partial-ce", "minibatch", "flip, rot90", 4, iterations, 3e-3, 20, 3,
        20);
    return base.withHem(new HemConfig(true, 8, 8, 32, 0.5, 0.05, nMin, capacity, 0.2, 32, 0.1, 0.2, 0.5, workers,
        Duration.ofSeconds(60)));
  }

  private final InMemoryPatchSource train = InMemoryPatchSource.of(List.of(image(31), image(32), image(33)));
  private final InMemoryPatchSource validation = InMemoryPatchSource.of(List.of(image(34)));

  @Test
  void cyclesFillThePoolAdaptKAndTrainAModelFile() throws Exception {
    TrainingConfig config = config(dir, 40, 16, 40, 2);
    LocalHemRun run = new LocalHemRun(config, train, validation, CLASSES, 0);
    List<HemCycleReport> reports = new ArrayList<>();

    TrainingResult result = run.run(false, HemListener.cycles(reports::add));

    for (HemCycleReport r : reports) {
      System.out.printf("LocalHemRunTest: cycle %d slides %s k %d->%d pool %d iteration %d idle trainer %.2f maps %.2f"
              + " loss %.4f dice %.3f wall %.2fs%n", r.cycle(), r.slides(), r.k(), r.nextK(), r.poolSize(), r.iteration(),
          r.trainerIdle(), r.errorMapIdle(), r.loss(), r.validationDice(), r.wallSeconds());
    }
    assertThat(reports).extracting(HemCycleReport::cycle)
        .containsExactlyElementsOf(java.util.stream.LongStream.range(0, reports.size()).boxed().toList());
    assertThat(reports.get(0).poolSize()).as("cycle 0 has no map to sample from").isZero();
    assertThat(reports).allSatisfy(r -> {
      assertThat(r.trainerIdle()).isBetween(0.0, 1.0);
      assertThat(r.errorMapIdle()).isBetween(0.0, 1.0);
      assertThat(r.poolSize()).isLessThanOrEqualTo(40);
      assertThat(r.slides()).isNotEmpty().hasSizeLessThanOrEqualTo(2);
      assertThat(r.k()).isBetween(8, 32);
    });
    assertThat(reports).extracting(HemCycleReport::poolSize).isSorted().contains(40);
    assertThat(reports).as("k moves with the idle times").anySatisfy(r -> assertThat(r.nextK()).isNotEqualTo(r.k()));
    long before = 0;
    for (HemCycleReport r : reports) {
      if (r.poolSize() < 16) {
        assertThat(r.iteration()).as("no training below n-min (cycle %d)", r.cycle()).isZero();
        assertThat(r.loss()).isNaN();
      } else {
        assertThat(r.iteration() - before).as("cycle %d trains ceil(k / batch)", r.cycle())
            .isEqualTo(Math.min((r.k() + 3) / 4, 40 - before));
      }
      before = r.iteration();
    }
    assertThat(before).isEqualTo(40);
    List<String> log = Files.readAllLines(run.logFile());
    assertThat(log).hasSize(41).first().isEqualTo(TrainingLog.HEADER);
    double first = meanLoss(log.subList(1, 11));
    double last = meanLoss(log.subList(31, 41));
    System.out.printf("LocalHemRunTest: mean loss of iterations 1-10 %.1f, 31-40 %.1f%n", first, last);
    assertThat(last).as("mean loss of the last 10 iterations vs the first 10").isLessThan(first);
    assertThat(result.bestDice()).isGreaterThan(0);
    assertThat(ModelFile.load(run.modelFile()).metadata().classes()).hasSize(3);
    assertThat(Files.readAllLines(run.cycleLogFile())).hasSize(reports.size() + 1).first().isEqualTo(HemCycleLog.HEADER);
  }

  @Test
  void aFailingWorkerStopsTheRunAtOnceWithItsError() throws Exception {
    TrainingConfig base = config(dir, 40, 16, 40, 1);
    HemConfig h = base.hem();
    // Error-map cells of 24 px do not tile the in-memory source's 16-px cells: the worker's computer refuses.
    TrainingConfig config = base.withHem(new HemConfig(true, h.k0(), h.kMin(), h.kMax(), h.kStep(), h.kDeadband(),
        h.nMin(), h.poolCapacity(), h.floor(), 24, h.slideTemperature(), h.slideFloor(), h.errorDecay(), 1,
        Duration.ofMinutes(10)));
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> new LocalHemRun(config, train, validation, CLASSES, 0).run(false, HemListener.cycles(r -> {})))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("error-map worker")
        .hasRootCauseInstanceOf(IllegalArgumentException.class).hasStackTraceContaining("not a multiple");
    assertThat((System.nanoTime() - t0) / 1e9).as("seconds, not the 10 minutes of patience").isLessThan(60);
  }

  private static double meanLoss(List<String> rows) {
    return rows.stream().mapToDouble(r -> Double.parseDouble(r.split(",")[1])).average().orElseThrow();
  }

  @Test
  void aRunStoppedAfterCycleTwoResumesAtCycleThreeWithItsPool() throws Exception {
    TrainingConfig config = config(dir, 30, 8, 200, 1);
    List<HemCycleReport> before = new ArrayList<>();
    LocalHemRun first = new LocalHemRun(config, train, validation, CLASSES, 0);
    assertThatThrownBy(() -> first.run(false, HemListener.cycles(r -> {
      before.add(r);
      if (r.cycle() == 2) {
        throw new IllegalStateException("stopped after cycle 2");
      }
    }))).hasMessageContaining("stopped after cycle 2");
    HemCheckpoint.State state = new ObjectMapper().readValue(first.stateFile().toFile(), HemCheckpoint.State.class);
    assertThat(state.cycle()).isEqualTo(2);
    assertThat(state.iteration()).isEqualTo(before.get(2).iteration());
    assertThat(dir.resolve(state.network())).exists();
    assertThat(dir.resolve(state.pool())).exists();
    assertThat(state.maps()).hasSize(1).allSatisfy(f -> assertThat(dir.resolve(f)).exists());
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("hem-tiny.hem-")))
          .as("only the last cycle's checkpoint files are kept").allMatch(n -> n.startsWith("hem-tiny.hem-2."));
    }

    List<HemCycleReport> after = new ArrayList<>();
    LocalHemRun second = new LocalHemRun(config, train, validation, CLASSES, 0);
    second.run(true, HemListener.cycles(after::add));

    HemCycleReport two = before.get(2);
    HemCycleReport three = after.get(0);
    assertThat(three.cycle()).isEqualTo(3);
    assertThat(three.k()).isEqualTo(two.nextK());
    assertThat(three.poolSize()).as("the pool of cycle 2 plus cycle 3's samples").isEqualTo(two.poolSize() + two.nextK());
    assertThat(three.iteration()).isGreaterThan(two.iteration());
    assertThat(after.get(after.size() - 1).iteration()).isEqualTo(30);
    assertThat(ModelFile.load(second.modelFile()).metadata().classes()).hasSize(3);
    List<String> cycleLog = Files.readAllLines(second.cycleLogFile());
    assertThat(cycleLog).as("one cycle log across the resume").hasSize(1 + 3 + after.size());
  }
}
