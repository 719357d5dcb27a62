package io.slidestream.service.kafka;

import io.slidestream.kafka.broker.BrokerSecurity;
import io.slidestream.kafka.security.KafkaConnection;
import io.slidestream.kafka.security.KafkaSecurity;
import io.slidestream.kafka.security.Secret;
import io.slidestream.kafka.security.TlsStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The embedded broker as a lab would secure it, for the security tests: TLS stores made by
 * keytool, a SASL_SSL listener with SCRAM-SHA-512 users whose random passwords sit in files (as
 * the configuration takes them), optionally the authorizer and client certificates; the bed's own
 * clients log in as {@value #BROKER_USER}, a super user.
 */
final class SecuredBroker implements AutoCloseable {

  static final String BROKER_USER = "broker";

  final TlsStores stores;
  final Map<String, Secret> passwords = new LinkedHashMap<>();
  final Map<String, Path> passwordFiles = new LinkedHashMap<>();
  /** Each user's client certificate; empty unless the broker requires them. */
  final Map<String, Path> certificates = new LinkedHashMap<>();
  final KafkaTestBed bed;

  /**
   * @param users              the SCRAM users besides {@value #BROKER_USER}
   * @param authorizer         KRaft's StandardAuthorizer: nothing allowed without an ACL
   * @param clientCertificates the client listener requires a certificate of every client
   */
  SecuredBroker(Path dir, List<String> users, boolean authorizer, boolean clientCertificates) throws Exception {
    stores = TlsStores.create(dir.resolve("tls"));
    for (String user : concat(BROKER_USER, users)) {
      Secret pw = Secret.of(user + "-" + UUID.randomUUID());
      Path file = dir.resolve(user + ".password");
      Files.writeString(file, pw.reveal() + "\n", StandardCharsets.UTF_8);
      passwords.put(user, pw);
      passwordFiles.put(user, file);
      if (clientCertificates) {
        certificates.put(user, stores.clientKeystore(user));
      }
    }
    BrokerSecurity security = new BrokerSecurity(stores.brokerKeystoreFile(), Optional.empty(),
        stores.truststoreFile(), passwords, BROKER_USER, authorizer, clientCertificates);
    bed = new KafkaTestBed(dir, security, client(BROKER_USER));
  }

  /** How {@code user} connects: SASL_SSL, its SCRAM login, its certificate when the broker requires one. */
  KafkaSecurity client(String user) {
    return stores.saslSsl(user, passwords.get(user), certificates.get(user));
  }

  KafkaConnection connection(String user) {
    return new KafkaConnection(bed.bootstrap(), client(user));
  }

  /** The configuration keys that make a service or command {@code user}, its secrets in files. */
  Map<String, Object> configKeys(String user) {
    Map<String, Object> m = new HashMap<>(Map.of(
        "slidestream.kafka.security.protocol", "SASL_SSL",
        "slidestream.kafka.security.truststore.path", stores.truststore().toString(),
        "slidestream.kafka.security.truststore.password-file", stores.storePasswordFile().toString(),
        "slidestream.kafka.security.sasl.username", user,
        "slidestream.kafka.security.sasl.password-file", passwordFiles.get(user).toString()));
    if (certificates.containsKey(user)) {
      m.put("slidestream.kafka.security.keystore.path", certificates.get(user).toString());
      m.put("slidestream.kafka.security.keystore.password-file", stores.storePasswordFile().toString());
    }
    return m;
  }

  /** Every credential of the run, to look for where none may be. */
  List<Secret> allSecrets() {
    List<Secret> all = new java.util.ArrayList<>(passwords.values());
    all.add(stores.storePassword());
    return all;
  }

  private static List<String> concat(String first, List<String> rest) {
    List<String> all = new java.util.ArrayList<>(List.of(first));
    all.addAll(rest);
    return all;
  }

  @Override
  public void close() {
    bed.close();
  }
}
