/**
 * The service on Kafka: {@link io.slidestream.service.kafka.SlidestreamService} runs the consumer
 * graph — committable source of the jobs topic, {@link io.slidestream.service.kafka.JobIntake}
 * (decode, validate, dead letters), {@link io.slidestream.service.kafka.JobProcessor} (a job's
 * outputs through one idempotent producer), the ordered {@link io.slidestream.service.kafka.JobFlow},
 * and the committer — so that an offset is committed only after everything its job published is
 * acknowledged. {@link io.slidestream.service.client.JobSubmitter} and
 * {@link io.slidestream.service.client.JobFollower} are the client side ({@code submit}, {@code demo}).
 * {@link io.slidestream.service.kafka.JobFlow} and the processor take plain sources and a
 * {@link io.slidestream.kafka.clients.RecordPublisher}, so they are tested without a broker.
 */
package io.slidestream.service.kafka;

import io.slidestream.kafka.clients.RecordPublisher;
import io.slidestream.service.client.JobFollower;
import io.slidestream.service.client.JobSubmitter;
