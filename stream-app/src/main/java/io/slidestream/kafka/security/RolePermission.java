package io.slidestream.kafka.security;

import java.util.Locale;
import java.util.Objects;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * One thing a role must be allowed: an operation on a topic or consumer group (literal name).
 *
 * @param type      TOPIC or GROUP
 * @param name      the topic's or group's name
 * @param operation READ, WRITE, CREATE, …
 */
public record RolePermission(ResourceType type, String name, AclOperation operation) {

  public RolePermission {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(operation, "operation");
  }

  /** The ACL that grants it to {@code principal} ({@code User:name}) from any host. */
  public AclBinding binding(String principal) {
    return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
        new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
  }

  /** The same as a {@code kafka-acls.sh} command line. */
  public String kafkaAclsCommand(String principal) {
    return "kafka-acls.sh --bootstrap-server \"$BROKERS\" --command-config admin.properties --add"
        + " --allow-principal " + principal + " --operation " + pascal(operation.name())
        + (type == ResourceType.TOPIC ? " --topic " : " --group ") + name;
  }

  /** "topic x.events" */
  public String resource() {
    return type.name().toLowerCase(Locale.ROOT) + " " + name;
  }

  private static String pascal(String upper) {
    StringBuilder b = new StringBuilder();
    for (String part : upper.split("_")) {
      b.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
    }
    return b.toString();
  }
}
