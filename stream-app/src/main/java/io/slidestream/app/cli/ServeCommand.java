package io.slidestream.app.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.slidestream.config.SlidestreamConfig;
import io.slidestream.models.runtime.Dl4jRuntime;
import io.slidestream.ops.http.OperatedService;
import io.slidestream.service.kafka.SlidestreamService;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code slidestream serve}: runs the service, with its operations endpoints (health, metrics), until
 * SIGTERM or Ctrl-C, which drain it gracefully. Endpoint settings that would expose the metrics
 * without a token are refused before anything starts.
 * Exits 0 after such a shutdown, 1 when the service stopped because its graph failed (a supervisor
 * should restart it: nothing uncommitted is lost).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the long-running service: consume slide jobs from Kafka and publish tiles and masks."
        + " With no brokers configured it starts the embedded broker. SIGTERM or Ctrl-C stop it gracefully.")
final class ServeCommand implements Callable<Integer> {

  static final int EXIT_FAILED = 1;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--slides-in-flight", paramLabel = "N",
      description = "Slides processed at once (default: slidestream.serve.slides-in-flight).")
  Integer slidesInFlight;

  @Option(names = "--group-instance-id", paramLabel = "ID",
      description = "Static group membership under this id (default: slidestream.kafka.consumer.group-instance-id).")
  String groupInstanceId;

  @Override
  public Integer call() {
    Map<String, Object> overrides = new HashMap<>();
    if (slidesInFlight != null) {
      overrides.put("slidestream.serve.slides-in-flight", slidesInFlight);
    }
    if (groupInstanceId != null) {
      overrides.put("slidestream.kafka.consumer.group-instance-id", groupInstanceId);
    }
    Config config = ConfigFactory.parseMap(overrides).withFallback(SlidestreamConfig.load());
    OperatedService.settings(config);
    Dl4jRuntime.initialise();
    OperatedService operated = OperatedService.start(config);
    SlidestreamService service = operated.service();
    var err = spec.commandLine().getErr();
    err.printf("slidestream serve: consuming %s at %s%s; models %s, outputs %s; %s; SIGTERM or Ctrl-C to stop%n",
        service.topics().jobs(), service.bootstrapServers(), service.embeddedBroker() ? " (embedded broker)" : "",
        SlidestreamConfig.path(config, "slidestream.models.store"),
        SlidestreamConfig.path(config, "slidestream.outputs.store"),
        operated.httpHostPort().map(a -> "health and metrics at http://" + a).orElse("no HTTP endpoints"));
    err.flush();
    service.stopped().toCompletableFuture().join();
    if (service.failure().isPresent()) {
      err.println("slidestream serve: stopped because the consumer graph failed: " + service.failure().get());
      return EXIT_FAILED;
    }
    return 0;
  }
}
