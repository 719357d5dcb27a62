package io.slidestream.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.kafka.clients.ClientBootstrap;
import io.slidestream.kafka.security.KafkaConnection;
import io.slidestream.kafka.security.KafkaSecurity;
import io.slidestream.kafka.security.Secret;
import io.slidestream.models.runtime.Dl4jRuntime;
import io.slidestream.service.client.JobFollower;
import io.slidestream.service.client.JobSubmitter;
import io.slidestream.service.fixtures.LogCapture;
import io.slidestream.service.fixtures.TestSlides;
import io.slidestream.service.fixtures.TinyModels;
import io.slidestream.service.records.JobRecord;
import io.slidestream.service.records.ServiceTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
  static SecuredBroker secured;
  static LogCapture log;
  static KafkaTestBed bed;

  @BeforeAll
  static void start() throws Exception {
    Dl4jRuntime.initialise();
    log = new LogCapture();
    secured = new SecuredBroker(dir, List.of("service", "submitter"), false, true);
    bed = secured.bed;
  }

  @AfterAll
  static void stop() {
    if (secured != null) {
      secured.close();
    }
    log.close();
  }

  @Test
  void aJobSubmittedOverSaslSslFinishesAndNoPasswordIsLogged() throws Exception {
    Path work = dir.resolve("secure");
    TinyModels.save(work.resolve("models"), "tiny", 2.0);
    Path slide = TestSlides.synthetic(work.resolve("slides"), "synthetic", 1024, 768, 5);
    ServiceTopics topics = KafkaTestBed.topics("secure");
    JobRecord job = JobRecord.of("job-secure", slide.toString(), "tiny");
    int before = log.events();

    try (SlidestreamService service = SlidestreamService.start(bed.config("secure", work, secured.configKeys("service")))) {
      assertThat(service.connection().security().protocol()).isEqualTo(KafkaSecurity.Protocol.SASL_SSL);
      KafkaConnection submitter = secured.connection("submitter");
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
    secured.allSecrets().forEach(secret -> assertThat(text).as("a password").doesNotContain(secret.reveal()));
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
        secured.stores.saslSsl("submitter", secured.passwords.get("submitter")));
    long t = System.nanoTime();
    assertThatThrownBy(() -> ClientBootstrap.checkReachable(noCertificate, Duration.ofSeconds(15)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("TLS handshake with " + bed.bootstrap() + " failed");
    assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void aWrongPasswordIsRefusedAsALoginFailure() {
    KafkaConnection wrong = new KafkaConnection(bed.bootstrap(),
        secured.stores.saslSsl("submitter", Secret.of("not-" + secured.passwords.get("submitter").reveal()),
            secured.certificates.get("submitter")));
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
