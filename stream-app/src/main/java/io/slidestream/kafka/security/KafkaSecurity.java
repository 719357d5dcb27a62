package io.slidestream.kafka.security;

import com.typesafe.config.Config;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * How every Kafka client of the project authenticates to the brokers and verifies them:
 * {@code slidestream.kafka.security}. {@link #applyTo} is the one place that turns it into client
 * properties; every producer, consumer and admin client of the project goes through it (by way
 * of {@link KafkaConnection}). Passwords are {@link Secret}s, so {@link #toString} shows none.
 *
 * @param protocol    how the client listener is spoken to
 * @param truststore  the CA certificates that verify the brokers; empty: the JDK's own
 * @param keystore    a client certificate, when the brokers ask for one
 * @param keyPassword the password of the key in {@code keystore}, when it differs from the store's
 * @param sasl        the SASL login, for the SASL protocols
 */
public record KafkaSecurity(Protocol protocol, Optional<StoreFile> truststore, Optional<StoreFile> keystore,
    Optional<Secret> keyPassword, Optional<SaslLogin> sasl) {

  /** Kafka's security protocols that the project speaks. */
  public enum Protocol {
    PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL;

    boolean tls() {
      return this == SSL || this == SASL_SSL;
    }

    boolean sasl() {
      return this == SASL_PLAINTEXT || this == SASL_SSL;
    }
  }

  /**
   * A SASL login.
   *
   * @param mechanism SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN
   * @param username  the principal's name
   * @param password  its password
   */
  public record SaslLogin(String mechanism, String username, Secret password) {

    public SaslLogin {
      Objects.requireNonNull(mechanism, "mechanism");
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
      if (!mechanism.equals("SCRAM-SHA-512") && !mechanism.equals("SCRAM-SHA-256") && !mechanism.equals("PLAIN")) {
        throw new IllegalArgumentException(
            "slidestream.kafka.security.sasl.mechanism must be SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN, got " + mechanism);
      }
      if (username.isBlank()) {
        throw new IllegalArgumentException("slidestream.kafka.security.sasl.username must not be empty");
      }
    }

    /** The JAAS line of the login module, the password quoted as JAAS's tokenizer reads it. */
    String jaasConfig() {
      String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
          : "org.apache.kafka.common.security.scram.ScramLoginModule";
      return module + " required username=" + quoted(username) + " password=" + quoted(password.reveal()) + ";";
    }

    private static String quoted(String s) {
      return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
  }

  /** No TLS, no authentication: the embedded broker on loopback, as {@code slidestream demo} runs it. */
  public static final KafkaSecurity PLAINTEXT =
      new KafkaSecurity(Protocol.PLAINTEXT, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  public KafkaSecurity {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(truststore, "truststore");
    Objects.requireNonNull(keystore, "keystore");
    Objects.requireNonNull(keyPassword, "keyPassword");
    Objects.requireNonNull(sasl, "sasl");
    if (protocol.sasl() && sasl.isEmpty()) {
      throw new IllegalArgumentException("slidestream.kafka.security.protocol " + protocol
          + " needs slidestream.kafka.security.sasl.username and its password-file or password-env");
    }
    if (!protocol.sasl() && sasl.isPresent()) {
      throw new IllegalArgumentException("slidestream.kafka.security.sasl is set but protocol " + protocol
          + " does not use SASL: set protocol = SASL_SSL");
    }
    // PLAIN sends the password itself; without TLS anyone on the path reads it.
    if (sasl.map(s -> s.mechanism().equals("PLAIN")).orElse(false) && !protocol.tls()) {
      throw new IllegalArgumentException("SASL mechanism PLAIN sends the password in clear: it needs protocol SASL_SSL");
    }
    if (!protocol.tls() && (truststore.isPresent() || keystore.isPresent())) {
      throw new IllegalArgumentException("slidestream.kafka.security has a trust store or key store but protocol "
          + protocol + " does not use TLS: set protocol = SSL or SASL_SSL");
    }
  }

  /** Reads {@code slidestream.kafka.security}. */
  public static KafkaSecurity fromConfig(Config security) {
    String where = "slidestream.kafka.security";
    Protocol protocol;
    try {
      protocol = Protocol.valueOf(security.getString("protocol").trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ".protocol must be PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL, got "
          + security.getString("protocol"));
    }
    Config s = security.getConfig("sasl");
    String username = s.getString("username").trim();
    Optional<SaslLogin> sasl = Optional.empty();
    if (protocol.sasl()) {
      Secret password = Secret.read(s, "password", where + ".sasl").orElseThrow(() -> new IllegalArgumentException(
          where + ".sasl needs password-file or password-env for protocol " + protocol));
      sasl = Optional.of(new SaslLogin(s.getString("mechanism").trim(), username, password));
    }
    Config k = security.getConfig("keystore");
    return new KafkaSecurity(protocol,
        protocol.tls() ? StoreFile.fromConfig(security.getConfig("truststore"), where + ".truststore") : Optional.empty(),
        protocol.tls() ? StoreFile.fromConfig(k, where + ".keystore") : Optional.empty(),
        protocol.tls() ? Secret.read(k, "key-password", where + ".keystore") : Optional.empty(),
        sasl);
  }

  /** The same with another SASL login (a second principal of one deployment, e.g. in tests). */
  public KafkaSecurity withSasl(SaslLogin login) {
    return new KafkaSecurity(protocol, truststore, keystore, keyPassword, Optional.of(login));
  }

  /** The principal's name this client authenticates as, when it does by SASL. */
  public Optional<String> username() {
    return sasl.map(SaslLogin::username);
  }

  /** The principal the brokers see, as ACLs name it, where this client can know it. */
  public String principal() {
    return sasl.map(s -> "User:" + s.username()).orElse(protocol == Protocol.PLAINTEXT ? "User:ANONYMOUS"
        : "this client's certificate principal");
  }

  /** Puts the security properties into a client's properties, over whatever they held for these keys. */
  public <M extends Map<String, ? super String>> M applyTo(M props) {
    props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol.name());
    truststore.ifPresent(t -> {
      props.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, t.path().toString());
      props.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, t.type());
      t.password().ifPresent(p -> props.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, p.reveal()));
    });
    keystore.ifPresent(k -> {
      props.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, k.path().toString());
      props.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, k.type());
      k.password().ifPresent(p -> props.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, p.reveal()));
      keyPassword.or(k::password).ifPresent(p -> props.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, p.reveal()));
    });
    sasl.ifPresent(s -> {
      props.put(SaslConfigs.SASL_MECHANISM, s.mechanism());
      props.put(SaslConfigs.SASL_JAAS_CONFIG, s.jaasConfig());
    });
    return props;
  }

  /** The security properties alone. */
  public Map<String, String> clientProperties() {
    return applyTo(new TreeMap<>());
  }
}
