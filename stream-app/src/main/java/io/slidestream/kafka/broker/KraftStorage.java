package io.slidestream.kafka.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * The on-disk identity of a KRaft node: {@code meta.properties} plus the bootstrap checkpoint that
 * {@code kafka-storage format} writes. A directory is formatted exactly once; a broker restarted
 * on it keeps its cluster id, topics and records.
 */
public final class KraftStorage {

  static final String META_PROPERTIES = "meta.properties";

  private KraftStorage() {}

  public static boolean isFormatted(Path dataDir) {
    return Files.isRegularFile(dataDir.resolve(META_PROPERTIES));
  }

  /** The cluster id recorded in a formatted directory. */
  public static Optional<String> clusterId(Path dataDir) {
    Path meta = dataDir.resolve(META_PROPERTIES);
    if (!Files.isRegularFile(meta)) {
      return Optional.empty();
    }
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(meta)) {
      props.load(in);
    } catch (IOException e) {
      throw new BrokerStartException("cannot read " + meta + ": " + e.getMessage(), e);
    }
    return Optional.ofNullable(props.getProperty("cluster.id"));
  }

  /**
   * Formats {@code dataDir} for a combined broker+controller node with a fresh cluster id.
   *
   * @throws BrokerStartException if the directory is already formatted: reformatting would
   *     orphan every record in it, so it is never done implicitly
   */
  public static String format(Path dataDir, int nodeId, String controllerListenerName) {
    return format(dataDir, nodeId, controllerListenerName, List.of());
  }

  /**
   * As {@link #format(Path, int, String)}, bootstrapping SCRAM credentials into the metadata as
   * {@code kafka-storage format --add-scram} does: with KRaft, the users must exist before the
   * first SASL login, since nobody could log in to create them.
   *
   * @param scramArguments {@code SCRAM-SHA-512=[name=…,password=…]} per user
   */
  public static String format(Path dataDir, int nodeId, String controllerListenerName, List<String> scramArguments) {
    if (isFormatted(dataDir)) {
      throw new BrokerStartException(
          "refusing to format " + dataDir + ": it already holds cluster "
              + clusterId(dataDir).orElse("?") + "; delete it to start over");
    }
    String clusterId = Uuid.randomUuid().toString();
    try {
      Files.createDirectories(dataDir);
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(nodeId)
          .setClusterId(clusterId)
          .setDirectories(List.of(dataDir.toString()))
          .setMetadataLogDirectory(dataDir.toString())
          .setControllerListenerName(controllerListenerName)
          .setScramArguments(scramArguments)
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .setIgnoreFormatted(false)
          .run();
    } catch (Exception e) {
      throw new BrokerStartException("cannot format " + dataDir + ": " + e.getMessage(), e);
    }
    return clusterId;
  }
}
