package io.slidestream.dashboard;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeOK;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.pathSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeaders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.slidestream.service.jobs.OutputStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The dashboard over HTTP, as a pekko-http {@link Route} that any server can mount at its root:
 * <ul>
 *   <li>{@code GET /} the page, {@code /dashboard.js} and {@code /dashboard.css} its script and
 *   style (all in the jar: nothing from elsewhere, so it works offline);</li>
 *   <li>{@code GET /api/snapshot} the whole view as JSON, once;</li>
 *   <li>{@code GET /api/stream} the same as server-sent events, a fresh view every {@code refresh};</li>
 *   <li>{@code GET /thumbnails/<jobId>} the overview image of a finished job from the output
 *   store, found by job id alone: only for a job whose mask record the dashboard read, at
 *   {@code <store>/<jobId>/<slideId>.overview.png}, never a path given by the request.</li>
 * </ul>
 * Paths are relative, so the page works mounted under a prefix too. Every answer forbids framing
 * and sniffing; the page allows scripts, styles, images and connections to its own origin only.
 * It carries job ids and opaque slide ids, never a slide's path or name.
 */
public final class DashboardRoutes {

  /** Overview images larger than this are not served (they are thumbnails: kilobytes). */
  static final long MAX_THUMBNAIL_BYTES = 32L << 20;
  private static final Pattern SLIDE_ID = Pattern.compile("[0-9a-f]{16}");
  private static final String RESOURCES = "/io/slidestream/dashboard/";

  private final FleetState state;
  private final OutputStore store;
  private final Duration refresh;
  private final ObjectMapper json = JsonMapper.builder().build();
  private final byte[] page = resource("index.html");
  private final byte[] script = resource("dashboard.js");
  private final byte[] style = resource("dashboard.css");

  public DashboardRoutes(FleetState state, Path outputStore, Duration refresh) {
    this.state = state;
    this.store = new OutputStore(outputStore, Duration.ofMinutes(10));
    this.refresh = refresh;
  }

  /** The routes, to mount at a server's root. */
  public Route routes() {
    List<HttpHeader> common = List.of(RawHeader.create("X-Content-Type-Options", "nosniff"),
        RawHeader.create("X-Frame-Options", "DENY"), RawHeader.create("Referrer-Policy", "no-referrer"));
    return respondWithHeaders(common, () -> get(() -> concat(
        pathSingleSlash(() -> respondWithHeaders(List.of(RawHeader.create("Content-Security-Policy",
                "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self';"
                    + " form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
            RawHeader.create("Cache-Control", "no-cache")),
            () -> complete(HttpEntities.create(ContentTypes.TEXT_HTML_UTF8, page)))),
        path("dashboard.js", () -> complete(HttpEntities.create(
            ContentTypes.create(MediaTypes.APPLICATION_JAVASCRIPT, org.apache.pekko.http.javadsl.model.HttpCharsets.UTF_8),
            script))),
        path("dashboard.css", () -> complete(HttpEntities.create(
            ContentTypes.create(MediaTypes.TEXT_CSS, org.apache.pekko.http.javadsl.model.HttpCharsets.UTF_8), style))),
        pathPrefix("api", () -> respondWithHeaders(List.of(RawHeader.create("Cache-Control", "no-store")), () -> concat(
            path("snapshot", () -> complete(HttpEntities.create(ContentTypes.APPLICATION_JSON, snapshotJson()))),
            path("stream", () -> completeOK(stream(), EventStreamMarshalling.toEventStream()))))),
        pathPrefix("thumbnails", () -> path(PathMatchers.segment(), this::thumbnail)))));
  }

  /** The view now, as the page gets it. */
  public String snapshotJson() {
    try {
      return json.writeValueAsString(state.snapshot());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("the snapshot is plain records and always serialises", e);
    }
  }

  private Source<ServerSentEvent, NotUsed> stream() {
    return Source.tick(Duration.ZERO, refresh, "tick")
        .map(t -> ServerSentEvent.create(snapshotJson(), "snapshot"))
        .mapMaterializedValue(c -> NotUsed.getInstance());
  }

  private Route thumbnail(String jobId) {
    Optional<Path> file = overviewOf(jobId);
    if (file.isEmpty()) {
      return complete(StatusCodes.NOT_FOUND, "no overview image for this job");
    }
    try {
      byte[] png = Files.readAllBytes(file.get());
      ContentType type = ContentTypes.create(MediaTypes.IMAGE_PNG);
      return complete(HttpResponse.create().withEntity(HttpEntities.create(type, png))
          .addHeader(RawHeader.create("Cache-Control", "private, max-age=300")));
    } catch (IOException e) {
      return complete(StatusCodes.NOT_FOUND, "the overview image cannot be read");
    }
  }

  /** The overview file of a job the dashboard knows, if it is in the output store. */
  Optional<Path> overviewOf(String jobId) {
    if (!OutputStore.isValidJobId(jobId)) {
      return Optional.empty();
    }
    return state.overviewSlideId(jobId).filter(s -> SLIDE_ID.matcher(s).matches()).flatMap(slideId -> {
      Path dir = store.directoryOf(jobId);
      Path file = dir.resolve(slideId + ".overview.png").normalize();
      try {
        if (!file.startsWith(store.root()) || !Files.isRegularFile(file) || Files.size(file) > MAX_THUMBNAIL_BYTES
            || !file.toRealPath().startsWith(store.root().toRealPath())) {
          return Optional.empty();
        }
      } catch (IOException e) {
        return Optional.empty();
      }
      return Optional.of(file);
    });
  }

  private static byte[] resource(String name) {
    try (InputStream in = DashboardRoutes.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("the dashboard's " + name + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
