package io.slidestream.service.jobs;

/**
 * Why a job was refused or failed: the code on its dead letter and FAILED event. Every code but
 * {@link #PROCESSING_FAILED} is decided before any work starts.
 */
public enum RejectionReason {
  /** Not JSON, not a job record, an unsupported schema version, or a required field missing. */
  MALFORMED_RECORD,
  /** The slide is outside the configured allowed roots (including through {@code ..} or a symlink). */
  PATH_NOT_ALLOWED,
  /** No readable file at the slide's path. */
  SLIDE_NOT_FOUND,
  /** A file no available reader understands. */
  SLIDE_UNSUPPORTED,
  /** A slide file whose structure or data are broken. */
  SLIDE_CORRUPT,
  /** The slide claims more pixels than the configured limit. */
  SLIDE_TOO_LARGE,
  /** No model of that id in the model store, or its file cannot be used. */
  UNKNOWN_MODEL,
  /** Options that cannot work: tile size, overlap, outputs or resolution. */
  INVALID_OPTIONS,
  /** The job was accepted but failed while it ran (reading, inference, writing). */
  PROCESSING_FAILED
}
