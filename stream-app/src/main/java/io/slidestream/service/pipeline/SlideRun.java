package io.slidestream.service.pipeline;

import io.slidestream.images.LabelClass;
import io.slidestream.images.LabelRaster;
import io.slidestream.images.RgbRaster;
import io.slidestream.images.readers.SlideReader;
import io.slidestream.masks.MaskOutput;
import io.slidestream.masks.MaskSpec;
import io.slidestream.masks.Stitcher;
import io.slidestream.masks.areas.PixelArea;
import io.slidestream.models.inference.PatchPrediction;
import io.slidestream.models.inference.SlideModel;
import io.slidestream.models.io.ModelMetadata;
import io.slidestream.service.jobs.JobClaim;
import io.slidestream.service.jobs.OutputStore;
import io.slidestream.service.jobs.RejectionReason;
import io.slidestream.service.jobs.SlideJob;
import io.slidestream.service.records.JobTimings;
import io.slidestream.service.records.MaskRecord;
import io.slidestream.service.records.OutputFile;
import io.slidestream.service.records.TileRecord;
import io.slidestream.tiles.Tile;
import io.slidestream.tiles.TileGrid;
import io.slidestream.tiles.TilePatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * One job's slide while it runs: the open reader, the tile grid, which tiles have tissue, the model
 * and the stitcher writing the outputs. Built on a blocking thread by {@link #open}; its steps run
 * on the pipeline's threads: {@link #infer} on the inference thread, {@link #stitch} and
 * {@link #finish} on a stitching thread, one call at a time. {@link #close()} may come from any
 * thread at any moment (a failed or cancelled job): it waits for a stitch in progress and abandons
 * unpublished outputs.
 */
final class SlideRun implements AutoCloseable {

  /**
   * A tile on its way to the network or past it: {@code pixels} for a tile with tissue (null for a
   * background tile, which is never read).
   */
  record Slot(Tile tile, int gridIndex, RgbRaster pixels) {
    boolean inferred() {
      return pixels != null;
    }
  }

  /**
   * A tile's labels over its whole patch and the network's mean probabilities; both null for a
   * background tile, whose labels the stitching step makes.
   */
  record Predicted(Tile tile, LabelRaster labels, double[] means) {}

  private final SlideJob job;
  private final PipelineSettings settings;
  private final OutputStore outputs;
  private final GuardedSlideReader reader;
  private final TileGrid grid;
  private final BitSet inferred;
  private final MaskSpec spec;
  private final Stitcher stitcher;
  private final SlideModel model;
  private final List<LabelClass> classes;
  private final LabelClass background;
  /** Guarded by this run's lock (only {@link #stitch} uses it). */
  private LabelRaster backgroundTile;
  private final long startNanos;
  private final AtomicLong inferenceNanos = new AtomicLong();
  private boolean closed;

  private SlideRun(SlideJob job, PipelineSettings settings, OutputStore outputs, GuardedSlideReader reader,
      TileGrid grid, BitSet inferred, MaskSpec spec, Stitcher stitcher, SlideModel model, long startNanos) {
    this.job = job;
    this.settings = settings;
    this.outputs = outputs;
    this.reader = reader;
    this.grid = grid;
    this.inferred = inferred;
    this.spec = spec;
    this.stitcher = stitcher;
    this.model = model;
    this.startNanos = startNanos;
    ModelMetadata meta = job.model().metadata();
    this.classes = meta.classes();
    this.background = classes.get(meta.backgroundChannel());
  }

  /**
   * Checks the store's free-space floor and claims the job id (both refuse the job before any
   * work), then opens the slide, finds its tissue, lays out the grid, loads the model (once per
   * model) and opens the output writers. Blocking: seconds on a large slide.
   */
  static SlideRun open(SlideJob job, PipelineSettings settings, OutputStore outputs,
      Function<Path, SlideReader> opener) throws IOException {
    long start = System.nanoTime();
    outputs.checkFreeSpace();
    outputs.claim(JobClaim.of(job));
    GuardedSlideReader reader = new GuardedSlideReader(opener.apply(job.slide()));
    Stitcher stitcher = null;
    try {
      TileGrid grid = TileLayout.inferredTiles(reader, job, settings);
      BitSet inferred = new BitSet(grid.cells());
      for (Tile t : grid.tiles()) {
        inferred.set(grid.cell(t));
      }
      MaskSpec spec = grid.maskSpec(job.slideId(), job.model().metadata().classes());
      SlideModel model = job.model().model();
      stitcher = new Stitcher(spec, grid.halo(), outputs.openWriters(job.jobId(), job.outputs(), spec));
      return new SlideRun(job, settings, outputs, reader, grid, inferred, spec, stitcher, model, start);
    } catch (IOException | RuntimeException e) {
      if (stitcher != null) {
        stitcher.close();
      }
      reader.close();
      throw e;
    }
  }

  SlideJob job() {
    return job;
  }

  GuardedSlideReader reader() {
    return reader;
  }

  /** Slide pixels per label pixel along each axis that the model reads (1 but for compound models). */
  int inputScale() {
    return model.inputScale();
  }

  TileGrid grid() {
    return grid;
  }

  /** Every tile of the grid, with tissue or not: what the mask and the tile records cover. */
  int tileCount() {
    return grid.cells();
  }

  /** Tiles without tissue, in grid order, made on the fly by the grid (a huge slide has many). */
  Iterator<Tile> backgroundTiles() {
    int total = tileCount();
    return new Iterator<>() {
      int next = inferred.nextClearBit(0);

      @Override
      public boolean hasNext() {
        return next < total;
      }

      @Override
      public Tile next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int i = next;
        next = inferred.nextClearBit(i + 1);
        return grid.backgroundTile(i);
      }
    };
  }

  /** A tissue tile read, as a slot of the grid. */
  Slot slot(TilePatch patch) {
    Tile t = patch.tile();
    return new Slot(t, grid.cell(t), patch.pixels());
  }

  /** A background tile as a slot of the grid. */
  Slot slot(Tile background) {
    return new Slot(background, grid.cell(background), null);
  }

  /**
   * Runs the network on the group's tissue tiles, one batch (on the inference thread); background
   * tiles pass through unlabelled. Returns the group in its order.
   */
  List<Predicted> infer(List<Slot> group) {
    List<RgbRaster> pixels = new ArrayList<>(group.size());
    for (Slot s : group) {
      if (s.inferred()) {
        pixels.add(s.pixels());
      }
    }
    List<PatchPrediction> predictions = List.of();
    if (!pixels.isEmpty()) {
      long start = System.nanoTime();
      predictions = model.predict(pixels);
      inferenceNanos.addAndGet(System.nanoTime() - start);
    }
    List<Predicted> out = new ArrayList<>(group.size());
    int next = 0;
    for (Slot s : group) {
      if (s.inferred()) {
        PatchPrediction p = predictions.get(next++);
        out.add(new Predicted(s.tile(), p.labels(), p.meanProbabilities()));
      } else {
        out.add(new Predicted(s.tile(), null, null));
      }
    }
    return out;
  }

  /** A group without tissue tiles: nothing to infer. */
  static List<Predicted> passThrough(List<Slot> group) {
    List<Predicted> out = new ArrayList<>(group.size());
    for (Slot s : group) {
      out.add(new Predicted(s.tile(), null, null));
    }
    return out;
  }

  /**
   * A tile without tissue: the background class throughout, without the network. Made once per
   * run and shared, since most tiles of a sparse slide are such tiles and nothing writes into it
   * (the stitcher and the tile record read crops of it).
   */
  private LabelRaster backgroundLabels() {
    if (backgroundTile == null) {
      backgroundTile = LabelRaster.create(grid.patchSize(), grid.patchSize());
      backgroundTile.fill(background.id());
    }
    return backgroundTile;
  }

  /** Writes predicted tiles into the outputs and describes each as a tile record. */
  synchronized List<TileRecord> stitch(List<Predicted> tiles) throws IOException {
    checkOpen();
    List<TileRecord> records = new ArrayList<>(tiles.size());
    for (Predicted p : tiles) {
      Tile t = p.tile();
      LabelRaster labels = p.labels() != null ? p.labels() : backgroundLabels();
      stitcher.accept(t.col(), t.row(), labels);
      int w = spec.tileWidth(t.col());
      int h = spec.tileHeight(t.row());
      LabelRaster core = labels.crop(grid.halo(), grid.halo(), w, h);
      records.add(record(t, core, p.means()));
    }
    checkOutputLimit(outputs.pendingBytes(job.jobId(), job.slideId()));
    return records;
  }

  /** Aborts the job once its files pass its output limit; closing the run then deletes them. */
  private void checkOutputLimit(long bytes) {
    long limit = job.limits().maxOutputBytes();
    if (bytes > limit) {
      throw new JobFailedException(job.jobId(), RejectionReason.OUTPUT_LIMIT, "the job's outputs passed the limit of "
          + limit + " bytes (slidestream.jobs.limits.max-output-bytes) and it was stopped; its files were removed:"
          + " send it again under a new job id with fewer outputs, a coarser resolution or a smaller slide", null);
    }
  }

  private TileRecord record(Tile t, LabelRaster core, double[] means) {
    long[] histogram = core.histogram();
    Map<String, Long> counts = new LinkedHashMap<>();
    for (LabelClass c : classes) {
      counts.put(c.name(), histogram[c.id()]);
    }
    Map<String, Double> meanProbabilities = new LinkedHashMap<>();
    if (means != null) {
      for (int c = 0; c < classes.size(); c++) {
        meanProbabilities.put(classes.get(c).name(), means[c]);
      }
    }
    double d = grid.downsample();
    long ts = grid.tileSize();
    long x0 = Math.round(t.col() * ts * d);
    long y0 = Math.round(t.row() * ts * d);
    long x1 = Math.min(reader.info().width(), Math.round((t.col() * ts + core.width()) * d));
    long y1 = Math.min(reader.info().height(), Math.round((t.row() * ts + core.height()) * d));
    return new TileRecord(job.jobId(), job.slideId(), grid.cell(t), null, t.col(), t.row(),
        x0, y0, x1 - x0, y1 - y0, job.micronsPerPixel(), means != null, counts, meanProbabilities,
        settings.tileLabels() ? LabelPng.encode(core) : null);
  }

  /** Publishes every output (synced, renamed into place) and describes them in the mask record. */
  synchronized MaskRecord finish(OutputStore outputs) throws IOException {
    checkOpen();
    if (stitcher.tilesWritten() != tileCount()) {
      throw new IllegalStateException("only " + stitcher.tilesWritten() + " of " + tileCount()
          + " tiles were stitched; the outputs would be incomplete");
    }
    List<MaskOutput> published = stitcher.finish();
    long bytes = published.stream().mapToLong(MaskOutput::bytes).sum();
    if (bytes > job.limits().maxOutputBytes()) {
      // Files written whole at the end (overview, GeoJSON) pass the limit only now: unpublish all.
      for (MaskOutput o : published) {
        Files.deleteIfExists(o.file());
      }
      checkOutputLimit(bytes);
    }
    List<OutputFile> files = published.stream().map(outputs::describe).toList();
    long[] pixels = stitcher.classPixels();
    double pixelArea = PixelArea.squareMicrons(spec);
    Map<String, Double> areas = new LinkedHashMap<>();
    for (LabelClass c : classes) {
      areas.put(c.name(), Double.isNaN(pixelArea) ? null : pixels[c.id()] * pixelArea);
    }
    long totalMs = (System.nanoTime() - startNanos) / 1_000_000;
    JobTimings timings = new JobTimings(null, totalMs, reader.readNanos() / 1_000_000,
        inferenceNanos.get() / 1_000_000);
    return new MaskRecord(job.jobId(), job.slideId(), files, areas, tileCount(), spec.micronsPerPixel(), timings,
        job.model().id(), job.model().version());
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("job " + job.jobId() + " was stopped");
    }
  }

  /** Abandons unpublished outputs and closes the slide once no read runs. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      stitcher.close();
    } finally {
      reader.close();
    }
  }
}
