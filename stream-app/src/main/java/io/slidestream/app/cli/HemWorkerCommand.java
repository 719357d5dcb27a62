package io.slidestream.app.cli;

import io.slidestream.hem.kafka.HemLinkSettings;
import io.slidestream.hem.kafka.KafkaWorkerLink;
import io.slidestream.models.hem.ErrorMapDelivery;
import io.slidestream.models.hem.ErrorMapWorker;
import io.slidestream.models.hem.HemLinkException;
import io.slidestream.models.hem.ModelSnapshot;
import io.slidestream.models.hem.WorkerLink;
import io.slidestream.models.runtime.Dl4jRuntime;
import io.slidestream.models.training.TrainingConfig;
import io.slidestream.models.training.TrainingData;
import io.slidestream.models.training.TrainingModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code slidestream hem-worker --config FILE --worker N}: one error-map worker of a distributed
 * hard-example-mining run, meeting its trainer ({@code train --distributed}) over Kafka. It reads
 * the same training file as the trainer (run name, seed, data, model, {@code train.hem}). It exits
 * with status 0 when the trainer completes the run (at once if the run had already finished when it
 * started); a trainer that was killed ends nothing, and the worker waits up to {@code --patience}
 * for it to resume.
 */
@Command(name = "hem-worker", mixinStandardHelpOptions = true,
    description = "Compute error maps for a distributed hard-example-mining run (train --distributed), over Kafka.")
final class HemWorkerCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "The run's training configuration (HOCON, a train { } section with hem.enabled = true).")
  Path configFile;

  @Option(names = "--worker", required = true, paramLabel = "N",
      description = "This worker's index (0, 1, …): seeds its slide choice; give each worker its own.")
  int worker;

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers (default: slidestream.kafka.bootstrap-servers, else the running"
          + " service's embedded broker).")
  String bootstrap;

  @Option(names = "--patience", paramLabel = "DURATION", defaultValue = "PT10M",
      description = "How long to wait for the trainer's next snapshot before giving up, ISO-8601"
          + " (default: ${DEFAULT-VALUE}); a trainer restarting from its checkpoint must come back within it.")
  Duration patience;

  @Override
  public Integer call() throws Exception {
    if (worker < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--worker must be non-negative");
    }
    TrainingConfig config = TrainCommand.readConfig(spec, configFile, null);
    if (!config.hem().enabled()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "train.hem.enabled is false in " + configFile + ": nothing for an error-map worker to do");
    }
    Dl4jRuntime.initialise();
    PrintWriter err = spec.commandLine().getErr();
    HemLinkSettings settings = HemKafka.connect(bootstrap);
    long pid = ProcessHandle.current().pid();
    try (TrainingData data = TrainingData.open(config);
        KafkaWorkerLink link = KafkaWorkerLink.open(settings, config.name(), worker)) {
      var protocol = data.protocol();
      TrainingModel model = new TrainingModel(config, protocol.classes(), protocol.backgroundClass());
      err.printf("hem-worker %d (pid %d) of run %s at %s: %s%n", worker, pid, config.name(),
          settings.bootstrapServers(), data.description());
      err.flush();
      ErrorMapWorker w = ErrorMapWorker.of(config, model, data.train(), worker, new Reporting(link, err, worker, pid),
          patience);
      try {
        w.run();
        if (w.runFinished()) {
          err.printf("hem-worker %d (pid %d): run %s finished; %d error maps delivered.%n", worker, pid, config.name(),
              w.delivered());
        }
      } catch (HemLinkException e) {
        if (w.delivered() == 0) {
          throw e;
        }
        err.printf("hem-worker %d (pid %d): %s; its trainer is down (a finished run says so). %d error maps delivered.%n",
            worker, pid, e.getMessage(), w.delivered());
      }
    }
    return 0;
  }

  /** One line per delivered map, naming this process: the trainer's maps are seen to come from here. */
  private record Reporting(WorkerLink link, PrintWriter err, int worker, long pid) implements WorkerLink {
    @Override
    public ModelSnapshot awaitSnapshot(long cycle, Duration patience) throws InterruptedException {
      return link.awaitSnapshot(cycle, patience);
    }

    @Override
    public void publishErrorMap(ErrorMapDelivery d) throws InterruptedException {
      link.publishErrorMap(d);
      err.printf("hem-worker %d (pid %d): error map %d delivered (region %d, mean error %.4f, %.2f s, idle %.2f s)%n",
          worker, pid, d.cycle(), d.map().region(), d.map().meanError(), d.computeSeconds(), d.idleSeconds());
      err.flush();
    }
  }
}
