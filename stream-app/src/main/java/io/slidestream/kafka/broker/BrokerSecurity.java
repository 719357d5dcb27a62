package io.slidestream.kafka.broker;

import com.typesafe.config.Config;
import io.slidestream.kafka.security.Secret;
import io.slidestream.kafka.security.StoreFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The embedded broker's security for small labs and tests ({@code slidestream.embedded-broker.security}):
 * its client listener speaks SASL_SSL with SCRAM-SHA-512, its users are created when the data
 * directory is formatted, and its controller listener (loopback) speaks TLS with client
 * certificates required, so only a holder of the broker's own key can talk to it.
 *
 * @param keystore    the broker's key and certificate (its host name or 127.0.0.1 in the SAN)
 * @param keyPassword the key's password when it differs from the store's
 * @param truststore  the CA that signed the broker's certificate (the controller link verifies it)
 * @param users       SCRAM-SHA-512 users by name, created at format time
 * @param brokerUser  the user the broker logs in as on its own listener; a super user
 * @param authorizer  whether KRaft's StandardAuthorizer checks ACLs (nothing allowed without one)
 * @param clientCertificates whether the client listener also requires a certificate signed by a
 *                    CA in {@code truststore} from every client, on top of its SCRAM login
 */
public record BrokerSecurity(StoreFile keystore, Optional<Secret> keyPassword, StoreFile truststore,
    Map<String, Secret> users, String brokerUser, boolean authorizer, boolean clientCertificates) {

  public static final String MECHANISM = "SCRAM-SHA-512";

  public BrokerSecurity {
    Objects.requireNonNull(keystore, "keystore");
    Objects.requireNonNull(keyPassword, "keyPassword");
    Objects.requireNonNull(truststore, "truststore");
    Objects.requireNonNull(brokerUser, "brokerUser");
    users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
    if (!users.containsKey(brokerUser)) {
      throw new IllegalArgumentException("slidestream.embedded-broker.security.users must include the broker user "
          + brokerUser);
    }
    users.forEach((name, password) -> {
      // The storage formatter's --add-scram syntax splits on these; a password holding one would
      // be cut, and the user could never log in.
      if (!name.matches("[A-Za-z0-9._-]+")) {
        throw new IllegalArgumentException("embedded broker user name " + name + " must be letters, digits, . _ -");
      }
      if (password.reveal().matches(".*[,\"\\[\\]\\s].*")) {
        throw new IllegalArgumentException("the password of embedded broker user " + name
            + " must not contain commas, quotes, brackets or white space");
      }
    });
  }

  /** Reads {@code slidestream.embedded-broker.security}; empty when {@code enabled} is false. */
  public static Optional<BrokerSecurity> fromConfig(Config section) {
    if (!section.getBoolean("enabled")) {
      return Optional.empty();
    }
    String where = "slidestream.embedded-broker.security";
    StoreFile keystore = StoreFile.fromConfig(section.getConfig("keystore"), where + ".keystore")
        .orElseThrow(() -> new IllegalArgumentException(where + ".keystore.path is required"));
    StoreFile truststore = StoreFile.fromConfig(section.getConfig("truststore"), where + ".truststore")
        .orElseThrow(() -> new IllegalArgumentException(where + ".truststore.path is required"));
    Map<String, Secret> users = new LinkedHashMap<>();
    for (Config u : section.getConfigList("users")) {
      String name = u.getString("name");
      users.put(name, Secret.read(u, "password", where + ".users." + name).orElseThrow(() ->
          new IllegalArgumentException(where + ".users." + name + " needs password-file or password-env")));
    }
    return Optional.of(new BrokerSecurity(keystore,
        Secret.read(section.getConfig("keystore"), "key-password", where + ".keystore"), truststore, users,
        section.getString("broker-user"), section.getBoolean("authorizer"), section.getBoolean("client-certificates")));
  }

  /** The storage tool's {@code --add-scram} arguments that create every user. */
  List<String> scramArguments() {
    List<String> out = new ArrayList<>();
    users.forEach((name, password) -> out.add(MECHANISM + "=[name=" + name + ",password=" + password.reveal() + "]"));
    return out;
  }

  /**
   * The principal the controller listener sees for the broker's own certificate, as Kafka's
   * default principal builder names it (the subject's RFC 2253 name).
   */
  String certificatePrincipal() {
    try (InputStream in = Files.newInputStream(keystore.path())) {
      KeyStore ks = KeyStore.getInstance(keystore.type());
      ks.load(in, keystore.password().map(s -> s.reveal().toCharArray()).orElse(null));
      for (String alias : Collections.list(ks.aliases())) {
        if (ks.isKeyEntry(alias) && ks.getCertificate(alias) instanceof X509Certificate cert) {
          return "User:" + cert.getSubjectX500Principal().getName();
        }
      }
      throw new BrokerStartException("the embedded broker's key store " + keystore.path() + " holds no key");
    } catch (IOException | GeneralSecurityException e) {
      throw new BrokerStartException("cannot read the embedded broker's key store " + keystore.path() + ": "
          + e.getMessage(), e);
    }
  }
}
