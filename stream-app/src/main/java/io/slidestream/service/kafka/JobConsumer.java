package io.slidestream.service.kafka;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.kafka.CommitterSettings;
import org.apache.pekko.kafka.ConsumerMessage;
import org.apache.pekko.kafka.ConsumerSettings;
import org.apache.pekko.kafka.Subscriptions;
import org.apache.pekko.kafka.javadsl.Committer;
import org.apache.pekko.kafka.javadsl.Consumer;
import org.apache.pekko.kafka.javadsl.PartitionAssignmentHandler;
import org.apache.pekko.stream.ActorAttributes;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.Supervision;
import org.apache.pekko.stream.javadsl.Sink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running consumer graph: committable source of the jobs topic → {@link JobFlow} → committer.
 * Shut it down with {@link #drainAndShutdown}: it stops taking jobs, lets those in flight finish
 * for a while, abandons the rest, commits what finished and closes the consumer.
 */
public final class JobConsumer {

  private static final Logger LOG = LoggerFactory.getLogger(JobConsumer.class);

  private final Consumer.DrainingControl<Done> control;
  private final SharedKillSwitch abandon;
  private final ActorSystem system;

  private JobConsumer(Consumer.DrainingControl<Done> control, SharedKillSwitch abandon, ActorSystem system) {
    this.control = control;
    this.abandon = abandon;
    this.system = system;
  }

  /**
   * Starts consuming {@code topic}.
   *
   * @param abandon    the kill switch that {@code processor} runs its jobs through
   * @param assignment told of every partition the consumer gets or loses (the status record's)
   */
  public static JobConsumer start(ConsumerSettings<String, byte[]> settings, String topic, JobProcessor processor,
      int slidesInFlight, CommitterSettings committer, SharedKillSwitch abandon, ActorSystem system) {
    return start(settings, topic, processor, slidesInFlight, committer, abandon, system, new ConsumerState(),
        JobListener.NONE);
  }

  /**
   * As {@link #start(ConsumerSettings, String, JobProcessor, int, CommitterSettings, SharedKillSwitch, ActorSystem)},
   * keeping {@code state} up to date with the group's assignments and the jobs not yet committed,
   * and telling {@code listener} how long done jobs waited for those before them.
   */
  public static JobConsumer start(ConsumerSettings<String, byte[]> settings, String topic, JobProcessor processor,
      int slidesInFlight, CommitterSettings committer, SharedKillSwitch abandon, ActorSystem system,
      ConsumerState state, JobListener listener) {
    Consumer.DrainingControl<Done> control = Consumer.committableSource(settings,
            Subscriptions.topics(topic).withPartitionAssignmentHandler(state))
        .map(m -> Pair.<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>, ConsumerMessage.CommittableOffset>create(
            m.record(), m.committableOffset()))
        .via(JobFlow.create(processor, slidesInFlight, state, listener))
        .toMat(committerSink(committer), Consumer::createDrainingControl)
        .run(system);
    return new JobConsumer(control, abandon, system);
  }

  /**
   * Commits offsets; a commit refused because the partition has moved to another instance (a
   * rebalance) is skipped rather than failing the graph: the new owner starts from the last
   * committed offset, so the job only runs twice, which delivery at least once allows.
   */
  static Sink<ConsumerMessage.CommittableOffset, CompletionStage<Done>> committerSink(CommitterSettings settings) {
    return Committer.<ConsumerMessage.CommittableOffset>sink(settings)
        .withAttributes(ActorAttributes.withSupervisionStrategy(e -> {
          if (e instanceof CommitFailedException || e instanceof RebalanceInProgressException) {
            LOG.warn("offset commit skipped after a rebalance ({}); the job may run again on the new owner",
                e.getMessage());
            return Supervision.resume();
          }
          return Supervision.stop();
        }));
  }

  /** Completes when the graph ends; fails when it fails (publishing or consuming broke). */
  public CompletionStage<Done> completion() {
    return control.streamCompletion();
  }

  /**
   * Stops taking new jobs, waits up to {@code timeout} for the jobs in flight, abandons those still
   * running, commits the offsets of everything that finished (in order, up to the first abandoned
   * job) and closes the consumer.
   */
  public CompletionStage<Done> drainAndShutdown(Duration timeout) {
    Executor executor = system.dispatcher();
    Cancellable abandonLater = system.scheduler().scheduleOnce(timeout, () -> {
      LOG.warn("slides still in flight after the drain timeout of {}; abandoning them", timeout);
      abandon.abort(new JobAbandonedException("shutdown: drain timeout of " + timeout + " passed"));
    }, system.dispatcher());
    return control.drainAndShutdown(executor).whenComplete((done, error) -> abandonLater.cancel());
  }
}
