package io.slidestream.service.pipeline;

import com.typesafe.config.Config;
import io.slidestream.images.readers.SlideException;
import io.slidestream.images.readers.SlideReader;
import io.slidestream.images.readers.SlideReaders;
import io.slidestream.service.jobs.FailureCause;
import io.slidestream.service.jobs.JobRejectedException;
import io.slidestream.service.jobs.OutputStore;
import io.slidestream.service.jobs.RejectionReason;
import io.slidestream.service.jobs.SlideJob;
import io.slidestream.service.records.JobEvent;
import io.slidestream.service.records.JobOutput;
import io.slidestream.service.records.TileRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The {@link SlideJobRunner} of the service and of {@code slidestream predict}: per slide, a Pekko
 * Streams graph
 * <pre>
 *   open (reader, tissue, grid, writers)
 *   → TileSource: tissue tiles read on the reader threads, backpressured, in grid order
 *   → merged in grid order with the background tiles (no tissue: never read)
 *   → groups of batch-size tissue tiles (background tiles ride along) → buffer(batches-ahead)
 *   → inference on the one inference thread (the device's), shared by all slides;
 *     background tiles get the model's background class without the network
 *   → stitch on a stitching thread: mask writers, tile records
 *   → progress events, the last tile record marked with the tile count
 *   → finish: outputs synced and renamed, mask record
 * </pre>
 * A model that reads finer than it labels (a compound model, {@code SlideModel.inputScale() > 1})
 * gets each tile's area read that much finer; the grid, the mask and the records stay at the
 * model's label resolution.
 * Reading, inference and stitching run on their own threads, so they overlap: the network is
 * never waiting for pixels while the reader keeps {@code batches-ahead} batches ready. Every stage
 * is bounded ({@link PipelineSettings#maxTilesInFlight()}), so memory does not grow with the
 * slide. Batches are the same on every run (consecutive tissue tiles in grid order), so a re-run
 * writes the same bytes.
 */
public final class TilePipeline implements SlideJobRunner {

  /** A wall-time limit beyond this many days is no limit (and beyond what a stream timer can hold). */
  private static final long UNLIMITED_DAYS = 365L * 100;

  private final PipelineSettings settings;
  private final OutputStore outputs;
  private final Function<Path, SlideReader> opener;
  private final ExecutorService readThreads;
  private final ExecutorService inferenceThread;
  private final ExecutorService stitchThreads;
  private final PipelineListener listener;

  public TilePipeline(PipelineSettings settings, OutputStore outputs) {
    this(settings, outputs, SlideReaders::open);
  }

  /** With another way to open slides (a named reader; tests that watch the reads). */
  public TilePipeline(PipelineSettings settings, OutputStore outputs, Function<Path, SlideReader> opener) {
    this(settings, outputs, opener, PipelineListener.NONE);
  }

  /** Telling {@code listener} what each stage took (the service's metrics). */
  public TilePipeline(PipelineSettings settings, OutputStore outputs, Function<Path, SlideReader> opener,
      PipelineListener listener) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.outputs = Objects.requireNonNull(outputs, "outputs");
    this.opener = Objects.requireNonNull(opener, "opener");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.readThreads = Executors.newFixedThreadPool(settings.readThreads(), daemon("slidestream-read"));
    // One thread per device: the model's calls are serialised anyway, and ND4J keeps per-thread workspaces.
    this.inferenceThread = Executors.newSingleThreadExecutor(daemon("slidestream-inference"));
    // Opening slides and stitching block on disk; each slide uses one of these at a time.
    this.stitchThreads = Executors.newCachedThreadPool(daemon("slidestream-stitch"));
  }

  /** The runner as {@code slidestream.pipeline} and {@code slidestream.outputs} configure it. */
  public static TilePipeline fromConfig(Config config) {
    return fromConfig(config, PipelineListener.NONE);
  }

  /** As {@link #fromConfig(Config)}, telling {@code listener} what each stage took. */
  public static TilePipeline fromConfig(Config config, PipelineListener listener) {
    return new TilePipeline(PipelineSettings.fromConfig(config), OutputStore.fromConfig(config), SlideReaders::open,
        listener);
  }

  public PipelineSettings settings() {
    return settings;
  }

  public OutputStore outputs() {
    return outputs;
  }

  @Override
  public Source<JobOutput, NotUsed> run(SlideJob job) {
    Objects.requireNonNull(job, "job");
    Source<JobOutput, NotUsed> running = Source.lazySource(() -> {
          RunHolder holder = new RunHolder();
          // The run goes to the holder on the thread that opened it, not in the stream: a stream
          // that ended while the slide was opening (a wall-time limit of a few ms, a cancellation)
          // never passes the run on, and the holder must still close it, or its part files,
          // writers and slide stay open (JobLimitsTest found a TIME_LIMIT job's mask part left so).
          return Source.completionStage(CompletableFuture.supplyAsync(() -> {
                SlideRun run = open(job);
                holder.set(run);
                return run;
              }, stitchThreads))
              .flatMapConcat(this::graph)
              .watchTermination((nu, done) -> {
                done.whenCompleteAsync((d, e) -> holder.terminate(), this::cleanUp);
                return nu;
              });
        })
        .mapMaterializedValue(m -> NotUsed.getInstance())
        .mapError(Throwable.class, e -> failure(job, e));
    Duration wall = job.limits().maxWallTime();
    if (wall.toDays() > UNLIMITED_DAYS) {
      return running;
    }
    // The timeout cancels the run, and its termination closes the run, which deletes its files.
    return running.completionTimeout(wall)
        .mapError(TimeoutException.class, e -> new JobFailedException(job.jobId(), RejectionReason.TIME_LIMIT,
            "the job ran longer than the limit of " + describe(wall) + " (slidestream.jobs.limits.max-wall-time)"
                + " and was stopped; its files were removed: send it again under a new job id with a coarser"
                + " resolution or a smaller slide", null));
  }

  /**
   * A wall-time limit in the words of the TIME_LIMIT message: whole seconds, or milliseconds where
   * that is not exact ({@code toSeconds()} alone said "the limit of 0 s" for a limit of 1ms).
   */
  static String describe(Duration limit) {
    if (limit.toMillis() == 0) {
      return "less than 1 ms";
    }
    return limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
  }

  private SlideRun open(SlideJob job) {
    try {
      return SlideRun.open(job, settings, outputs, opener);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Source<JobOutput, NotUsed> graph(SlideRun run) {
    // Tissue tiles as they are read and background tiles, merged back into grid order: the same
    // sequence, and so the same batches and the same file, on every run.
    Source<SlideRun.Slot, NotUsed> tissue = TileSource.of(run.reader(), run.grid(), settings.readParallelism(), readThreads,
            run.inputScale(), listener::tileRead)
        .map(run::slot);
    Source<SlideRun.Slot, NotUsed> background = Source.fromIterator(run::backgroundTiles).map(run::slot);
    Source<List<SlideRun.Slot>, NotUsed> groups = tissue
        .mergeSorted(background, Comparator.comparingInt(SlideRun.Slot::gridIndex))
        .statefulMap(() -> new Grouping(settings.batchSize()),
            (grouping, slot) -> Pair.create(grouping, grouping.add(slot)),
            grouping -> java.util.Optional.of(grouping.rest()))
        .mapConcat(list -> list);
    if (settings.batchesAhead() > 0) {
      groups = groups.buffer(settings.batchesAhead(), OverflowStrategy.backpressure());
    }
    Source<List<SlideRun.Predicted>, NotUsed> predicted = groups.mapAsync(1, group ->
        group.stream().anyMatch(SlideRun.Slot::inferred)
            ? CompletableFuture.supplyAsync(() -> infer(run, group), inferenceThread)
            : CompletableFuture.completedFuture(SlideRun.passThrough(group)));
    // Stitching runs on its own thread, so the network's next batch overlaps this one's writing.
    Source<TileRecord, NotUsed> records = predicted
        .mapAsync(1, group -> CompletableFuture.supplyAsync(() -> {
          try {
            long start = System.nanoTime();
            List<TileRecord> stitched = run.stitch(group);
            listener.batchStitched(group.size(), System.nanoTime() - start);
            return stitched;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }, stitchThreads))
        .mapConcat(list -> list);
    int total = run.tileCount();
    Source<JobOutput, NotUsed> tilesAndProgress = records
        .statefulMap(() -> new Progress(run, total, settings.progressStepPercent()),
            (state, record) -> Pair.create(state, state.next(record)),
            state -> java.util.Optional.of(state.complete()))
        .mapConcat(list -> list);
    return Source.<JobOutput>single(JobEvent.progress(run.job().jobId(), run.job().slideId(), 0, total, Instant.now()))
        .concatLazy(tilesAndProgress)
        .concatLazy(Source.lazyCompletionStage(() -> CompletableFuture.supplyAsync(() -> {
          try {
            long start = System.nanoTime();
            var mask = run.finish(outputs);
            listener.outputsWritten(System.nanoTime() - start);
            return mask;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }, stitchThreads)))
        // Stages pull at most one element ahead, so the bound of maxTilesInFlight holds.
        .withAttributes(Attributes.inputBuffer(1, 1));
  }

  /** One batch through the network, timed for the listener. */
  private List<SlideRun.Predicted> infer(SlideRun run, List<SlideRun.Slot> group) {
    int tissue = 0;
    for (SlideRun.Slot s : group) {
      tissue += s.inferred() ? 1 : 0;
    }
    long start = System.nanoTime();
    List<SlideRun.Predicted> out = run.infer(group);
    listener.batchInferred(tissue, settings.batchSize(), System.nanoTime() - start);
    return out;
  }

  /**
   * Cuts the grid-order stream into groups for the network: a group closes when it holds
   * {@code batch} tissue tiles, with the background tiles between them riding along (they cost no
   * pixels), or when it has gathered {@code batch} background tiles and no tissue tile, so a large
   * empty area is stitched while the reader is still looking for tissue.
   */
  private static final class Grouping {
    private final int batch;
    private List<SlideRun.Slot> group = new ArrayList<>();
    private int tissue;

    Grouping(int batch) {
      this.batch = batch;
    }

    List<List<SlideRun.Slot>> add(SlideRun.Slot slot) {
      group.add(slot);
      tissue += slot.inferred() ? 1 : 0;
      if (tissue == batch || (tissue == 0 && group.size() == batch)) {
        List<SlideRun.Slot> full = group;
        group = new ArrayList<>();
        tissue = 0;
        return List.of(full);
      }
      return List.of();
    }

    List<List<SlideRun.Slot>> rest() {
      return group.isEmpty() ? List.of() : List.of(group);
    }
  }

  /**
   * Holds back one tile record so that the last can be marked with the tile count, and interleaves
   * a PROGRESS event each time another {@code step}% of the tiles is done.
   */
  private static final class Progress {
    private final SlideRun run;
    private final int total;
    private final int step;
    private TileRecord held;
    private int done;
    private int nextPercent;

    Progress(SlideRun run, int total, int step) {
      this.run = run;
      this.total = total;
      this.step = step;
      this.nextPercent = step;
    }

    List<JobOutput> next(TileRecord record) {
      TileRecord previous = held;
      held = record;
      if (previous == null) {
        return List.of();
      }
      done++;
      if (done * 100L >= (long) nextPercent * total && done < total) {
        while (done * 100L >= (long) nextPercent * total) {
          nextPercent += step;
        }
        return List.of(previous, event());
      }
      return List.of(previous);
    }

    List<JobOutput> complete() {
      if (held == null) {
        return List.of();
      }
      done++;
      return List.of(held.withTileCount(total), event());
    }

    private JobEvent event() {
      return JobEvent.progress(run.job().jobId(), run.job().slideId(), done, total, Instant.now());
    }
  }

  /** Closes the job's run once the stream ends, or at once if it opens after the stream ended. */
  private static final class RunHolder {
    private SlideRun run;
    private boolean terminated;

    synchronized void set(SlideRun r) {
      if (terminated) {
        r.close();
      } else {
        run = r;
      }
    }

    synchronized void terminate() {
      terminated = true;
      if (run != null) {
        run.close();
      }
    }
  }

  /** The job's failure as the contract has it: a reason code and a message without paths. */
  static JobFailedException failure(SlideJob job, Throwable e) {
    Throwable cause = e;
    while ((cause instanceof CompletionException || cause instanceof UncheckedIOException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof JobFailedException f) {
      return f;
    }
    if (cause instanceof JobRejectedException r) {
      return new JobFailedException(job.jobId(), r.reason(), r.getMessage(), r);
    }
    if (OutputStore.isOutOfSpace(e)) {
      JobRejectedException full = OutputStore.full();
      return new JobFailedException(job.jobId(), full.reason(), full.getMessage(), e);
    }
    RejectionReason reason = RejectionReason.PROCESSING_FAILED;
    String message;
    if (cause instanceof SlideException se) {
      reason = RejectionReason.of(se);
      message = "reading the slide failed, " + se.report();
    } else if (cause instanceof IOException) {
      // An I/O exception's message names the file: plain words only.
      message = "writing the outputs failed: " + FailureCause.describe(cause);
    } else {
      message = "job failed: " + FailureCause.describe(cause);
    }
    return new JobFailedException(job.jobId(), reason, message, cause);
  }

  /**
   * Runs a job's clean-up on a stitching thread (it waits for reads and stitching in progress), or
   * here when the runner is closed: a job's files and slide must be released either way.
   */
  private void cleanUp(Runnable task) {
    try {
      stitchThreads.execute(task);
    } catch (RejectedExecutionException e) {
      task.run();
    }
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Stops the threads; running jobs fail. */
  @Override
  public void close() {
    readThreads.shutdownNow();
    inferenceThread.shutdownNow();
    stitchThreads.shutdownNow();
    try {
      inferenceThread.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
