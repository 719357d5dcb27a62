package io.slidestream.service.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * The middle of the consumer graph, apart from Kafka so that it can be driven by plain sources:
 * records with their offsets in, offsets that may be committed out, in record order. Up to
 * {@code slidesInFlight} records are processed at once, but the ordered {@code mapAsync} hands
 * their offsets on in the order the records came, so a committed offset never passes a job that is
 * still running. After the first abandoned job nothing more is handed on and the flow completes:
 * committing a later offset would mark the abandoned one as done.
 */
public final class JobFlow {

  private JobFlow() {}

  /** A record's outcome, with when it was known (to measure how long it then waited in order). */
  private record Done<C>(JobOutcome outcome, ConsumerRecord<String, byte[]> record, C offset, long doneNanos) {}

  /** @param <C> the offset handle (a committable offset; anything in tests) */
  public static <C> Flow<Pair<ConsumerRecord<String, byte[]>, C>, C, NotUsed> create(JobProcessor processor,
      int slidesInFlight) {
    return create(processor, slidesInFlight, new ConsumerState(), JobListener.NONE);
  }

  /**
   * As {@link #create(JobProcessor, int)}, keeping {@code state}'s jobs not yet committed up to
   * date and telling {@code listener} how long each done job waited for those before it.
   */
  public static <C> Flow<Pair<ConsumerRecord<String, byte[]>, C>, C, NotUsed> create(JobProcessor processor,
      int slidesInFlight, ConsumerState state, JobListener listener) {
    return Flow.<Pair<ConsumerRecord<String, byte[]>, C>>create()
        .map(in -> {
          state.taken(in.first());
          return in;
        })
        .mapAsync(slidesInFlight, in -> processor.process(in.first())
            .thenApply(outcome -> new Done<>(outcome, in.first(), in.second(), System.nanoTime())))
        .takeWhile(d -> d.outcome().committable())
        .map(d -> {
          listener.commitWaited(System.nanoTime() - d.doneNanos());
          state.handedOn(d.record());
          return d.offset();
        });
  }
}
