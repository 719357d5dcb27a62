package io.slidestream.ops.http;

import io.slidestream.kafka.security.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/**
 * The bearer token an HTTP listener of the project requires off loopback: the one comparison
 * (constant-time, so that the time of a refusal says nothing of how much of a guess was right) for
 * the operations endpoints and the dashboard.
 */
public final class BearerToken {

  private final byte[] expected;

  public BearerToken(Secret token) {
    this.expected = token.reveal().getBytes(StandardCharsets.UTF_8);
  }

  /** Whether {@code given} is the token. */
  public boolean matches(String given) {
    return given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether the request carries {@code Authorization: Bearer <token>}. */
  public boolean inHeader(HttpRequest request) {
    Optional<String> header = request.getHeader("Authorization").map(h -> h.value());
    return header.isPresent() && header.get().regionMatches(true, 0, "Bearer ", 0, 7)
        && matches(header.get().substring(7).trim());
  }
}
