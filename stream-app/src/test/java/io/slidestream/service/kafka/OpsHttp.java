package io.slidestream.service.kafka;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A plain HTTP client for the operations endpoints, and the Prometheus text format read back. */
final class OpsHttp {

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  record Response(int status, String body, Map<String, List<String>> headers) {}

  private OpsHttp() {}

  static Response get(String url) throws IOException, InterruptedException {
    return get(url, null);
  }

  /** GET with {@code authorization} as the Authorization header when not null. */
  static Response get(String url, String authorization) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Response(r.statusCode(), r.body(), r.headers().map());
  }

  /** Polls {@code url} until {@code done} holds for a response; fails with the last one after {@code timeout}. */
  static Response await(String url, String authorization, Duration timeout, Predicate<Response> done)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Response last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = get(url, authorization);
        if (done.test(last)) {
          return last;
        }
      } catch (IOException e) {
        last = new Response(-1, e.toString(), Map.of());
      }
      Thread.sleep(250);
    }
    throw new AssertionError("not seen at " + url + " within " + timeout + "; last answer: "
        + (last == null ? "none" : last.status() + " " + last.body()));
  }

  /** One sample of the text format: metric name, labels, value. */
  record Sample(String name, Map<String, String> labels, double value) {}

  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s+(\\S+)(?:\\s+\\S+)?$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** The samples of a scrape in the Prometheus text format. */
  static List<Sample> samples(String text) {
    List<Sample> out = new ArrayList<>();
    for (String line : text.lines().toList()) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        throw new AssertionError("not a sample line: " + line);
      }
      Map<String, String> labels = new HashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      out.add(new Sample(m.group(1), labels, parse(m.group(3))));
    }
    return out;
  }

  private static double parse(String v) {
    return switch (v) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(v);
    };
  }

  /**
   * The value of the one sample named {@code name} whose labels include {@code labels}
   * (alternating names and values); NaN when there is none.
   */
  static double value(List<Sample> samples, String name, String... labels) {
    List<Sample> found = samples.stream().filter(s -> s.name().equals(name) && has(s, labels)).toList();
    if (found.size() > 1) {
      throw new AssertionError(found.size() + " samples match " + name + " " + List.of(labels) + ": " + found);
    }
    return found.isEmpty() ? Double.NaN : found.get(0).value();
  }

  static List<Sample> all(List<Sample> samples, String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  private static boolean has(Sample s, String... labels) {
    for (int i = 0; i + 1 < labels.length; i += 2) {
      if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
        return false;
      }
    }
    return true;
  }
}
