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

  /** @param <C> the offset handle (a committable offset; anything in tests) */
  public static <C> Flow<Pair<ConsumerRecord<String, byte[]>, C>, C, NotUsed> create(JobProcessor processor,
      int slidesInFlight) {
    return Flow.<Pair<ConsumerRecord<String, byte[]>, C>>create()
        .mapAsync(slidesInFlight, in -> processor.process(in.first()).thenApply(outcome -> Pair.create(outcome, in.second())))
        .takeWhile(p -> p.first().committable())
        .map(Pair::second);
  }
}
