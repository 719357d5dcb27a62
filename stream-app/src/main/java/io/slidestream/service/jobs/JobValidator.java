package io.slidestream.service.jobs;

import io.slidestream.images.readers.SlideException;
import io.slidestream.images.readers.SlideInfo;
import io.slidestream.images.readers.SlideReader;
import io.slidestream.images.readers.SlideReaders;
import io.slidestream.masks.MaskWriters;
import io.slidestream.models.io.ModelMetadata;
import io.slidestream.models.unet.PatchSizeException;
import io.slidestream.service.records.JobOptions;
import io.slidestream.service.records.JobRecord;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Decides whether a job can run, before any work starts, and resolves it into a {@link SlideJob}:
 * the job id, the slide's path (inside the allowed roots, symlinks included), the model, the slide
 * itself (it must open, state its resolution and not claim absurd dimensions) and the options. Any
 * problem is a {@link JobRejectedException} whose reason says which and whose message says what to
 * fix without repeating the slide's path (messages go to dashboards). Thread-safe.
 */
public final class JobValidator {

  /** A URI scheme (two letters at least, so a Windows drive letter is not one). */
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*", Pattern.DOTALL);
  /** Above this the lowest pyramid level is not read as a probe: that could mean reading the whole slide. */
  private static final long PROBE_MAX_SIDE = 4096;
  /**
   * The coarsest resolution a job may ask for, 1 cm per pixel: no tissue analysis is coarser, and
   * the mask's pyramid (each level coarser still) stays far inside what a TIFF page may state.
   */
  public static final double MAX_MICRONS_PER_PIXEL = 10_000;

  private final JobSettings settings;
  private final ModelStore models;
  private final Function<Path, SlideReader> opener;
  private final JobLimits limits;
  private final JobMemory memory;

  /** Without per-job limits ({@link JobLimits#NONE}): benchmarks and tests of the pipeline. */
  public JobValidator(JobSettings settings, ModelStore models) {
    this(settings, models, SlideReaders::open);
  }

  /** With another way of opening slides (a named reader; tests), without per-job limits. */
  public JobValidator(JobSettings settings, ModelStore models, Function<Path, SlideReader> opener) {
    this(settings, models, JobLimits.NONE, new JobMemory(1, 1), opener);
  }

  /**
   * @param limits what one job may take (MEMORY_LIMIT, TILE_LIMIT at validation; the run limits
   *               go with the job)
   * @param memory how the pipeline that runs the jobs spends memory per job
   */
  public JobValidator(JobSettings settings, ModelStore models, JobLimits limits, JobMemory memory) {
    this(settings, models, limits, memory, SlideReaders::open);
  }

