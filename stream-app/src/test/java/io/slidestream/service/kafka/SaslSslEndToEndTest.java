package io.slidestream.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.kafka.broker.BrokerSecurity;
import io.slidestream.kafka.security.KafkaConnection;
import io.slidestream.kafka.security.KafkaSecurity;
import io.slidestream.kafka.security.Secret;
import io.slidestream.kafka.security.TlsStores;
import io.slidestream.models.runtime.Dl4jRuntime;
import io.slidestream.service.fixtures.LogCapture;
import io.slidestream.service.fixtures.TestSlides;
import io.slidestream.service.fixtures.TinyModels;
import io.slidestream.service.records.JobRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and SCRAM end to end on the real broker: stores made by keytool, the embedded broker with a
 * SASL_SSL listener, SCRAM-SHA-512 users and client certificates required, the service and a
 * submitter logged in as their own users with their own certificates, a job that finishes; a
 * PLAINTEXT client, a wrong password and a client without a certificate refused, promptly; and no
 * password anywhere in the log of the run. (Server-verified TLS without client certificates is
 * what {@link LeastPrivilegeTest}'s broker speaks.)
 */
class SaslSslEndToEndTest {

  @TempDir static Path dir;
  static TlsStores stores;
  static Map<String, Secret> passwords = new LinkedHashMap<>();
  static Map<String, Path> passwordFiles = new LinkedHashMap<>();
  /** Each user's client certificate. */
  static Map<String, Path> certificates = new LinkedHashMap<>();
  static LogCapture log;
  static KafkaTestBed bed;

  @BeforeAll
  static void start() throws Exception {
    Dl4jRuntime.initialise();
    log = new LogCapture();
    stores = TlsStores.create(dir.resolve("tls"));
    for (String user : new String[] {"broker", "service", "submitter"}) {
      Secret pw = Secret.of(user + "-" + UUID.randomUUID());
      Path file = dir.resolve(user + ".password");
      Files.writeString(file, pw.reveal() + "\n", StandardCharsets.UTF_8);
      passwords.put(user, pw);
      passwordFiles.put(user, file);
      certificates.put(user, stores.clientKeystore(user));
    }
    BrokerSecurity security = new BrokerSecurity(stores.brokerKeystoreFile(), Optional.empty(),
        stores.truststoreFile(), passwords, "broker", false, true);
    bed = new KafkaTestBed(dir, security, stores.saslSsl("broker", passwords.get("broker"), certificates.get("broker")));
  }

  @AfterAll
  static void stop() {
    if (bed != null) {
      bed.close();
    }
    log.close();
  }

  /**
   * The keys that make the service a SASL_SSL client logged in as {@code user} with its
   * certificate, its secrets in files.
   */
  static Map<String, Object> securityKeys(String user) {
    return Map.of(
        "slidestream.kafka.security.protocol", "SASL_SSL",
        "slidestream.kafka.security.truststore.path", stores.truststore().toString(),
        "slidestream.kafka.security.truststore.password-file", stores.storePasswordFile().toString(),
        "slidestream.kafka.security.keystore.path", certificates.get(user).toString(),
        "slidestream.kafka.security.keystore.password-file", stores.storePasswordFile().toString(),
        "slidestream.kafka.security.sasl.username", user,
        "slidestream.kafka.security.sasl.password-file", passwordFiles.get(user).toString());
  }

  @Test
  void aJobSubmittedOverSaslSslFinishesAndNoPasswordIsLogged() throws Exception {
    Path work = dir.resolve("secure");
    TinyModels.save(work.resolve("models"), "tiny", 2.0);
    Path slide = TestSlides.synthetic(work.resolve("slides"), "synthetic", 1024, 768, 5);
    ServiceTopics topics = KafkaTestBed.topics("secure");
    JobRecord job = JobRecord.of("job-secure", slide.toString(), "tiny");
    int before = log.events();

    try (SlidestreamService service = SlidestreamService.start(bed.config("secure", work, securityKeys("service")))) {
      assertThat(service.connection().security().protocol()).isEqualTo(KafkaSecurity.Protocol.SASL_SSL);
      KafkaConnection submitter = new KafkaConnection(bed.bootstrap(),
          stores.saslSsl("submitter", passwords.get("submitter"), certificates.get("submitter")));
      ClientBootstrap.checkReachable(submitter, Duration.ofSeconds(15));
      try (JobFollower follower = JobFollower.open(submitter, topics);
           JobSubmitter jobs = new JobSubmitter(submitter, topics.jobs())) {
        jobs.submit(job);
        JobFollower.Result result = follower.follow(job.jobId(), Duration.ofSeconds(120), e -> {});
        assertThat(result).isInstanceOf(JobFollower.Result.Finished.class);
        assertThat(((JobFollower.Result.Finished) result).mask().tileCount()).isPositive();
      }
    }

    String text = log.text();
    assertThat(log.events()).as("the run logged (brokers and clients at INFO)").isGreaterThan(before + 10);
    assertThat(text).as("the clients' configuration dumps are in the log").contains("sasl.jaas.config");
    passwords.forEach((user, pw) -> assertThat(text).as("password of " + user).doesNotContain(pw.reveal()));
    assertThat(text).as("store password").doesNotContain(stores.storePassword().reveal());
  }

  @Test
  void aPlaintextClientIsRefusedWithinItsTimeout() {
    long t = System.nanoTime();
    assertThatThrownBy(() -> ClientBootstrap.checkReachable(KafkaConnection.plaintext(bed.bootstrap()),
        Duration.ofSeconds(5)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(bed.bootstrap());
    assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void aClientWithoutACertificateIsRefusedInTheHandshake() {
    KafkaConnection noCertificate = new KafkaConnection(bed.bootstrap(),
        stores.saslSsl("submitter", passwords.get("submitter")));
    long t = System.nanoTime();
    assertThatThrownBy(() -> ClientBootstrap.checkReachable(noCertificate, Duration.ofSeconds(15)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("TLS handshake with " + bed.bootstrap() + " failed");
    assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void aWrongPasswordIsRefusedAsALoginFailure() {
    KafkaConnection wrong = new KafkaConnection(bed.bootstrap(),
        stores.saslSsl("submitter", Secret.of("not-" + passwords.get("submitter").reveal()), certificates.get("submitter")));
    long t = System.nanoTime();
    assertThatThrownBy(() -> ClientBootstrap.checkReachable(wrong, Duration.ofSeconds(15)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("refused the login of submitter");
    assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(15));
    assertThatThrownBy(() -> {
      try (JobSubmitter s = new JobSubmitter(wrong, KafkaTestBed.topics("secure").jobs())) {
        s.submit(JobRecord.of("job-wrong-password", "/nowhere.svs", "tiny"));
      }
    }).isInstanceOf(IllegalStateException.class).hasMessageContaining("Authentication failed");
  }
}
