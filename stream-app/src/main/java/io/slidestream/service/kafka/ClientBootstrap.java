package io.slidestream.service.kafka;

import com.typesafe.config.Config;
import io.slidestream.config.SlidestreamConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Where a client of the service (submit) finds Kafka: the configured brokers, or else the embedded
 * broker of a service running on this machine, by its address file.
 */
public final class ClientBootstrap {

  private ClientBootstrap() {}

  /**
   * The bootstrap servers to use.
   *
   * @throws IllegalStateException when none are configured and no running service left an address
   */
  public static String resolve(Config config) {
    String configured = config.getString("slidestream.kafka.bootstrap-servers").trim();
    if (!configured.isEmpty()) {
      return configured;
    }
    BrokerAddressFile file = new BrokerAddressFile(
        SlidestreamConfig.path(config, "slidestream.embedded-broker.address-file"));
    return file.read().orElseThrow(() -> new IllegalStateException(
        "no Kafka brokers configured (slidestream.kafka.bootstrap-servers) and no running service's embedded broker"
            + " found (" + file.file() + " does not exist): start `slidestream serve` first, or set"
            + " SLIDESTREAM_KAFKA_BOOTSTRAP_SERVERS"));
  }

  /**
   * Checks that a broker answers at {@code bootstrap} within {@code timeout}.
   *
   * @throws IllegalStateException when none does
   */
  public static void checkReachable(String bootstrap, Duration timeout) {
    Map<String, Object> props = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    try (Admin admin = Admin.create(props)) {
      admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("no Kafka broker answers at " + bootstrap + " (is `slidestream serve` running?)",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while connecting to " + bootstrap, e);
    }
  }
}
