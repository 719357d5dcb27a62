package io.slidestream.service.kafka;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The consumer graph's own settings, {@code slidestream.serve}.
 *
 * @param slidesInFlight slides processed at once (the ordered {@code mapAsync}'s parallelism)
 * @param drainTimeout   how long a shutdown waits for slides in flight before abandoning them
 */
public record ServeSettings(int slidesInFlight, Duration drainTimeout) {

  public ServeSettings {
    if (slidesInFlight < 1) {
      throw new IllegalArgumentException("slidestream.serve.slides-in-flight must be positive, got " + slidesInFlight);
    }
    if (drainTimeout.isNegative()) {
      throw new IllegalArgumentException("slidestream.serve.drain-timeout must not be negative, got " + drainTimeout);
    }
  }

  public static ServeSettings fromConfig(Config serve) {
    return new ServeSettings(serve.getInt("slides-in-flight"), serve.getDuration("drain-timeout"));
  }
}
