package io.slidestream.app.cli;

import com.typesafe.config.Config;
import io.slidestream.config.SlidestreamConfig;
import io.slidestream.kafka.security.KafkaRole;
import io.slidestream.kafka.security.RolePermission;
import io.slidestream.kafka.topics.TopicCatalog;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code slidestream acls --role service --principal User:svc}: prints the kafka-acls commands that
 * grant a role exactly what it needs, for the configured topic names and group. It changes nothing:
 * an administrator reviews and runs them.
 */
@Command(name = "acls", mixinStandardHelpOptions = true,
    description = "Print the kafka-acls commands that grant a role (service, submitter, hem-trainer, hem-worker,"
        + " dashboard) exactly what it needs on the configured topics.")
final class AclsCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--role", required = true, paramLabel = "ROLE", description = "service, submitter, hem-trainer,"
      + " hem-worker or dashboard.")
  String role;

  @Option(names = "--principal", required = true, paramLabel = "User:NAME", description = "The principal to grant.")
  String principal;

  @Override
  public Integer call() {
    KafkaRole r;
    try {
      r = KafkaRole.named(role);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown role " + role + ": service, submitter, hem-trainer, hem-worker or"
          + " dashboard");
    }
    if (!principal.startsWith("User:")) {
      throw new IllegalArgumentException("--principal must be User:NAME, got " + principal);
    }
    Config config = SlidestreamConfig.load();
    TopicCatalog topics = TopicCatalog.fromConfig(config.getConfig("slidestream.topics"));
    PrintWriter out = spec.commandLine().getOut();
    out.println("# ACLs of the " + r.cliName() + " role for " + principal);
    for (RolePermission p : r.permissions(topics, config.getString("slidestream.kafka.consumer.group-id"))) {
      out.println(p.kafkaAclsCommand(principal));
    }
    out.flush();
    return 0;
  }
}
