package io.slidestream.service.status;

import com.typesafe.config.Config;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How an instance reports itself on the status topic, {@code slidestream.status}.
 *
 * @param instanceId the key of its status records
 * @param interval   how often it writes one
 */
public record StatusSettings(String instanceId, Duration interval) {

  /** Services started in this JVM without an id of their own: the second is {@code <host>-<pid>-2}. */
  private static final AtomicInteger UNNAMED = new AtomicInteger();

  public StatusSettings {
    if (instanceId == null || instanceId.isBlank() || instanceId.length() > 200) {
      throw new IllegalArgumentException("slidestream.status.instance-id must be 1-200 characters, got '"
          + instanceId + "'");
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("slidestream.status.interval must be positive, got " + interval);
    }
  }

  /**
   * The instance id is {@code slidestream.status.instance-id}; empty, the static group member id
   * ({@code slidestream.kafka.consumer.group-instance-id}), which stays the same across restarts;
   * empty too, {@code <host>-<pid>}, a new one for each start.
   */
  public static StatusSettings fromConfig(Config config) {
    String id = config.getString("slidestream.status.instance-id").trim();
    if (id.isEmpty()) {
      id = config.getString("slidestream.kafka.consumer.group-instance-id").trim();
    }
    if (id.isEmpty()) {
      int n = UNNAMED.incrementAndGet();
      id = hostName() + "-" + ProcessHandle.current().pid() + (n > 1 ? "-" + n : "");
    }
    return new StatusSettings(id, config.getDuration("slidestream.status.interval"));
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "host";
    }
  }
}
