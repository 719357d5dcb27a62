package io.slidestream.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.slidestream.hem.events.TrainingEventPublisher;
import io.slidestream.hem.events.TrainingTelemetry;
import io.slidestream.hem.kafka.HemLinkSettings;
import io.slidestream.hem.kafka.KafkaTrainerLink;
import io.slidestream.models.hem.ErrorMapDelivery;
import io.slidestream.models.hem.HemCycleReport;
import io.slidestream.models.hem.HemListener;
import io.slidestream.models.hem.HemTrainer;
import io.slidestream.models.hem.LocalHemRun;
import io.slidestream.models.hem.ModelSnapshot;
import io.slidestream.models.hem.TrainerLink;
import io.slidestream.models.training.TrainingConfig;
import io.slidestream.models.training.TrainingData;
import io.slidestream.models.training.TrainingResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code train} with {@code train.hem.enabled}: hard example mining, in this JVM (trainer and
 * worker threads) or, with {@code --distributed}, the trainer alone, its workers being
 * {@code slidestream hem-worker} processes that meet it over Kafka. One line per cycle; the run's
 * MBean; with {@code --distributed} also events on the training topic.
 */
final class HemTraining {

  private final PrintWriter err;

  HemTraining(PrintWriter err) {
    this.err = err;
  }

  TrainingResult run(TrainingConfig config, TrainingData data, boolean resume, boolean distributed, String bootstrap)
      throws IOException, InterruptedException {
    var protocol = data.protocol();
    String run = config.name();
    HemLinkSettings settings = distributed ? HemKafka.connect(bootstrap) : null;
    Optional<TrainingEventPublisher> events = Optional.ofNullable(settings).map(s -> new TrainingEventPublisher(
        s.connection(), s.topics().training(), s.producerProperties(), "slidestream-train-" + run));
    try (TrainingTelemetry telemetry = new TrainingTelemetry(run, new Console(err), events, Clock.systemUTC())) {
      try {
        if (distributed) {
          try (KafkaTrainerLink link = KafkaTrainerLink.open(settings, run)) {
            HemTrainer trainer = new HemTrainer(config, data.train(), data.validation(), protocol.classes(),
                protocol.backgroundClass(), new Reporting(link, err));
            long cycle = resume ? resumedCycle(trainer.stateFile()) : 0;
            err.printf("train %s: distributed hard example mining over %s, waiting for %d worker(s) (pid %d)%s%n", run,
                settings.bootstrapServers(), config.hem().workers(), ProcessHandle.current().pid(),
                cycle > 0 ? ", resuming at cycle " + cycle : "");
            err.flush();
            telemetry.started(cycle, config.iterations(), config.hem().workers(), true, cycle > 0);
            return finish(telemetry, trainer.run(resume, telemetry));
          }
        }
        LocalHemRun local = new LocalHemRun(config, data.train(), data.validation(), protocol.classes(),
            protocol.backgroundClass());
        long cycle = resume ? resumedCycle(local.stateFile()) : 0;
        telemetry.started(cycle, config.iterations(), config.hem().workers(), false, cycle > 0);
        return finish(telemetry, local.run(resume, telemetry));
      } catch (IOException | InterruptedException | RuntimeException e) {
        telemetry.failed(e);
        throw e;
      }
    } finally {
      events.ifPresent(TrainingEventPublisher::close);
    }
  }

  private static TrainingResult finish(TrainingTelemetry telemetry, TrainingResult result) {
    telemetry.finished(result.bestDice(), result.model().getFileName().toString());
    return result;
  }

  /** The cycle a resumed run starts at: the one after its last checkpoint's (0 without one). */
  static long resumedCycle(Path stateFile) throws IOException {
    if (!Files.isRegularFile(stateFile)) {
      return 0;
    }
    return new ObjectMapper().readTree(stateFile.toFile()).path("cycle").asLong(-1) + 1;
  }

  /** One line per cycle and per validation. */
  private record Console(PrintWriter err) implements HemListener {
    @Override
    public void cycle(HemCycleReport r) {
      err.printf("cycle %d: slides %s, k %d -> %d, pool %d, iteration %d, idle trainer %.0f%% maps %.0f%%, loss %s,"
              + " %.1f s%n", r.cycle(), r.slides(), r.k(), r.nextK(), r.poolSize(), r.iteration(), 100 * r.trainerIdle(),
          100 * r.errorMapIdle(), Double.isNaN(r.loss()) ? "-" : String.format("%.4f", r.loss()), r.wallSeconds());
      err.flush();
    }

    @Override
    public void iteration(long iteration, long total, double loss, double learningRate) {}

    @Override
    public void validated(long iteration, double dice, boolean best) {
      err.printf("  validation at %d: Dice %.4f%s%n", iteration, dice, best ? " (best)" : "");
      err.flush();
    }
  }

  /** Says which workers answered each rendezvous: in distributed mode, the maps came from other processes. */
  private record Reporting(TrainerLink link, PrintWriter err) implements TrainerLink {
    @Override
    public void publishSnapshot(ModelSnapshot snapshot) throws InterruptedException {
      link.publishSnapshot(snapshot);
    }

    @Override
    public List<ErrorMapDelivery> awaitErrorMaps(long cycle, int workers, Duration patience)
        throws InterruptedException {
      List<ErrorMapDelivery> maps = link.awaitErrorMaps(cycle, workers, patience);
      err.printf("rendezvous %d: error maps from worker(s) %s%n", cycle,
          maps.stream().map(ErrorMapDelivery::worker).toList());
      err.flush();
      return maps;
    }

    @Override
    public void finish(String runId, long cycle) throws InterruptedException {
      link.finish(runId, cycle);
      err.printf("run %s finished at cycle %d: the workers were told to end%n", runId, cycle);
      err.flush();
    }
  }
}
