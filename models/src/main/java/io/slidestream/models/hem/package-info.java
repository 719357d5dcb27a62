/**
 * Quasi-online hard example mining (Burlutskiy et al., Fig. A.1): an error-map process and a
 * training process that meet at a rendezvous once per cycle.
 *
 * <p>Cycle c (c = 0, 1, …): the error-map process takes snapshot c (the weights as they were at
 * the start of cycle c), chooses a slide, computes its {@link io.slidestream.models.hem.ErrorMap}
 * and hands it over as error map c; meanwhile the training process samples {@code k} patch
 * centres from error map c − 1 into the pool and, once the pool holds {@code N_min}, trains on
 * {@code k} patches drawn from the pool. At rendezvous c the trainer hands over snapshot c + 1 and
 * takes error map c; {@code k} is adjusted by who waited.
 *
 * <p>The two sides talk only through {@link io.slidestream.models.hem.TrainerLink} and
 * {@link io.slidestream.models.hem.WorkerLink}: in memory when both run in one JVM, over Kafka
 * (in the stream-app module) when they run apart. Nothing here knows about Kafka.
 */
package io.slidestream.models.hem;
