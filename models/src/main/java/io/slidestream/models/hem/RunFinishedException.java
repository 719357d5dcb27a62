package io.slidestream.models.hem;

/**
 * The trainer completed its run: no snapshot will follow, and the waiting worker should end
 * normally. Only a run that did all its iterations says so; a trainer that was killed or failed
 * never does, so its workers keep waiting (within their patience) for it to resume. A
 * {@link HemLinkException} so that code which only knows "the link ended" still stops; code that
 * cares (an {@link ErrorMapWorker}) catches this first.
 */
public final class RunFinishedException extends HemLinkException {

  private final String runId;
  private final long cycle;

  public RunFinishedException(String runId, long cycle) {
    super("run " + runId + " finished at cycle " + cycle);
    this.runId = runId;
    this.cycle = cycle;
  }

  public String runId() {
    return runId;
  }

  /** The cycle the trainer stopped at: the number of its last snapshot. */
  public long cycle() {
    return cycle;
  }
}
