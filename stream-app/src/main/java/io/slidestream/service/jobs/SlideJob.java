package io.slidestream.service.jobs;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A job that passed validation: everything the pipeline needs, resolved and checked, so that it
 * can run without consulting the record or the configuration again.
 *
 * @param jobId           the job's id (safe as a directory name)
 * @param slideId         opaque id of the slide: the first 16 hex digits of the SHA-256 of its real
 *                        path and size, so the same file always gets the same id and the id says
 *                        nothing about the patient or the file name
 * @param slide           the slide's real path (symlinks resolved, inside an allowed root)
 * @param model           the model to run
 * @param micronsPerPixel the resolution tiles are read and predicted at
 * @param tileSize        core side of a tile in pixels at that resolution
 * @param overlap         context read on each side of a core, in the same pixels
 * @param outputs         output kinds to write, in the order given
 * @param requestedBy     who asked, or null
 * @param limits          what the run may take of output bytes and wall time
 */
public record SlideJob(
    String jobId,
    String slideId,
    Path slide,
    ModelHandle model,
    double micronsPerPixel,
    int tileSize,
    int overlap,
    List<String> outputs,
    String requestedBy,
    RunLimits limits) {

  public SlideJob {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(slideId, "slideId");
    Objects.requireNonNull(slide, "slide");
    Objects.requireNonNull(model, "model");
    outputs = List.copyOf(outputs);
    Objects.requireNonNull(limits, "limits");
  }

  /** A job held to no run limits. */
  public SlideJob(String jobId, String slideId, Path slide, ModelHandle model, double micronsPerPixel, int tileSize,
      int overlap, List<String> outputs, String requestedBy) {
    this(jobId, slideId, slide, model, micronsPerPixel, tileSize, overlap, outputs, requestedBy, RunLimits.NONE);
  }

  /** Side of the square patch read per tile: core plus overlap on both sides. */
  public int patchSize() {
    return tileSize + 2 * overlap;
  }
}
