package io.slidestream.service.kafka;

import io.slidestream.service.jobs.RejectionReason;

/**
 * What the consumer graph tells whoever watches it (the service's metrics) about the records of
 * the jobs topic, from the graph's and the producer's threads: each call must be quick and must not
 * throw. Durations are in nanoseconds. {@link #NONE} hears nothing and costs nothing.
 */
public interface JobListener {

  JobListener NONE = new JobListener() {};

  /** A record was decoded and validated (accepted or refused). */
  default void validated(long nanos) {}

  /** A record was refused before any work; its dead letter follows. */
  default void refused(RejectionReason reason) {}

  /** A job was accepted and is starting; {@code queuedMillis} it waited in the topic, or -1 if unknown. */
  default void accepted(long queuedMillis) {}

  /** An accepted job's outputs are all acknowledged, {@code nanos} after it was accepted. */
  default void finished(long nanos) {}

  /** An accepted job failed while it ran, {@code nanos} after it was accepted; its dead letter follows. */
  default void failed(RejectionReason reason, long nanos) {}

  /** An accepted job was abandoned by a shutdown; it runs again after the restart. */
  default void abandoned() {}

  /** A dead letter was acknowledged by the broker. */
  default void deadLetter(RejectionReason reason) {}

  /** A record the service published was acknowledged, {@code nanos} after it was sent. */
  default void published(long nanos) {}

  /**
   * A job that was done waited {@code nanos} for the jobs before it in its arrival order, before its
   * offset could go to the committer (0 when none was still running).
   */
  default void commitWaited(long nanos) {}
}
