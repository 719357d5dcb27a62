package io.slidestream.app.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.slidestream.config.SlidestreamConfig;
import io.slidestream.dashboard.Dashboard;
import io.slidestream.dashboard.DashboardServer;
import io.slidestream.dashboard.DashboardSettings;
import io.slidestream.kafka.clients.ClientBootstrap;
import io.slidestream.kafka.security.KafkaConnection;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.CoordinatedShutdown;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code slidestream dashboard}: the fleet dashboard on its own, against any cluster: reads the
 * topics and the group's lag with the dashboard role's rights and serves the page until SIGTERM or
 * Ctrl-C. Loopback by default; another address needs a bearer token.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
    description = "Serve the fleet dashboard (instances, jobs in flight, throughput, outcomes, dead letters, lag,"
        + " finished slides, models, training) read from the Kafka topics of any cluster. SIGTERM or Ctrl-C stop it.")
final class DashboardCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers (default: slidestream.kafka.bootstrap-servers, else the running"
          + " service's embedded broker).")
  String bootstrap;

  @Option(names = "--host", paramLabel = "ADDRESS",
      description = "Interface to listen on (default: slidestream.dashboard.host, 127.0.0.1). Any other than"
          + " loopback needs a bearer token (slidestream.dashboard.token-file or token-env).")
  String host;

  @Option(names = "--port", paramLabel = "PORT",
      description = "Port to listen on, 0 for a free one (default: slidestream.dashboard.port).")
  Integer port;

  @Option(names = "--window", paramLabel = "DURATION",
      description = "How far back to read the topics, ISO-8601 (default: slidestream.dashboard.window, 24 h).")
  Duration window;

  @Option(names = "--group", paramLabel = "GROUP",
      description = "The service's consumer group, for the lag (default: slidestream.kafka.consumer.group-id).")
  String group;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "File whose first line is the bearer token (default: slidestream.dashboard.token-file).")
  String tokenFile;

  @Option(names = "--token-env", paramLabel = "VARIABLE",
      description = "Environment variable holding the bearer token (default: slidestream.dashboard.token-env).")
  String tokenEnv;

  @Override
  public Integer call() {
    Map<String, Object> overrides = new HashMap<>();
    if (bootstrap != null) {
      overrides.put("slidestream.kafka.bootstrap-servers", bootstrap);
    }
    if (host != null) {
      overrides.put("slidestream.dashboard.host", host);
    }
    if (port != null) {
      overrides.put("slidestream.dashboard.port", port);
    }
    if (window != null) {
      overrides.put("slidestream.dashboard.window", window.toMillis() + "ms");
    }
    if (group != null) {
      overrides.put("slidestream.kafka.consumer.group-id", group);
    }
    if (tokenFile != null) {
      overrides.put("slidestream.dashboard.token-file", tokenFile);
    }
    if (tokenEnv != null) {
      overrides.put("slidestream.dashboard.token-env", tokenEnv);
    }
    Config config = ConfigFactory.parseMap(overrides).withFallback(SlidestreamConfig.load()).resolve();
    DashboardSettings settings = DashboardSettings.fromConfig(config);
    // Refused before anything starts: a non-loopback address without a token.
    if (!DashboardServer.isLoopback(settings.host()) && settings.token().isEmpty()) {
      throw new IllegalArgumentException("--host " + settings.host() + " is not a loopback address: a bearer token is"
          + " required (--token-file, --token-env, or slidestream.dashboard.token-file / token-env)");
    }
    KafkaConnection connection = ClientBootstrap.connection(config);
    ClientBootstrap.checkReachable(connection, Duration.ofSeconds(15));

    ActorSystem system = ActorSystem.create("slidestream-dashboard", config);
    Dashboard dashboard = null;
    DashboardServer server;
    try {
      dashboard = Dashboard.start(settings, connection);
      server = DashboardServer.start(system, dashboard.routes(), settings.host(), settings.port(), settings.token());
    } catch (RuntimeException e) {
      if (dashboard != null) {
        dashboard.close();
      }
      system.terminate();
      throw e;
    }
    Dashboard running = dashboard;
    CoordinatedShutdown cs = CoordinatedShutdown.get(system);
    cs.addTask(CoordinatedShutdown.PhaseServiceUnbind(), "dashboard-unbind", () -> CompletableFuture.supplyAsync(() -> {
      server.close();
      return Done.getInstance();
    }));
    cs.addTask(CoordinatedShutdown.PhaseServiceStop(), "dashboard-stop", () -> CompletableFuture.supplyAsync(() -> {
      running.close();
      return Done.getInstance();
    }));
    PrintWriter err = spec.commandLine().getErr();
    err.printf("slidestream dashboard: %s%s reading %s, %s, %s, %s and %s at %s (window %s, group %s);"
            + " SIGTERM or Ctrl-C to stop%n", server.url(), server.tokenRequired() ? " (bearer token required)" : "",
        settings.topics().events(), settings.topics().masks(), settings.topics().deadLetters(),
        settings.topics().training(), settings.topics().status(), connection.bootstrapServers(),
        settings.window(), settings.groupId());
    err.flush();
    system.getWhenTerminated().toCompletableFuture().join();
    return 0;
  }
}
