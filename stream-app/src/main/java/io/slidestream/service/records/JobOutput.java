package io.slidestream.service.records;

/**
 * What a running job emits, in order: progress events and tile records as tiles complete, then one
 * mask record once every output file is durable.
 */
public sealed interface JobOutput permits JobEvent, TileRecord, MaskRecord {

  /** The Kafka key: the opaque slide id (empty only for an event about a job without one). */
  String slideKey();
}
