/**
 * The service's Kafka record values, one Java record each, and {@link io.slidestream.service.records.RecordCodec},
 * the one place they become JSON and back. Every value carries {@code "schema": "slidestream.<kind>/<major>"};
 * fields are added in a backwards-compatible way (consumers ignore unknown fields), and a new major
 * version is a breaking change that old consumers refuse. Keys on every topic are the opaque slide id.
 */
package io.slidestream.service.records;
