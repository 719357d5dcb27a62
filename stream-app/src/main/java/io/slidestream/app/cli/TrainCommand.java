package io.slidestream.app.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.slidestream.annotations.protocol.LabelingProtocol;
import io.slidestream.config.SlidestreamConfig;
import io.slidestream.models.compound.CompoundTraining;
import io.slidestream.models.runtime.Dl4jRuntime;
import io.slidestream.models.training.Trainer;
import io.slidestream.models.training.TrainingConfig;
import io.slidestream.models.training.TrainingData;
import io.slidestream.models.training.TrainingProgress;
import io.slidestream.models.training.TrainingResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slidestream train --config FILE}: trains a U-Net as the file says, with progress. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a U-Net from images and (sparse or dense) label masks, or from slides and their annotation"
        + " files, as a HOCON file describes.")
final class TrainCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "Training configuration (HOCON, a train { } section), e.g. conf/train/glas.conf.")
  Path configFile;

  @Option(names = "--resume", description = "Continue from the run's last checkpoint, if there is one.")
  boolean resume;

  @Option(names = "--iterations", paramLabel = "N", description = "Override train.iterations.")
  Integer iterations;

  @Option(names = "--distributed", description = "With train.hem.enabled: run the trainer only; its error-map"
      + " workers are `slidestream hem-worker` processes meeting it over Kafka.")
  boolean distributed;

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "With --distributed: Kafka bootstrap servers"
      + " (default: slidestream.kafka.bootstrap-servers, else the running service's embedded broker).")
  String bootstrap;

  @Override
  public Integer call() throws Exception {
    Config root = readRoot(spec, configFile, iterations);
    Path home = SlidestreamConfig.home();
    TrainingConfig config = TrainingConfig.fromConfig(root, p -> home.resolve(p).normalize());
    Optional<Path> firstModel = CompoundTraining.firstModelOf(root, p -> home.resolve(p).normalize());
    if (firstModel.isPresent() && config.hem().enabled()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "train.compound trains a compound model's second"
          + " network with uniform sampling; turn train.hem off in " + configFile);
    }
    if (distributed && !config.hem().enabled()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--distributed needs train.hem.enabled = true in " + configFile);
    }
    Dl4jRuntime.initialise();
    PrintWriter err = spec.commandLine().getErr();
    Trainer trainer;
    TrainingResult result;
    try (TrainingData data = TrainingData.open(config);
        CompoundTraining compound = firstModel.isPresent() ? CompoundTraining.open(firstModel.get(), config) : null) {
      if (config.hem().enabled()) {
        err.printf("train %s: %s, hard example mining with %d error-map worker(s)%s, %d iterations%n", config.name(),
            data.description(), config.hem().workers(), distributed ? " over Kafka" : " in this JVM",
            config.iterations());
        TrainingResult hem = new HemTraining(err).run(config, data, resume, distributed, bootstrap);
        PrintWriter out = spec.commandLine().getOut();
        if (hem.report() != null) {
          out.println(hem.report().toTable());
        }
        out.printf("model: %s%n", hem.model());
        return 0;
      }
      err.printf("train %s: %s, loss %s, balancing %s, %d iterations%s%s%n", config.name(), data.description(),
          config.loss(), config.balancing(), config.iterations(),
          config.smiler().enabled() ? ", " + config.smiler().rounds() + " SMILEr rounds" : "",
          compound != null ? ", compound over a first model " + compound.scale() + "x finer" : "");
      LabelingProtocol protocol = data.protocol();
      // A compound model's second network trains on the same data with the first's output added.
      trainer = compound == null
          ? new Trainer(config, data.train(), data.validation(), protocol.classes(), protocol.backgroundClass())
          : new Trainer(config, compound.wrap(data.train()), compound.wrap(data.validation()), protocol.classes(),
              protocol.backgroundClass(), compound.inputChannels());
      result = trainer.run(resume, new ConsoleProgress(err));
      if (compound != null) {
        compound.writeModel(result.model());
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (result.report() != null) {
      out.println(result.report().toTable());
    }
    out.printf("model: %s%nlog: %s%n", result.model(), trainer.logFile());
    return 0;
  }

  /** The training file's {@code train} section, paths against the installation directory. */
  static TrainingConfig readConfig(CommandLine.Model.CommandSpec spec, Path configFile, Integer iterations) {
    Path home = SlidestreamConfig.home();
    return TrainingConfig.fromConfig(readRoot(spec, configFile, iterations), p -> home.resolve(p).normalize());
  }

  /** The training file as parsed, {@code --iterations} applied. */
  private static Config readRoot(CommandLine.Model.CommandSpec spec, Path configFile, Integer iterations) {
    if (!Files.isRegularFile(configFile)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "no such configuration file: " + configFile);
    }
    Config root = ConfigFactory.parseFile(configFile.toFile()).resolve();
    if (iterations != null) {
      root = ConfigFactory.parseString("train.iterations = " + iterations).withFallback(root);
    }
    return root;
  }

  /** One line per validation, and a progress line overwritten in place between them. */
  private record ConsoleProgress(PrintWriter err) implements TrainingProgress {
    @Override
    public void iteration(long iteration, long total, double loss, double learningRate) {
      int width = 30;
      int filled = (int) (width * iteration / total);
      err.printf("\r[%s%s] %d/%d loss %.4f lr %.2g", "#".repeat(filled), " ".repeat(width - filled), iteration, total,
          loss, learningRate);
      err.flush();
    }

    @Override
    public void validated(long iteration, double dice, boolean best) {
      err.printf("%n  validation at %d: Dice %.4f%s%n", iteration, dice, best ? " (best)" : "");
      err.flush();
    }

    @Override
    public void relabelled(long iteration, int round, double gamma, long[] added) {
      long n = java.util.Arrays.stream(added).sum();
      err.printf("%n  SMILEr round %d before iteration %d: gamma %.2f, %d pixels relabelled%n", round, iteration + 1,
          gamma, n);
      err.flush();
    }
  }
}
