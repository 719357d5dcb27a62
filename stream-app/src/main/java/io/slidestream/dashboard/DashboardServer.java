package io.slidestream.dashboard;

import io.slidestream.ops.http.BearerToken;
import io.slidestream.ops.http.HttpSettings;
import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.formFieldMap;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.Directives.redirect;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeaders;
import static org.apache.pekko.http.javadsl.server.Directives.setCookie;

import io.slidestream.kafka.security.Secret;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.headers.HttpCookie;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.headers.SameSite;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The standalone dashboard's own HTTP server ({@code slidestream dashboard}): the
 * {@link DashboardRoutes} on one address, loopback by default. Bound anywhere else (a host's
 * address, {@code 0.0.0.0}) it requires a bearer token: every request must carry
 * {@code Authorization: Bearer <token>} or the cookie the page's sign-in form sets
 * ({@value #COOKIE}, HttpOnly, SameSite=Strict); any other gets 401, the page's address a
 * sign-in form. The token is compared in constant time and never logged. Plain HTTP: put a
 * TLS-terminating proxy in front of a dashboard reached over a network.
 */
public final class DashboardServer implements AutoCloseable {

  static final String COOKIE = "slidestream-dashboard";

  private static final String SIGN_IN_PAGE = """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8"><title>Slidestream fleet: sign in</title>
      <link rel="stylesheet" href="dashboard.css"></head>
      <body><main class="sign-in"><h1>Slidestream fleet</h1>
      <p>This dashboard needs its bearer token (slidestream.dashboard.token-file or token-env).</p>
      <form method="post" action="sign-in"><label>Token <input type="password" name="token" autocomplete="off"
      autofocus></label> <button type="submit">Sign in</button></form></main></body></html>
      """;

  private final ServerBinding binding;
  private final boolean tokenRequired;

  private DashboardServer(ServerBinding binding, boolean tokenRequired) {
    this.binding = binding;
    this.tokenRequired = tokenRequired;
  }

  /**
   * Binds {@code routes} on {@code host:port} (0: a free port).
   *
   * @throws IllegalArgumentException when {@code host} is not a loopback address and no token is given
   */
  public static DashboardServer start(ActorSystem system, Route routes, String host, int port, Optional<Secret> token) {
    boolean loopback = isLoopback(host);
    if (!loopback && token.isEmpty()) {
      throw new IllegalArgumentException("the dashboard binds " + host + ", which is not a loopback address, and"
          + " then needs a bearer token: set slidestream.dashboard.token-file or slidestream.dashboard.token-env");
    }
    Route served = token.filter(t -> !loopback).map(t -> guarded(t, routes)).orElse(routes);
    try {
      ServerBinding binding = Http.get(system).newServerAt(host, port).bind(served).toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      return new DashboardServer(binding, !loopback);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while binding the dashboard", e);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException("the dashboard cannot listen on " + host + ":" + port + ": " + cause.getMessage(),
          cause);
    }
  }

  /** Whether {@code host} names only this machine: the project's one rule ({@link HttpSettings#isLoopback}). */
  public static boolean isLoopback(String host) {
    try {
      return HttpSettings.isLoopback(host);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * {@code inner} behind the bearer token: what this server serves off loopback, and what another
   * server that mounts the dashboard can use for the page (a browser cannot send a header when it
   * opens a page, hence the sign-in form and its cookie).
   */
  public static Route guarded(Secret token, Route inner) {
    BearerToken expected = new BearerToken(token);
    return concat(
        path("sign-in", () -> post(() -> formFieldMap(fields -> {
          String given = fields.getOrDefault("token", "");
          if (!expected.matches(given)) {
            return unauthorized(true);
          }
          HttpCookie cookie = HttpCookie.create(COOKIE, given).withHttpOnly(true).withPath("/")
              .withSameSite(SameSite.Strict);
          return setCookie(cookie, () -> redirect(Uri.create("./"), StatusCodes.SEE_OTHER));
        }))),
        extractRequest(request -> authorized(request, expected) ? inner
            : unauthorized(request.getUri().path().endsWith("/") || request.getUri().path().endsWith("dashboard.css"))));
  }

  private static Route unauthorized(boolean page) {
    if (page) {
      // The sign-in page, or its style sheet (which holds nothing of the fleet).
      return respondWithHeaders(List.of(RawHeader.create("WWW-Authenticate", "Bearer realm=\"slidestream\""),
              RawHeader.create("Content-Security-Policy", "default-src 'none'; style-src 'self'; form-action 'self'")),
          () -> complete(HttpResponse.create().withStatus(StatusCodes.UNAUTHORIZED)
              .withEntity(HttpEntities.create(ContentTypes.TEXT_HTML_UTF8, SIGN_IN_PAGE))));
    }
    return respondWithHeaders(List.of(RawHeader.create("WWW-Authenticate", "Bearer realm=\"slidestream\"")),
        () -> complete(StatusCodes.UNAUTHORIZED, "a bearer token is required"));
  }

  private static boolean authorized(HttpRequest request, BearerToken expected) {
    if (expected.inHeader(request)) {
      return true;
    }
    return request.getHeader(org.apache.pekko.http.javadsl.model.headers.Cookie.class)
        .map(c -> c.getCookies().iterator())
        .map(it -> {
          while (it.hasNext()) {
            var pair = it.next();
            if (pair.name().equals(COOKIE) && expected.matches(pair.value())) {
              return true;
            }
          }
          return false;
        }).orElse(false);
  }

  /** Where it listens. */
  public InetSocketAddress address() {
    return binding.localAddress();
  }

  /** {@code http://host:port/}. */
  public String url() {
    InetSocketAddress a = address();
    String host = a.getAddress().getHostAddress();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/";
  }

  public boolean tokenRequired() {
    return tokenRequired;
  }

  @Override
  public void close() {
    binding.terminate(Duration.ofSeconds(5)).toCompletableFuture().join();
  }
}
