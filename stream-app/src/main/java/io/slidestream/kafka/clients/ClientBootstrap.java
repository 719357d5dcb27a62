package io.slidestream.kafka.clients;

import com.typesafe.config.Config;
import io.slidestream.config.SlidestreamConfig;
import io.slidestream.kafka.security.KafkaConnection;
import io.slidestream.kafka.security.KafkaSecurity;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Where a client of the service (submit) finds Kafka: the configured brokers, or else the embedded
 * broker of a service running on this machine, by its address file.
 */
public final class ClientBootstrap {

  private ClientBootstrap() {}

  /** The bootstrap servers to use, with {@code slidestream.kafka.security}. */
  public static KafkaConnection connection(Config config) {
    return new KafkaConnection(resolve(config), security(config));
  }

  /** {@code slidestream.kafka.security}. */
  public static KafkaSecurity security(Config config) {
    return KafkaSecurity.fromConfig(config.getConfig("slidestream.kafka.security"));
  }

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
    AddressFile file = new AddressFile(
        SlidestreamConfig.path(config, "slidestream.embedded-broker.address-file"));
    return file.read().orElseThrow(() -> new IllegalStateException(
        "no Kafka brokers configured (slidestream.kafka.bootstrap-servers) and no running service's embedded broker"
            + " found (" + file.file() + " does not exist): start `slidestream serve` first, or set"
            + " SLIDESTREAM_KAFKA_BOOTSTRAP_SERVERS"));
  }

  /**
   * Checks that a broker answers at {@code bootstrap} within {@code timeout} and accepts this
   * client's credentials.
   *
   * @throws IllegalStateException when none does, or it refuses the client
   */
  public static void checkReachable(KafkaConnection connection, Duration timeout) {
    String bootstrap = connection.bootstrapServers();
    try (Admin admin = connection.admin("slidestream-check", timeout)) {
      admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw refused(connection, e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("no Kafka broker answers at " + bootstrap + " over "
          + connection.security().protocol() + " within " + timeout + " (is `slidestream serve` running, and is"
          + " slidestream.kafka.security.protocol the listener's?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while connecting to " + bootstrap, e);
    }
  }

  /** A refusal named for what it is: a failed TLS handshake or login is not a missing broker. */
  static IllegalStateException refused(KafkaConnection connection, Throwable cause) {
    String bootstrap = connection.bootstrapServers();
    if (cause instanceof SslAuthenticationException) {
      return new IllegalStateException("TLS handshake with " + bootstrap + " failed (check the trust store and that"
          + " the listener speaks " + connection.security().protocol() + "): " + cause.getMessage(), cause);
    }
    if (cause instanceof AuthenticationException) {
      return new IllegalStateException("the brokers at " + bootstrap + " refused the login of "
          + connection.security().username().orElse("this client") + ": " + cause.getMessage(), cause);
    }
    return new IllegalStateException("no Kafka broker answers at " + bootstrap + " (is `slidestream serve` running?): "
        + cause.getMessage(), cause);
  }
}
