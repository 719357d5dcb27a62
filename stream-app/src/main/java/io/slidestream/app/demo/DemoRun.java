package io.slidestream.app.demo;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.slidestream.config.SlidestreamConfig;
import io.slidestream.files.PendingFile;
import io.slidestream.images.readers.synthetic.SyntheticSlide;
import io.slidestream.images.readers.synthetic.SyntheticSlideFiles;
import io.slidestream.images.readers.synthetic.SyntheticSlideSpec;
import io.slidestream.models.runtime.Dl4jRuntime;
import io.slidestream.models.training.TrainingResult;
import io.slidestream.service.client.JobFollower;
import io.slidestream.service.client.JobSubmitter;
import io.slidestream.service.jobs.ModelStore;
import io.slidestream.service.kafka.SlidestreamService;
import io.slidestream.service.records.JobOptions;
import io.slidestream.service.records.JobRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code slidestream demo} does, step by step: a synthetic slide with sparse annotations in
 * the slides directory, a small model trained on it into the model store (or the one trained
 * before), the service with its own embedded broker, the slide submitted as a job and followed to
 * its mask record. Everything goes under the configured work directory, so a second run reuses
 * the slide and the model and takes seconds.
 */
public final class DemoRun {

  /** The model id the demo trains and submits with. */
  public static final String MODEL_ID = "demo-synthetic";
  /** Working resolution: 2 µm/px, downsample 4 from the synthetic slide's 0.5 µm/px. */
  static final int DOWNSAMPLE = 4;

  /**
   * @param trainBudget   time to spend training
   * @param maxIterations iteration limit of training
   * @param retrain       train even if a demo model exists
   * @param slideSize     side of the synthetic slide in level-0 pixels
   * @param seed          the synthetic slide's seed (validation uses seed + 1)
   * @param timeout       how long to wait for the mask record
   */
  public record Options(Duration trainBudget, int maxIterations, boolean retrain, int slideSize, long seed,
      Duration timeout) {}

  /** Where things are, and how the job ended. */
  public record Outcome(JobRecord job, JobFollower.Result result, Path slide, Path annotations, Path truthMask,
      Path model) {}

  private final Options options;
  private final PrintWriter err;
  private final Config base;
  private final JobFollower.Listener progress;

  /**
   * @param err      where the steps are told
   * @param progress told of the job's events
   */
  public DemoRun(Options options, PrintWriter err, JobFollower.Listener progress) {
    this(options, err, progress, SlidestreamConfig.load());
  }

  public DemoRun(Options options, PrintWriter err, JobFollower.Listener progress, Config base) {
    this.options = options;
    this.err = err;
    this.progress = progress;
    this.base = base;
  }

  public Outcome run() throws IOException {
    long started = System.nanoTime();
    Path work = SlidestreamConfig.path(base, "slidestream.work-dir");
    Path slides = work.resolve("slides").resolve("demo");
    Dl4jRuntime.initialise();

    SyntheticSlideSpec spec = SyntheticSlideSpec.of(options.slideSize(), options.slideSize(), options.seed());
    // Named by size and seed: another --slide-size or --seed is another slide.
    String name = "demo-synthetic-" + options.slideSize() + "-s" + options.seed();
    Path slide = slides.resolve(name + ".svs");
    Path annotations = slides.resolve(name + ".annotations.geojson");
    Path truth = slides.resolve(name + ".truth.mask.tif");
    if (Files.isRegularFile(slide) && Files.isRegularFile(annotations) && Files.isRegularFile(truth)) {
      say("slide: reusing %s", slide);
    } else {
      long t = System.nanoTime();
      say("slide: writing a %d × %d synthetic slide with simulated sparse annotations to %s …", spec.width(),
          spec.height(), slides);
      Files.createDirectories(slides);
      SyntheticSlideFiles.write(spec, slides, name, 8, 2);
      say("slide: written in %.1f s", seconds(t));
    }

    ModelStore store = ModelStore.fromConfig(base);
    Path model = store.fileOf(MODEL_ID);
    if (Files.isRegularFile(model) && !options.retrain()) {
      say("model: reusing %s (--retrain trains a new one)", model);
    } else {
      train(spec, work.resolve("demo").resolve("training"), model);
    }

    Config config = serviceConfig(work, slides);
    say("service: starting the embedded broker and the service …");
    long t = System.nanoTime();
    try (SlidestreamService service = SlidestreamService.start(config)) {
      say("service: up in %.1f s at %s", seconds(t), service.bootstrapServers());
      String jobId = "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
      // Larger tiles than the 64 px training patches: the network is fully convolutional, and fewer,
      // larger tiles keep the per-tile overhead small.
      JobRecord job = new JobRecord(jobId, slide.toString(), MODEL_ID, null, new JobOptions(240, 8, null),
          "slidestream demo");
      JobFollower.Result result;
      try (JobFollower follower = JobFollower.open(service.connection(), service.topics());
           JobSubmitter submitter = new JobSubmitter(service.connection(), service.topics().jobs())) {
        submitter.submit(job);
        say("job: %s submitted to %s", jobId, service.topics().jobs());
        result = follower.follow(jobId, options.timeout(), progress);
      }
      say("service: shutting down …");
      service.close();
      say("demo: %.1f s in all", seconds(started));
      return new Outcome(job, result, slide, annotations, truth, model);
    }
  }

  private void train(SyntheticSlideSpec spec, Path dir, Path model) throws IOException {
    say("model: training a small U-Net on the slide's sparse annotations for up to %.1f min "
        + "(validated on another synthetic slide's dense truth) …", options.trainBudget().toMillis() / 60000.0);
    long t = System.nanoTime();
    SparseSlideTraining training = new SparseSlideTraining(MODEL_ID, dir, DOWNSAMPLE, options.trainBudget(),
        options.maxIterations(), 20, options.seed());
    // Validation on a smaller slide of another seed: the same tissue classes, unseen.
    SyntheticSlide validation = SyntheticSlide.of(SyntheticSlideSpec.of(2048, 2048, options.seed() + 1)
        .withTissueFraction(0.9));
    TrainingResult result = training.run(SyntheticSlide.of(spec), validation, (iterations, dice, spent) ->
        say("model: %d iterations, best validation Dice %.3f, %.0f s", iterations, dice, spent.toMillis() / 1000.0));
    PendingFile.write(model, out -> Files.copy(result.model(), out));
    say("model: trained in %.0f s (best validation Dice %.3f), registered as '%s' in %s", seconds(t),
        result.bestDice(), MODEL_ID, model.getParent());
  }

  /**
   * The configuration of the demo's own service: its own embedded broker directory (a service that
   * `serve` runs keeps its own), and the demo slides allowed.
   */
  Config serviceConfig(Path work, Path slides) {
    List<String> roots = new ArrayList<>(base.getStringList("slidestream.jobs.allowed-roots"));
    roots.add(slides.toString());
    return ConfigFactory.empty()
        .withValue("slidestream.embedded-broker.data-dir",
            ConfigValueFactory.fromAnyRef(work.resolve("demo").resolve("kafka").toString()))
        .withValue("slidestream.embedded-broker.address-file",
            ConfigValueFactory.fromAnyRef(work.resolve("demo").resolve("kafka.address").toString()))
        .withValue("slidestream.jobs.allowed-roots", ConfigValueFactory.fromIterable(roots))
        .withFallback(base);
  }

  private void say(String format, Object... args) {
    err.printf(format + "%n", args);
    err.flush();
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }
}
