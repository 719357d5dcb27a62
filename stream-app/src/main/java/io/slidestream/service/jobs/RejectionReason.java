package io.slidestream.service.jobs;

import io.slidestream.images.readers.SlideException;

/**
 * Why a job was refused or failed: the code on its dead letter and FAILED event. Most codes are
 * decided before any work starts; {@link #PROCESSING_FAILED}, {@link #OUTPUT_LIMIT},
 * {@link #TIME_LIMIT} and {@link #OUTPUT_STORE_FULL} can also end a job while it runs, and
 * {@link #JOB_ID_REUSED} is decided when the run claims its job id in the output store.
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
  /**
   * The job would need more memory than the service allows: its patch side (tile + 2 × overlap,
   * times a compound model's input scale) exceeds {@code slidestream.jobs.limits.max-patch-size}, or
   * its estimated memory exceeds {@code slidestream.jobs.limits.max-job-memory}.
   */
  MEMORY_LIMIT,
  /** The slide's tile grid at the job's resolution and tile size has more tiles than {@code slidestream.jobs.limits.max-tiles}. */
  TILE_LIMIT,
  /** The job's output files grew past {@code slidestream.jobs.limits.max-output-bytes}; it was aborted and its files removed. */
  OUTPUT_LIMIT,
  /** The job ran longer than {@code slidestream.jobs.limits.max-wall-time}; it was aborted and its files removed. */
  TIME_LIMIT,
  /**
   * The output store had less free space than {@code slidestream.outputs.min-free-bytes} when the job
   * started, or ran out of space while it wrote; no file of the job was left.
   */
  OUTPUT_STORE_FULL,
  /**
   * The job id was already claimed in the output store by a job with other content (another slide,
   * model version, resolution, tile size, overlap or outputs): a job id names exactly one set of outputs.
   */
  JOB_ID_REUSED,
  /** The job was accepted but failed while it ran (reading, inference, writing). */
  PROCESSING_FAILED;

  /** The reason for a slide a reader refused, at validation or while its tiles are read. */
  public static RejectionReason of(SlideException e) {
    return switch (e.kind()) {
      case NOT_FOUND -> SLIDE_NOT_FOUND;
      case UNSUPPORTED -> SLIDE_UNSUPPORTED;
      case TOO_LARGE -> SLIDE_TOO_LARGE;
      // A read that failed on a file that opened: the file (or its disk) is at fault, not the job.
      case CORRUPT, UNREADABLE -> SLIDE_CORRUPT;
    };
  }
}
