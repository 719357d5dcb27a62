package io.slidestream.kafka.security;

/**
 * A client's principal lacks an operation it needs. The message is the one line an operator
 * reads: the principal, the operation, the topic or group, and where the ACLs are listed.
 */
public class MissingPermissionException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public MissingPermissionException(String principal, RolePermission missing, KafkaRole role) {
    super(principal + " lacks " + missing.operation() + " on " + missing.resource() + ", which the " + role.cliName()
        + " role needs (README, \"Security\"; `slidestream acls --role " + role.cliName() + "` prints its ACLs)");
  }
}
