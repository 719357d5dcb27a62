package io.slidestream.kafka.broker;

import io.slidestream.kafka.security.KafkaSecurity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running inside this JVM.
 * It serves the embedded default and the tests, where no Docker engine or external cluster exists.
 * It speaks the ordinary Kafka protocol on loopback, so clients cannot tell it from a cluster.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final int NODE_ID = 1;
  private static final String CONTROLLER_LISTENER = "CONTROLLER";

  private final KafkaRaftServer server;
  private final BrokerSettings settings;
  private final String clusterId;
  private final boolean reusedData;
  private boolean closed;

  private EmbeddedKafkaBroker(
      KafkaRaftServer server, BrokerSettings settings, String clusterId, boolean reusedData) {
    this.server = server;
    this.settings = settings;
    this.clusterId = clusterId;
    this.reusedData = reusedData;
  }

  /** Formats the data directory if it is new, then starts the broker and waits until it serves. */
  public static EmbeddedKafkaBroker start(BrokerSettings requested) {
    BrokerSettings settings =
        requested.withPorts(
            requested.port() == 0 ? freePort(requested.host()) : requested.port(),
            requested.controllerPort() == 0 ? freePort(requested.host()) : requested.controllerPort());
    boolean reused = KraftStorage.isFormatted(settings.dataDir());
    String clusterId =
        reused
            ? KraftStorage.clusterId(settings.dataDir())
                .orElseThrow(() -> new BrokerStartException(
                    settings.dataDir() + " has a meta.properties without cluster.id"))
            : KraftStorage.format(settings.dataDir(), NODE_ID, CONTROLLER_LISTENER,
                settings.security().map(BrokerSecurity::scramArguments).orElse(List.of()));

    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(brokerProperties(settings)), Time.SYSTEM);
    try {
      server.startup();
    } catch (RuntimeException e) {
      server.shutdown();
      throw new BrokerStartException("embedded broker failed to start on " + settings.dataDir() + ": " + e.getMessage(), e);
    }
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, settings, clusterId, reused);
    LOG.info("embedded Kafka broker serving {} at {} (cluster {}, data {}, {})",
        settings.security().isPresent() ? "SASL_SSL" : "PLAINTEXT", broker.bootstrapServers(), clusterId,
        settings.dataDir(), reused ? "reused" : "newly formatted");
    return broker;
  }

  static Properties brokerProperties(BrokerSettings s) {
    Properties p = new Properties();
    String controller = s.host() + ":" + s.controllerPort();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + controller);
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("listeners", "PLAINTEXT://" + s.host() + ":" + s.port() + "," + CONTROLLER_LISTENER + "://" + controller);
    p.put("advertised.listeners", "PLAINTEXT://" + s.host() + ":" + s.port());
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", s.dataDir().toString());
    p.put("metadata.log.dir", s.dataDir().toString());
    // A single node can hold only one replica of anything, internal topics included.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", String.valueOf(s.offsetsPartitions()));
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    // Nobody else will join the group, so waiting for them only delays the first assignment.
    p.put("group.initial.rebalance.delay.ms", "0");
    // Topics are created by the application with their partitions and limits, never by accident.
    p.put("auto.create.topics.enable", "false");
    s.security().ifPresent(security -> secure(p, s, security));
    p.putAll(s.overrides());
    return p;
  }

  /**
   * The client listener becomes SASL_SSL (SCRAM-SHA-512), which the broker also uses to reach
   * itself; the controller listener becomes TLS with client certificates required, signed by
   * the broker's CA, since SCRAM cannot protect it (its credentials live in the metadata it serves).
   */
  private static void secure(Properties p, BrokerSettings s, BrokerSecurity security) {
    String client = "SASL_SSL";
    String controller = s.host() + ":" + s.controllerPort();
    p.put("listeners", client + "://" + s.host() + ":" + s.port() + "," + CONTROLLER_LISTENER + "://" + controller);
    p.put("advertised.listeners", client + "://" + s.host() + ":" + s.port());
    p.put("listener.security.protocol.map", client + ":SASL_SSL," + CONTROLLER_LISTENER + ":SSL");
    p.put("inter.broker.listener.name", client);
    p.put("sasl.enabled.mechanisms", BrokerSecurity.MECHANISM);
    p.put("sasl.mechanism.inter.broker.protocol", BrokerSecurity.MECHANISM);
    KafkaSecurity.SaslLogin self = new KafkaSecurity.SaslLogin(BrokerSecurity.MECHANISM, security.brokerUser(),
        security.users().get(security.brokerUser()));
    new KafkaSecurity(KafkaSecurity.Protocol.SASL_SSL, Optional.of(security.truststore()),
        Optional.of(security.keystore()), security.keyPassword(), Optional.of(self))
        .clientProperties()
        .forEach((key, value) -> {
          if (key.equals("sasl.jaas.config")) {
            p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", value);
          } else if (key.startsWith("ssl.")) {
            p.put(key, value);
          }
        });
    p.put("listener.name.controller.ssl.client.auth", "required");
    if (security.clientCertificates()) {
      p.put("listener.name.sasl_ssl.ssl.client.auth", "required");
    }
    if (security.authorizer()) {
      p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
      p.put("super.users", "User:" + security.brokerUser() + ";" + security.certificatePrincipal());
      p.put("allow.everyone.if.no.acl.found", "false");
    }
  }

  private static int freePort(String host) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new BrokerStartException("no free port on " + host + ": " + e.getMessage(), e);
    }
  }

  /** {@code host:port} for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return settings.host() + ":" + settings.port();
  }

  public int port() {
    return settings.port();
  }

  public String clusterId() {
    return clusterId;
  }

  public Path dataDir() {
    return settings.dataDir();
  }

  /** True when this start found a formatted directory and kept its data. */
  public boolean reusedData() {
    return reusedData;
  }

  /** Controlled shutdown: flushes logs and releases the directory lock and ports. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.shutdown();
    server.awaitShutdown();
    LOG.info("embedded Kafka broker at {} stopped", bootstrapServers());
  }
}
