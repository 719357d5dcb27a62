package io.slidestream.kafka.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.slidestream.config.SlidestreamConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSecurityTest {

  @TempDir Path dir;

  private Config security(Map<String, Object> keys) {
    return ConfigFactory.parseMap(keys).withFallback(SlidestreamConfig.load()).resolve()
        .getConfig("slidestream.kafka.security");
  }

  @Test
  void theDefaultIsPlaintextWithNoSecurityProperties() {
    KafkaSecurity s = KafkaSecurity.fromConfig(security(Map.of()));
    assertThat(s).isEqualTo(KafkaSecurity.PLAINTEXT);
    assertThat(s.clientProperties()).containsExactly(Map.entry("security.protocol", "PLAINTEXT"));
  }

  @Test
  void saslSslReadsThePasswordFromItsFileAndShowsItOnlyToTheClient() throws Exception {
    Path pw = Files.writeString(dir.resolve("pw"), "s3cr\"et\\x\n");
    Path trust = Files.writeString(dir.resolve("trust.p12"), "not read here");
    KafkaSecurity s = KafkaSecurity.fromConfig(security(Map.of(
        "slidestream.kafka.security.protocol", "sasl_ssl",
        "slidestream.kafka.security.truststore.path", trust.toString(),
        "slidestream.kafka.security.sasl.username", "svc",
        "slidestream.kafka.security.sasl.password-file", pw.toString())));
    assertThat(s.toString()).doesNotContain("s3cr").contains("[hidden]");
    assertThat(s.principal()).isEqualTo("User:svc");
    assertThat(s.clientProperties())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("ssl.truststore.location", trust.toString())
        .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"svc\" password=\"s3cr\\\"et\\\\x\";");
  }

  @Test
  void aPasswordGivenAsAValueIsRefused() {
    assertThatThrownBy(() -> KafkaSecurity.fromConfig(security(Map.of(
        "slidestream.kafka.security.protocol", "SASL_SSL",
        "slidestream.kafka.security.sasl.username", "svc",
        "slidestream.kafka.security.sasl.password", "on-the-command-line"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("password-file")
        .hasMessageNotContaining("on-the-command-line");
  }

  @Test
  void plainWithoutTlsIsRefused() {
    assertThatThrownBy(() -> new KafkaSecurity(KafkaSecurity.Protocol.SASL_PLAINTEXT, java.util.Optional.empty(),
        java.util.Optional.empty(), java.util.Optional.empty(),
        java.util.Optional.of(new KafkaSecurity.SaslLogin("PLAIN", "u", Secret.of("p")))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PLAIN");
  }

  @Test
  void anUnsetPasswordVariableIsNamedNotGuessed() {
    assertThatThrownBy(() -> KafkaSecurity.fromConfig(security(Map.of(
        "slidestream.kafka.security.protocol", "SASL_SSL",
        "slidestream.kafka.security.sasl.username", "svc",
        "slidestream.kafka.security.sasl.password-env", "SLIDESTREAM_TEST_NO_SUCH_VARIABLE"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SLIDESTREAM_TEST_NO_SUCH_VARIABLE");
  }
}
