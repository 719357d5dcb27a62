package io.slidestream.app.cli;

import com.typesafe.config.Config;
import io.slidestream.config.SlidestreamConfig;
import io.slidestream.kafka.clients.ClientBootstrap;
import io.slidestream.kafka.security.KafkaConnection;
import io.slidestream.kafka.topics.TopicCatalog;
import io.slidestream.service.client.JobFollower;
import io.slidestream.service.client.JobSubmitter;
import io.slidestream.service.records.JobEvent;
import io.slidestream.service.records.JobOptions;
import io.slidestream.service.records.JobRecord;
import io.slidestream.service.records.OutputFile;
import io.slidestream.service.records.ServiceTopics;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code slidestream submit SLIDE}: publishes a job and, unless told not to, follows it to its
 * mask record with a progress bar, then prints where the outputs are.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
    description = "Publish a slide job and follow its progress until the mask is written.")
final class SubmitCommand implements Callable<Integer> {

  /** sysexits EX_DATAERR: the service refused or failed the job. */
  static final int EXIT_JOB_FAILED = 65;
  /** sysexits EX_TEMPFAIL: the job did not end in time; it may still. */
  static final int EXIT_TIMED_OUT = 75;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SLIDE", description = "The slide file, under one of the service's allowed roots.")
  Path slide;

  @Option(names = "--model", paramLabel = "ID", description = "Model id in the model store (default: the service's default model).")
  String model;

  @Option(names = "--job-id", paramLabel = "ID", description = "The job's id (default: a random one).")
  String jobId;

  @Option(names = {"--microns-per-pixel", "--mpp"}, paramLabel = "MPP",
      description = "Resolution to run at in µm/px (default: the model's).")
  Double micronsPerPixel;

  @Option(names = "--outputs", split = ",", paramLabel = "KIND",
      description = "Outputs wanted: mask-tiff, overview-png, geojson, areas-json (default: the service's).")
  List<String> outputs;

  @Option(names = "--wait", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Follow the job until its mask record arrives (default); --no-wait only publishes it.")
  boolean wait;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT30M",
      description = "How long to follow the job, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() {
    Config config = SlidestreamConfig.load();
    ServiceTopics topics = ServiceTopics.of(TopicCatalog.fromConfig(config.getConfig("slidestream.topics")));
    KafkaConnection connection = ClientBootstrap.connection(config);
    ClientBootstrap.checkReachable(connection, Duration.ofSeconds(15));
    JobRecord job = new JobRecord(jobId != null ? jobId : "job-" + UUID.randomUUID(),
        slide.toAbsolutePath().normalize().toString(), model, micronsPerPixel,
        outputs == null ? null : new JobOptions(null, null, outputs), System.getProperty("user.name"));
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!wait) {
      publish(connection, topics, job);
      out.println(job.jobId());
      return 0;
    }
    try (JobFollower follower = JobFollower.open(connection, topics)) {
      publish(connection, topics, job);
      err.printf("submitted job %s to %s at %s%n", job.jobId(), topics.jobs(), connection.bootstrapServers());
      return report(follower.follow(job.jobId(), timeout, new Progress(err, job.jobId())), job, out, err);
    }
  }

  private static void publish(KafkaConnection connection, ServiceTopics topics, JobRecord job) {
    try (JobSubmitter submitter = new JobSubmitter(connection, topics.jobs())) {
      submitter.submit(job);
    }
  }

  static int report(JobFollower.Result result, JobRecord job, PrintWriter out, PrintWriter err) {
    if (result instanceof JobFollower.Result.Finished f) {
      out.printf("job %s finished: %d tiles in %.1f s, model %s (%s)%n", job.jobId(), f.mask().tileCount(),
          f.mask().timings().totalMs() / 1000.0, f.mask().modelId(), f.mask().modelVersion().substring(0, 12));
      for (OutputFile o : f.mask().outputs()) {
        out.printf("%-13s %s%n", o.kind() + ":", displayPath(o.uri()));
      }
      return 0;
    }
    if (result instanceof JobFollower.Result.Failed f) {
      err.printf("slidestream submit: job %s failed, %s: %s%n", job.jobId(), f.reason(), f.message());
      return EXIT_JOB_FAILED;
    }
    JobFollower.Result.TimedOut t = (JobFollower.Result.TimedOut) result;
    err.printf("slidestream submit: job %s did not finish within %s (last event: %s); it may still%n", job.jobId(),
        t.after(), t.lastEvent() == null ? "none: is `slidestream serve` running?" : t.lastEvent().message());
    return EXIT_TIMED_OUT;
  }

  /** A file URI as a path; anything else as it is. */
  static String displayPath(String uri) {
    try {
      URI u = URI.create(uri);
      return "file".equals(u.getScheme()) ? Path.of(u).toString() : uri;
    } catch (IllegalArgumentException e) {
      return uri;
    }
  }

  /** Draws a job's events as a progress bar on standard error. */
  static final class Progress implements JobFollower.Listener {
    private final PrintWriter err;
    private final ProgressBar bar;
    private long shown = -1;

    Progress(PrintWriter err, String label) {
      this.err = err;
      this.bar = ProgressBar.forConsole(err, label);
    }

    @Override
    public void event(JobEvent e) {
      if (e.type() == JobEvent.Type.ACCEPTED) {
        err.println("accepted by the service");
        err.flush();
      } else if (e.type() == JobEvent.Type.PROGRESS && e.tilesTotal() != null) {
        bar.update(e.tilesDone(), e.tilesTotal());
        shown = e.tilesDone();
      }
    }

    @Override
    public void ended(JobFollower.Result result) {
      // The last PROGRESS event may have been skipped by the step; the bar ends full.
      if (result instanceof JobFollower.Result.Finished f && shown < f.mask().tileCount()) {
        bar.update(f.mask().tileCount(), f.mask().tileCount());
      }
      bar.done();
    }
  }
}
