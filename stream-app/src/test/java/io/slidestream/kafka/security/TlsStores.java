package io.slidestream.kafka.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A test CA and the stores a TLS broker and its clients need, made by the JDK's {@code keytool}
 * as an operator would: the CA, the broker's key store (its certificate signed by the CA, SAN
 * 127.0.0.1 and localhost, good for server and client authentication) and a trust store with the
 * CA. Store passwords are random and written to files, as the configuration takes them.
 *
 * @param brokerKeystore the broker's key store, PKCS12
 * @param truststore     the CA's certificate, PKCS12
 * @param ca             the CA's own key store, which signs client certificates ({@link #clientKeystore})
 * @param storePassword  the password of every store
 * @param storePasswordFile the file holding it
 */
public record TlsStores(Path brokerKeystore, Path truststore, Path ca, Secret storePassword, Path storePasswordFile) {

  public static final String BROKER_DN = "CN=localhost,OU=slidestream-test-broker";

  public static TlsStores create(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    String pw = "store-" + UUID.randomUUID();
    Path ca = dir.resolve("ca.p12");
    Path broker = dir.resolve("broker.p12");
    Path trust = dir.resolve("truststore.p12");
    keytool(dir, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=slidestream-test-ca", "-ext", "bc:c", "-validity", "2",
        "-keystore", ca.toString(), "-storetype", "PKCS12", "-storepass", pw, "-keypass", pw);
    keytool(dir, "-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", BROKER_DN, "-validity", "2",
        "-keystore", broker.toString(), "-storetype", "PKCS12", "-storepass", pw, "-keypass", pw);
    keytool(dir, "-certreq", "-alias", "broker", "-keystore", broker.toString(), "-storepass", pw,
        "-file", dir.resolve("broker.csr").toString());
    keytool(dir, "-gencert", "-alias", "ca", "-keystore", ca.toString(), "-storepass", pw,
        "-infile", dir.resolve("broker.csr").toString(), "-outfile", dir.resolve("broker.crt").toString(),
        "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-ext", "EKU=serverAuth,clientAuth", "-validity", "2", "-rfc");
    keytool(dir, "-exportcert", "-alias", "ca", "-keystore", ca.toString(), "-storepass", pw, "-rfc",
        "-file", dir.resolve("ca.crt").toString());
    keytool(dir, "-importcert", "-alias", "ca", "-file", dir.resolve("ca.crt").toString(), "-noprompt",
        "-keystore", broker.toString(), "-storepass", pw);
    keytool(dir, "-importcert", "-alias", "broker", "-file", dir.resolve("broker.crt").toString(),
        "-keystore", broker.toString(), "-storepass", pw);
    keytool(dir, "-importcert", "-alias", "ca", "-file", dir.resolve("ca.crt").toString(), "-noprompt",
        "-keystore", trust.toString(), "-storetype", "PKCS12", "-storepass", pw);
    Path pwFile = dir.resolve("store.password");
    Files.writeString(pwFile, pw + "\n", StandardCharsets.UTF_8);
    return new TlsStores(broker, trust, ca, Secret.of(pw), pwFile);
  }

  /**
   * A client's key store: its own key, and a certificate for {@code CN=<name>} signed by the CA,
   * good for client authentication only, as a lab's PKI would issue it.
   */
  public Path clientKeystore(String name) throws IOException, InterruptedException {
    Path dir = ca.getParent();
    Path store = dir.resolve("client-" + name + ".p12");
    String pw = storePassword.reveal();
    keytool(dir, "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=" + name + ",OU=slidestream-test-client", "-validity", "2",
        "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", pw, "-keypass", pw);
    keytool(dir, "-certreq", "-alias", name, "-keystore", store.toString(), "-storepass", pw,
        "-file", dir.resolve("client-" + name + ".csr").toString());
    keytool(dir, "-gencert", "-alias", "ca", "-keystore", ca.toString(), "-storepass", pw,
        "-infile", dir.resolve("client-" + name + ".csr").toString(), "-outfile", dir.resolve("client-" + name + ".crt").toString(),
        "-ext", "EKU=clientAuth", "-validity", "2", "-rfc");
    keytool(dir, "-importcert", "-alias", "ca", "-file", dir.resolve("ca.crt").toString(), "-noprompt",
        "-keystore", store.toString(), "-storepass", pw);
    keytool(dir, "-importcert", "-alias", name, "-file", dir.resolve("client-" + name + ".crt").toString(),
        "-keystore", store.toString(), "-storepass", pw);
    return store;
  }

  public StoreFile brokerKeystoreFile() {
    return new StoreFile(brokerKeystore, "PKCS12", Optional.of(storePassword));
  }

  public StoreFile truststoreFile() {
    return new StoreFile(truststore, "PKCS12", Optional.of(storePassword));
  }

  /** SASL_SSL with this trust store and a SCRAM-SHA-512 login. */
  public KafkaSecurity saslSsl(String user, Secret password) {
    return saslSsl(user, password, null);
  }

  /** SASL_SSL as {@link #saslSsl(String, Secret)}, presenting the certificate in {@code keystore} (null: none). */
  public KafkaSecurity saslSsl(String user, Secret password, Path keystore) {
    return new KafkaSecurity(KafkaSecurity.Protocol.SASL_SSL, Optional.of(truststoreFile()),
        Optional.ofNullable(keystore).map(k -> new StoreFile(k, "PKCS12", Optional.of(storePassword))),
        Optional.empty(), Optional.of(new KafkaSecurity.SaslLogin("SCRAM-SHA-512", user, password)));
  }

  private static void keytool(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool " + args[0] + " failed: " + out);
    }
  }
}
