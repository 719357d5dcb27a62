package io.slidestream.ops.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slidestream.kafka.clients.AddressFile;
import io.slidestream.kafka.security.Secret;
import io.slidestream.ops.metrics.ServiceMetrics;
import io.slidestream.service.kafka.SlidestreamService;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Allow;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoints of {@code serve}, on the service's own actor system (pekko-http):
 * <ul>
 *   <li>{@code GET /health/alive}: 200 while the service runs, 503 once it stops;
 *   <li>{@code GET /health/ready}: 200 when every {@link Readiness} check passes, 503 otherwise,
 *       with a JSON body naming each check and what it found;
 *   <li>{@code GET /metrics}: every metric in the Prometheus text format.
 * </ul>
 * With a token configured, every path but {@code /health/*} needs {@code Authorization: Bearer
 * <token>} (401 otherwise, compared in constant time); the token is never logged. Binding
 * elsewhere than loopback without a token is refused by {@link HttpSettings}.
 */
final class OpsHttpServer {

  private static final Logger LOG = LoggerFactory.getLogger(OpsHttpServer.class);
  /** Pekko's dispatcher for blocking I/O, there in every actor system. */
  static final String BLOCKING_IO_DISPATCHER = "pekko.actor.default-blocking-io-dispatcher";
  /** The Prometheus text exposition format. */
  static final ContentType.WithFixedCharset PROMETHEUS_TEXT = MediaTypes.customWithFixedCharset("text", "plain", HttpCharsets.UTF_8,
      Map.of("version", "0.0.4"), false).toContentType();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SlidestreamService service;
  private final ServiceMetrics metrics;
  private final Readiness readiness;
  private final Optional<BearerToken> token;
  private final Executor blocking;
  private final Materializer materializer;
  /** What answers every other path (the fleet dashboard, behind its own guard), if anything. */
  private final Optional<org.apache.pekko.japi.function.Function<HttpRequest, CompletionStage<HttpResponse>>> pages;
  private ServerBinding binding;

  private OpsHttpServer(SlidestreamService service, ServiceMetrics metrics, Readiness readiness,
      Optional<Secret> token, Executor blocking, Optional<org.apache.pekko.japi.function.Function<HttpRequest, CompletionStage<HttpResponse>>> pages) {
    this.pages = pages;
    this.service = service;
    this.metrics = metrics;
    this.readiness = readiness;
    this.token = token.map(BearerToken::new);
    this.blocking = blocking;
    this.materializer = Materializer.matFromSystem(service.actorSystem());
  }

  /**
   * Binds the endpoints as {@code settings} say and waits for the binding; writes the bound
   * address to {@code settings.addressFile()}.
   *
   * @throws IllegalStateException when the address cannot be bound (in use, not this machine's)
   */
  static OpsHttpServer start(SlidestreamService service, ServiceMetrics metrics, Readiness readiness,
      HttpSettings settings, Optional<Route> pages) {
    ActorSystem system = service.actorSystem();
    Executor blocking = system.dispatchers().lookup(BLOCKING_IO_DISPATCHER);
    OpsHttpServer server = new OpsHttpServer(service, metrics, readiness, settings.token(), blocking,
        pages.map(route -> route.handler(system)));
    CompletionStage<ServerBinding> bound = Http.get(system).newServerAt(settings.host(), settings.port())
        .bind(server::handle);
    try {
      server.binding = bound.toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException("cannot listen on " + settings.host() + ":" + settings.port()
          + " (slidestream.http.host, slidestream.http.port): " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException("binding " + settings.host() + ":" + settings.port() + " took over 30 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while binding the HTTP endpoints", e);
    }
    new AddressFile(settings.addressFile()).write(server.address());
    LOG.info("operations endpoints at http://{} (/health/alive, /health/ready, /metrics){}", server.address(),
        settings.token().isPresent() ? "; /metrics requires the bearer token" : "");
    return server;
  }

  /**
   * The bound address as {@code host:port} (an IPv6 host in brackets); for a wildcard binding
   * (0.0.0.0), the loopback address, which reaches it from this machine.
   */
  String address() {
    InetSocketAddress a = binding.localAddress();
    String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  InetSocketAddress localAddress() {
    return binding.localAddress();
  }

  /** Stops taking connections and ends those open within {@code deadline}. */
  CompletionStage<?> stop(Duration deadline) {
    return binding.terminate(deadline);
  }

  private CompletionStage<HttpResponse> handle(HttpRequest request) {
    String path = request.getUri().path();
    if (pages.isPresent() && !path.startsWith("/health/") && !path.equals("/metrics")) {
      // The dashboard checks the token itself (a browser opening the page can send no header,
      // hence its sign-in form), and its sign-in form needs the request's body.
      try {
        return pages.get().apply(request);
      } catch (Exception e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    request.discardEntityBytes(materializer);
    boolean health = path.startsWith("/health/");
    if (!health && !authorized(request)) {
      return done(HttpResponse.create().withStatus(StatusCodes.UNAUTHORIZED)
          .addHeader(WWWAuthenticate.create(HttpChallenge.create("Bearer", "slidestream")))
          .withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, "a bearer token is required\n")));
    }
    if (!request.method().equals(HttpMethods.GET)) {
      return done(HttpResponse.create().withStatus(StatusCodes.METHOD_NOT_ALLOWED)
          .addHeader(Allow.create(HttpMethods.GET)));
    }
    switch (path) {
      case "/health/alive":
        return done(json(service.stopping() ? StatusCodes.SERVICE_UNAVAILABLE : StatusCodes.OK,
            JSON.createObjectNode().put("alive", !service.stopping())));
      case "/health/ready":
        return readiness.check().thenApply(OpsHttpServer::readyResponse);
      case "/metrics":
        return CompletableFuture.supplyAsync(() -> HttpResponse.create()
            .withEntity(HttpEntities.create(PROMETHEUS_TEXT, metrics.scrape())), blocking);
      case "/":
        return done(HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8,
            "slidestream operations endpoints: /health/alive /health/ready /metrics\n")));
      default:
        return done(HttpResponse.create().withStatus(StatusCodes.NOT_FOUND)
            .withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, "no such endpoint\n")));
    }
  }

  private boolean authorized(HttpRequest request) {
    return token.map(t -> t.inHeader(request)).orElse(true);
  }

  private static HttpResponse readyResponse(Readiness.Report report) {
    ObjectNode body = JSON.createObjectNode().put("ready", report.ready());
    ArrayNode checks = body.putArray("checks");
    for (Readiness.Check c : report.checks()) {
      checks.addObject().put("name", c.name()).put("ok", c.ok()).put("detail", c.detail());
    }
    return json(report.ready() ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE, body);
  }

  private static HttpResponse json(StatusCode status, ObjectNode body) {
    return HttpResponse.create().withStatus(status)
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body.toString() + "\n"));
  }

  private static CompletionStage<HttpResponse> done(HttpResponse r) {
    return CompletableFuture.completedFuture(r);
  }
}
