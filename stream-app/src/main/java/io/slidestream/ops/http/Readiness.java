package io.slidestream.ops.http;

import io.slidestream.service.jobs.FailureCause;
import io.slidestream.service.jobs.JobRejectedException;
import io.slidestream.service.jobs.ModelStore;
import io.slidestream.service.jobs.OutputStore;
import io.slidestream.service.kafka.ConsumerState;
import io.slidestream.service.kafka.SlidestreamService;
import io.slidestream.service.records.ServiceTopics;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Whether the service can do its work now, check by check: the brokers answer, the service's
 * topics exist, its consumer is in its group, the model store can be read, and the output store
 * can be written with free space above its floor ({@code slidestream.outputs.min-free-bytes}, the
 * same check that refuses a job). Each check's detail is plain words without paths or credentials:
 * the readiness endpoint answers without a token.
 */
final class Readiness {

  /** One check: its name, whether it passed, and what it found. */
  record Check(String name, boolean ok, String detail) {}

  /** Every check; ready when all passed. */
  record Report(boolean ready, List<Check> checks) {}

  private final SlidestreamService service;
  private final Admin admin;
  private final ModelStore models;
  private final OutputStore outputs;
  private final Duration timeout;
  private final Executor blocking;

  Readiness(SlidestreamService service, Admin admin, ModelStore models, OutputStore outputs, Duration timeout,
      Executor blocking) {
    this.service = service;
    this.admin = admin;
    this.models = models;
    this.outputs = outputs;
    this.timeout = timeout;
    this.blocking = blocking;
  }

  /** Runs every check at once; completes within the timeout (a check that has not answered by then fails). */
  CompletionStage<Report> check() {
    List<CompletableFuture<Check>> checks = List.of(
        CompletableFuture.completedFuture(running()),
        bounded("broker", broker()),
        bounded("topics", topics()),
        CompletableFuture.completedFuture(consumer()),
        bounded("model-store", CompletableFuture.supplyAsync(this::modelStore, blocking)),
        bounded("output-store", CompletableFuture.supplyAsync(this::outputStore, blocking)));
    return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).thenApply(all -> {
      List<Check> out = new ArrayList<>();
      checks.forEach(c -> out.add(c.join()));
      return new Report(out.stream().allMatch(Check::ok), out);
    });
  }

  private Check running() {
    return service.stopping() ? new Check("service", false, "stopping")
        : new Check("service", true, "running");
  }

  private CompletableFuture<Check> bounded(String name, CompletableFuture<Check> check) {
    return check.completeOnTimeout(new Check(name, false, "no answer within " + timeout.toMillis() + " ms"),
            timeout.toMillis() + 500, TimeUnit.MILLISECONDS)
        .exceptionally(e -> new Check(name, false, describe(e)));
  }

  private int timeoutMs() {
    return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
  }

  private CompletableFuture<Check> broker() {
    return copy(admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs())).nodes())
        .thenApply(nodes -> new Check("broker", !nodes.isEmpty(), nodes.size() + " broker(s) answered"));
  }

  private CompletableFuture<Check> topics() {
    ServiceTopics t = service.topics();
    List<String> names = List.of(t.jobs(), t.tiles(), t.masks(), t.events(), t.deadLetters());
    return copy(admin.describeTopics(names, new DescribeTopicsOptions().timeoutMs(timeoutMs())).allTopicNames())
        .thenApply(found -> new Check("topics", found.keySet().containsAll(names), found.size() + " of "
            + names.size() + " topics exist"))
        .exceptionally(e -> unwrap(e) instanceof UnknownTopicOrPartitionException
            ? new Check("topics", false, "a topic of the service is missing")
            : new Check("topics", false, describe(e)));
  }

  private Check consumer() {
    ConsumerState state = service.consumerState();
    if (!state.joined()) {
      return new Check("consumer", false, "not in group " + service.groupId() + " (joining)");
    }
    return new Check("consumer", true, "in group " + service.groupId() + " with " + state.assignment().size()
        + " partition(s)");
  }

  private Check modelStore() {
    if (!Files.isDirectory(models.directory()) || !Files.isReadable(models.directory())) {
      return new Check("model-store", false, "the model store is not a readable directory");
    }
    try {
      return new Check("model-store", true, "readable, " + models.ids().size() + " model(s)");
    } catch (IOException e) {
      return new Check("model-store", false, "the model store cannot be listed: " + FailureCause.describe(e));
    }
  }

  private Check outputStore() {
    try {
      outputs.checkFreeSpace();
      Files.createDirectories(outputs.root());
      if (!Files.isWritable(outputs.root())) {
        return new Check("output-store", false, "the output store is not writable");
      }
      return new Check("output-store", true, "writable, " + outputs.usableSpace() + " bytes free (floor "
          + outputs.minFreeBytes() + ")");
    } catch (JobRejectedException e) {
      return new Check("output-store", false, e.getMessage());
    } catch (IOException | RuntimeException e) {
      return new Check("output-store", false, "the output store cannot be used: " + FailureCause.describe(e));
    }
  }

  /**
   * A future of our own that a Kafka future completes: the admin client's futures refuse to be
   * completed by anyone else, which a timeout would do.
   */
  static <T> CompletableFuture<T> copy(KafkaFuture<T> kafka) {
    CompletableFuture<T> f = new CompletableFuture<>();
    kafka.whenComplete((value, error) -> {
      if (error != null) {
        f.completeExceptionally(error);
      } else {
        f.complete(value);
      }
    });
    return f;
  }

  private static Throwable unwrap(Throwable e) {
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /**
   * A broker error in its own words (Kafka's messages name brokers and topics, not files), without
   * the exception's class name: operations read this, as they read dead letters.
   */
  private static String describe(Throwable e) {
    Throwable t = unwrap(e);
    return t.getMessage() == null || t.getMessage().isBlank() ? FailureCause.describe(t) : t.getMessage();
  }
}
