package io.slidestream.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AclsAndConfigCommandTest {

  @Test
  void aclsPrintsExactlyTheServiceRolesKafkaAclsCommands() {
    StringWriter out = new StringWriter();
    CommandLine cl = SlidestreamCommand.commandLine();
    cl.setOut(new PrintWriter(out));
    int code = cl.execute("acls", "--role", "service", "--principal", "User:svc");
    assertThat(code).isZero();
    String text = out.toString();
    assertThat(text.lines().filter(l -> l.startsWith("kafka-acls.sh"))).hasSize(7);
    assertThat(text)
        .contains("--allow-principal User:svc --operation Read --topic slidestream.jobs")
        .contains("--operation Read --group slidestream")
        .contains("--operation Write --topic slidestream.events")
        .contains("--operation Write --topic slidestream.status")
        .doesNotContain("--operation Write --topic slidestream.jobs");
  }

  @Test
  void theDashboardRoleReadsTheOutputsAndStatusAndDescribesTheGroupButWritesNothing() {
    StringWriter out = new StringWriter();
    CommandLine cl = SlidestreamCommand.commandLine();
    cl.setOut(new PrintWriter(out));
    assertThat(cl.execute("acls", "--role", "dashboard", "--principal", "User:dash")).isZero();
    String text = out.toString();
    assertThat(text.lines().filter(l -> l.startsWith("kafka-acls.sh"))).hasSize(7);
    for (String topic : new String[] {"events", "masks", "dead-letters", "training", "status"}) {
      assertThat(text).contains("--allow-principal User:dash --operation Read --topic slidestream." + topic);
    }
    assertThat(text).contains("--operation Describe --topic slidestream.jobs")
        .contains("--operation Describe --group slidestream")
        .doesNotContain("--operation Write").doesNotContain("--operation Read --topic slidestream.jobs")
        .doesNotContain("slidestream.tiles");
  }

  @Test
  void aclsRefusesAnUnknownRoleWithOneLine() {
    StringWriter err = new StringWriter();
    CommandLine cl = SlidestreamCommand.commandLine();
    cl.setErr(new PrintWriter(err));
    assertThat(cl.execute("acls", "--role", "root", "--principal", "User:x")).isEqualTo(ErrorReporter.EXIT_USAGE);
    assertThat(err.toString().strip()).startsWith("slidestream acls: unknown role root").doesNotContain("\n");
  }

  @Test
  void theConfigDumpHidesCredentialsInFreeFormPropertiesButNotFileOrVariableNames() {
    Config c = ConfigFactory.parseMap(Map.of(
        "kafka.producer.kafka-clients.\"sasl.jaas.config\"", "ScramLoginModule required password=\"hunter2\";",
        "embedded-broker.overrides.\"ssl.keystore.password\"", "hunter3",
        "kafka.security.sasl.password-file", "/etc/slidestream/pw"));
    String rendered = ConfigCommand.masked(c).root().render();
    assertThat(rendered).doesNotContain("hunter2").doesNotContain("hunter3").contains("/etc/slidestream/pw")
        .contains("[hidden]");
  }
}