  public JobValidator(JobSettings settings, ModelStore models, JobLimits limits, JobMemory memory,
      Function<Path, SlideReader> opener) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.models = Objects.requireNonNull(models, "models");
    this.opener = Objects.requireNonNull(opener, "opener");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.memory = Objects.requireNonNull(memory, "memory");
  }

  public JobSettings settings() {
    return settings;
  }

  /** Validates a job whose model comes from the store. */
  public SlideJob validate(JobRecord record) {
    return validate(record, null);
  }

  /**
   * Validates a job.
   *
   * @param model a model to use instead of the record's model id (the CLI's {@code --model FILE}),
   *              or null
   * @throws JobRejectedException saying why the job cannot run
   */
  public SlideJob validate(JobRecord record, ModelHandle model) {
    Objects.requireNonNull(record, "record");
    if (!OutputStore.isValidJobId(record.jobId())) {
      throw reject(RejectionReason.MALFORMED_RECORD, "job id '" + record.jobId() + "' cannot name an output directory:"
          + " use 1 to 200 of A-Z a-z 0-9 . _ - not starting with '.' or '-'");
    }
    Path slide = allowedSlide(record.slideUri());
    ModelHandle handle = model != null ? model : models.resolve(modelId(record));
    long size;
    try {
      size = Files.size(slide);
    } catch (IOException e) {
      throw reject(RejectionReason.SLIDE_NOT_FOUND, "the slide file cannot be read: " + FailureCause.describe(e));
    }
    SlideInfo info = inspect(slide);
    JobOptions options = record.options() != null ? record.options() : JobOptions.defaults();
    ModelMetadata meta = handle.metadata();
    double mpp = record.targetMicronsPerPixel() != null ? record.targetMicronsPerPixel() : meta.micronsPerPixel();
    if (!(mpp > 0 && mpp <= MAX_MICRONS_PER_PIXEL)) {
      throw reject(RejectionReason.INVALID_OPTIONS, "targetMicronsPerPixel must be more than 0 and at most "
          + MAX_MICRONS_PER_PIXEL + " µm/px, got " + mpp);
    }
    if (!info.hasMicronsPerPixel()) {
      throw reject(RejectionReason.SLIDE_UNSUPPORTED, "the slide does not state its resolution (µm per pixel), so"
          + " it cannot be read at the " + mpp + " µm/px the model needs");
    }
    // The grid is the slide's sides divided by mpp / µm-per-slide-pixel: coarser than the slide's
    // shorter side and the mask would have less than one pixel on that side.
    double coarsest = Math.min(info.width(), info.height()) * info.micronsPerPixelX();
    if (mpp > coarsest) {
      throw reject(RejectionReason.INVALID_OPTIONS, "targetMicronsPerPixel " + mpp + " is coarser than the slide's"
          + " shorter side (" + coarsest + " µm): at that resolution the slide would be less than one pixel");
    }
    double downsample = mpp / info.micronsPerPixelX();
    // The pixels come from the slide at the resolution the model reads, which for a compound model
    // is its first network's, inputScale times finer than the labels: that is what must not be
    // blown up more than 4× from the slide's own pixels.
    double readMpp = mpp / handle.inputScale();
    if (readMpp / info.micronsPerPixelX() < 0.25) {
      String read = handle.inputScale() == 1 ? "targetMicronsPerPixel " + mpp
          : "compound model " + handle.id() + " reads the slide at " + readMpp + " µm/px (its first network's, "
              + handle.inputScale() + "× finer than its labels' " + mpp + " µm/px), which";
      throw reject(RejectionReason.INVALID_OPTIONS, read + " is more than 4× finer than the slide's "
          + info.micronsPerPixelX() + " µm/px");
    }
    int overlap = options.overlap() != null ? options.overlap() : meta.halo();
    int tileSize = tileSize(options, meta, overlap);
    if (overlap < 0 || overlap > tileSize) {
      throw reject(RejectionReason.INVALID_OPTIONS, "overlap must be 0.." + tileSize + " (the tile size), got " + overlap);
    }
    int patch = tileSize + 2 * overlap;
    try {
      meta.network().checkInputSize(patch, patch);
    } catch (PatchSizeException e) {
      throw reject(RejectionReason.INVALID_OPTIONS, "tile size " + tileSize + " + 2 × overlap " + overlap + " = "
          + patch + " px does not suit model " + handle.id() + ": its input side must be a multiple of "
          + meta.network().sizeMultiple());
    }
    int readPatch = patch * handle.inputScale();
    checkMemory(handle, tileSize, overlap, patch, readPatch);
    try {
      handle.inputMetadata().network().checkInputSize(readPatch, readPatch);
    } catch (PatchSizeException e) {
      throw reject(RejectionReason.INVALID_OPTIONS, "tile size " + tileSize + " + 2 × overlap " + overlap + " = "
          + patch + " px, read " + handle.inputScale() + "× finer as " + readPatch + " px, does not suit the first"
          + " network of compound model " + handle.id() + ": its input side must be a multiple of "
          + handle.inputMetadata().network().sizeMultiple());
    }
    double columns = Math.ceil(info.width() / downsample / tileSize);
    double rows = Math.ceil(info.height() / downsample / tileSize);
    if (columns * rows > Integer.MAX_VALUE) {
      throw reject(RejectionReason.INVALID_OPTIONS, "a grid of " + (long) columns + " × " + (long) rows
          + " tiles is too many: use a larger tile size or a coarser resolution");
    }
    if (columns * rows > limits.maxTiles()) {
      throw reject(RejectionReason.TILE_LIMIT, "the slide's grid at " + mpp + " µm/px and tile size " + tileSize
          + " has " + (long) columns + " × " + (long) rows + " = " + (long) (columns * rows) + " tiles, more than the"
          + " limit of " + limits.maxTiles() + " (slidestream.jobs.limits.max-tiles): use a larger tile size or a"
          + " coarser resolution");
    }
    List<String> outputs = outputs(options);
    return new SlideJob(record.jobId(), slideId(slide, size), slide, handle, mpp, tileSize, overlap, outputs,
        record.requestedBy(), limits.runLimits());
  }

  /**
   * Refuses a job whose patch or estimated memory exceeds the limits, before anything is
   * allocated: a patch of thousands of pixels a side costs gigabytes per batch in the network.
   */
  private void checkMemory(ModelHandle handle, int tileSize, int overlap, int patch, int readPatch) {
    String sides = "tile size " + tileSize + " + 2 × overlap " + overlap + " = " + patch + " px"
        + (handle.inputScale() == 1 ? "" : ", read " + handle.inputScale() + "× finer as " + readPatch + " px");
    String advice = ": use a smaller tileSize or overlap (the model was trained on " + handle.metadata().patchSize()
        + " px patches with a " + handle.metadata().halo() + " px halo; leaving both out uses those)";
    if (readPatch > limits.maxPatchSize()) {
      throw reject(RejectionReason.MEMORY_LIMIT, sides + " is more than the largest patch side of "
          + limits.maxPatchSize() + " px (slidestream.jobs.limits.max-patch-size)" + advice);
    }
    double bytes = memory.estimate(handle, patch);
    if (bytes > limits.maxJobMemory()) {
      throw reject(RejectionReason.MEMORY_LIMIT, sides + " needs about " + mebibytes(bytes) + " MiB with batches of "
          + memory.batchSize() + ", more than the " + mebibytes(limits.maxJobMemory()) + " MiB a job may take"
          + " (slidestream.jobs.limits.max-job-memory)" + advice);
    }
  }

  private static long mebibytes(double bytes) {
    return (long) Math.ceil(bytes / (1 << 20));
  }

  /**
   * The opaque id of a slide: the first 16 hex digits of the SHA-256 of its real path and size. The
   * same file keeps its id across jobs and restarts; the id reveals neither name nor content.
   */
  public static String slideId(Path realPath, long size) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update((realPath.toString() + "\n" + size).getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private String modelId(JobRecord record) {
    if (record.modelId() != null && !record.modelId().isBlank()) {
      return record.modelId();
    }
    if (settings.defaultModel().isBlank()) {
      throw reject(RejectionReason.UNKNOWN_MODEL, "the job names no model and no default model is configured"
          + " (slidestream.models.default)");
    }
    return settings.defaultModel();
  }

  /** The slide's real path, if it is a local file inside an allowed root. */
  private Path allowedSlide(String uri) {
    Path given;
    try {
      if (uri.regionMatches(true, 0, "file:", 0, 5)) {
        given = Path.of(URI.create(uri));
      } else if (SCHEME.matcher(uri).matches()) {
        throw reject(RejectionReason.PATH_NOT_ALLOWED, "only local slide files can be read (a path or a file: URI);"
            + " got a '" + uri.substring(0, uri.indexOf(':')) + ":' URI");
      } else {
        given = Path.of(uri);
      }
    } catch (IllegalArgumentException e) { // InvalidPathException included
      throw reject(RejectionReason.PATH_NOT_ALLOWED, "the slide URI is not a valid path or file: URI");
    }
    if (!given.isAbsolute()) {
      throw reject(RejectionReason.PATH_NOT_ALLOWED, "the slide path must be absolute (it is relative)");
    }
    List<Path> realRoots = realRoots();
    Path normal = given.normalize();
    if (!under(normal, settings.allowedRoots()) && !under(normal, realRoots)) {
      throw reject(RejectionReason.PATH_NOT_ALLOWED, "the slide path is outside the allowed slide directories");
    }
    Path real;
    try {
      real = normal.toRealPath();
    } catch (NoSuchFileException e) {
      throw reject(RejectionReason.SLIDE_NOT_FOUND, "no slide file at the given path");
    } catch (IOException e) {
      // Dead-letter messages name no Java classes: say what it usually is (ELOOP, EACCES) instead.
      throw reject(RejectionReason.SLIDE_NOT_FOUND, "the slide path cannot be resolved (symbolic links that loop,"
          + " or a directory that cannot be searched)");
    }
    if (!under(real, realRoots)) {
      throw reject(RejectionReason.PATH_NOT_ALLOWED,
          "the slide path leads (through a symbolic link) outside the allowed slide directories");
    }
    if (!Files.isRegularFile(real) || !Files.isReadable(real)) {
      throw reject(RejectionReason.SLIDE_NOT_FOUND, "the slide path is not a readable file");
    }
    return real;
  }

  private List<Path> realRoots() {
    List<Path> real = new ArrayList<>();
    for (Path root : settings.allowedRoots()) {
      try {
        real.add(root.toRealPath());
      } catch (IOException e) {
        // A root that does not exist (yet) admits nothing.
      }
    }
    return real;
  }

  private static boolean under(Path p, List<Path> roots) {
    for (Path root : roots) {
      if (p.startsWith(root) && !p.equals(root)) {
        return true;
      }
    }
    return false;
  }

  /** Opens the slide to check it; a small lowest level is read too, to find damaged pixel data now. */
  private SlideInfo inspect(Path slide) {
    try (SlideReader reader = opener.apply(slide)) {
      SlideInfo info = reader.info();
      double pixels = (double) info.width() * info.height();
      if (pixels > settings.maxSlidePixels()) {
        throw reject(RejectionReason.SLIDE_TOO_LARGE, "the slide claims " + info.width() + " × " + info.height()
            + " pixels, more than the limit of " + settings.maxSlidePixels() + " (slidestream.jobs.max-slide-pixels)");
      }
      int lowest = info.levelCount() - 1;
      long w = info.level(lowest).width();
      long h = info.level(lowest).height();
      if (w <= PROBE_MAX_SIDE && h <= PROBE_MAX_SIDE) {
        reader.readRegion(lowest, 0, 0, (int) w, (int) h);
      }
      return info;
    } catch (JobRejectedException e) {
      throw e;
    } catch (SlideException e) {
      throw reject(RejectionReason.of(e), e.report());
    } catch (RuntimeException e) {
      // A reader meeting hostile bytes it did not anticipate: still the file's fault, not the service's.
      throw reject(RejectionReason.SLIDE_CORRUPT, "the slide could not be read: " + FailureCause.describe(e));
    }
  }

  private int tileSize(JobOptions options, ModelMetadata meta, int overlap) {
    int tile;
    if (options.tileSize() != null) {
      tile = options.tileSize();
    } else if (settings.defaultTileSize() != 0) {
      tile = settings.defaultTileSize();
    } else {
      tile = meta.patchSize() - 2 * overlap;
    }
    if (tile < 16 || tile % 16 != 0 || tile > settings.maxTileSize()) {
      String source = options.tileSize() != null ? "tileSize" : "the default tile size (model patch less 2 × overlap)";
      throw reject(RejectionReason.INVALID_OPTIONS, source + " must be a multiple of 16 from 16 to "
          + settings.maxTileSize() + ", got " + tile);
    }
    return tile;
  }

  private List<String> outputs(JobOptions options) {
    List<String> wanted = options.outputs() != null ? options.outputs() : settings.defaultOutputs();
    if (wanted.isEmpty()) {
      throw reject(RejectionReason.INVALID_OPTIONS, "outputs must name at least one output kind");
    }
    Set<String> known = new TreeSet<>(MaskWriters.providers().keySet());
    Set<String> seen = new HashSet<>();
    for (String kind : wanted) {
      if (!known.contains(kind)) {
        throw reject(RejectionReason.INVALID_OPTIONS, "unknown output '" + kind + "'; known: " + String.join(", ", known));
      }
      if (!seen.add(kind)) {
        throw reject(RejectionReason.INVALID_OPTIONS, "output '" + kind + "' is named twice");
      }
    }
    return wanted;
  }

  private static JobRejectedException reject(RejectionReason reason, String message) {
    return new JobRejectedException(reason, message);
  }
}
