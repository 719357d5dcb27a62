package io.slidestream.ops.http;

import com.typesafe.config.Config;
import io.slidestream.config.SlidestreamConfig;
import io.slidestream.dashboard.Dashboard;
import io.slidestream.dashboard.DashboardServer;
import io.slidestream.dashboard.DashboardSettings;
import io.slidestream.kafka.clients.AddressFile;
import io.slidestream.ops.metrics.ServiceMetrics;
import io.slidestream.service.jobs.ModelStore;
import io.slidestream.service.jobs.OutputStore;
import io.slidestream.service.kafka.SlidestreamService;
import io.slidestream.service.pipeline.ServiceComponents;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.admin.Admin;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The service as {@code serve} runs it: {@link SlidestreamService} with its metrics collected and
 * its operations endpoints ({@link OpsHttpServer}) on its actor system, as {@code slidestream.http}
 * configures them. With {@code slidestream.http.enabled = false}, the service alone, without
 * metrics. The endpoints stay up while the service drains (readiness then says it is stopping)
 * and go in the service-stop phase of its coordinated shutdown, with their address file.
 */
public final class OperatedService implements AutoCloseable {

  /** How long open HTTP connections get to finish once the endpoints stop. */
  private static final Duration HTTP_STOP_DEADLINE = Duration.ofSeconds(3);

  private final SlidestreamService service;
  private final OpsHttpServer server;

  private OperatedService(SlidestreamService service, OpsHttpServer server) {
    this.service = service;
    this.server = server;
  }

  /**
   * Checks {@code slidestream.http} before anything starts, so that a refused setting costs no
   * broker start.
   *
   * @throws IllegalArgumentException a non-loopback host without a token, and other bad settings
   */
  public static HttpSettings settings(Config config) {
    return HttpSettings.fromConfig(config);
  }

  /** Starts the service and, unless disabled, its metrics and endpoints. */
  public static OperatedService start(Config config) {
    HttpSettings http = settings(config);
    if (!http.enabled()) {
      return new OperatedService(SlidestreamService.start(config), null);
    }
    ServiceMetrics metrics = new ServiceMetrics();
    SlidestreamService service;
    try {
      service = SlidestreamService.start(config,
          ServiceComponents.fromConfig(config, metrics.pipeline(), metrics.modelLoads()), metrics.jobs());
    } catch (RuntimeException e) {
      metrics.close();
      throw e;
    }
    ActorSystem system = service.actorSystem();
    Admin admin = null;
    Cancellable lagSampler = null;
    Dashboard dashboard = null;
    try {
      OutputStore outputs = OutputStore.fromConfig(config);
      ModelStore models = new ModelStore(SlidestreamConfig.path(config, "slidestream.models.store"));
      Map<String, Path> stores = new LinkedHashMap<>();
      stores.put("work", SlidestreamConfig.path(config, "slidestream.work-dir"));
      stores.put("models", models.directory());
      stores.put("outputs", outputs.root());
      metrics.watch(service, stores, outputs.minFreeBytes());
      admin = service.connection().admin("slidestream-service-ops", http.healthTimeout());
      Admin opsAdmin = admin;
      lagSampler = system.scheduler().scheduleWithFixedDelay(Duration.ZERO, http.lagInterval(),
          () -> metrics.sampleLag(opsAdmin, http.healthTimeout()), system.dispatcher());
      Executor blocking = system.dispatchers().lookup(OpsHttpServer.BLOCKING_IO_DISPATCHER);
      Readiness readiness = new Readiness(service, admin, models, outputs, http.healthTimeout(), blocking);
      if (http.dashboard()) {
        dashboard = Dashboard.start(DashboardSettings.fromConfig(config), service.connection());
      }
      Optional<Route> pages = Optional.ofNullable(dashboard).map(d -> http.token()
          .map(token -> DashboardServer.guarded(token, d.routes())).orElse(d.routes()));
      OpsHttpServer server = OpsHttpServer.start(service, metrics, readiness, http, pages);
      registerShutdown(system, server, http, admin, lagSampler, metrics, dashboard);
      return new OperatedService(service, server);
    } catch (RuntimeException e) {
      if (dashboard != null) {
        dashboard.close();
      }
      if (lagSampler != null) {
        lagSampler.cancel();
      }
      if (admin != null) {
        admin.close(Duration.ofSeconds(2));
      }
      service.close();
      metrics.close();
      throw e;
    }
  }

  private static void registerShutdown(ActorSystem system, OpsHttpServer server, HttpSettings http, Admin admin,
      Cancellable lagSampler, ServiceMetrics metrics, Dashboard dashboard) {
    String address = server.address();
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceStop(), "stop-ops-endpoints",
        () -> server.stop(HTTP_STOP_DEADLINE).toCompletableFuture().handle((t, e) -> {
          lagSampler.cancel();
          admin.close(Duration.ofSeconds(2));
          if (dashboard != null) {
            dashboard.close();
          }
          new AddressFile(http.addressFile()).deleteIfNames(address);
          return Done.getInstance();
        }));
    system.getWhenTerminated().whenComplete((t, e) -> metrics.close());
  }

  public SlidestreamService service() {
    return service;
  }

  /** Where the endpoints listen; empty when {@code slidestream.http.enabled} is off. */
  public Optional<InetSocketAddress> httpAddress() {
    return Optional.ofNullable(server).map(OpsHttpServer::localAddress);
  }

  /** {@code host:port} of the endpoints, as written to the address file. */
  public Optional<String> httpHostPort() {
    return Optional.ofNullable(server).map(OpsHttpServer::address);
  }

  /** Completes once the service has stopped. */
  public CompletionStage<Done> stopped() {
    return service.stopped();
  }

  /** The graceful shutdown of the service, the endpoints with it. */
  public CompletionStage<Done> shutdown() {
    return service.shutdown();
  }

  @Override
  public void close() {
    service.close();
  }
}
