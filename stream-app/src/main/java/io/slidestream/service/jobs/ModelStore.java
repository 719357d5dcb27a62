package io.slidestream.service.jobs;

import com.typesafe.config.Config;
import io.slidestream.config.SlidestreamConfig;
import io.slidestream.files.PendingFile;
import io.slidestream.models.compound.CompoundModelFile;
import io.slidestream.models.compound.CompoundSpec;
import io.slidestream.models.io.ModelFile;
import io.slidestream.models.io.ModelFileException;
import io.slidestream.models.io.ModelMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The models jobs can name: a directory of {@code <modelId>.model.zip} files, plain or compound
 * ({@link CompoundModelFile}; a compound file's spec and both networks' metadata are checked when
 * its handle is made, without loading the networks). A model's version is
 * its file's SHA-256, so a mask record says exactly which weights produced it. Handles are cached
 * per file: every job for an unchanged file gets the same handle and so shares one loaded network;
 * a file replaced in place (a new version) gets a new handle, and the old one is released when the
 * store closes (jobs may still be running on it). Thread-safe.
 */
public final class ModelStore implements AutoCloseable {

  /** Model files in the store are named {@code <modelId>} plus this. */
  public static final String SUFFIX = ".model.zip";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,199}");

  private final Path directory;
  private final Map<Path, Cached> cache = new HashMap<>();
  private final List<ModelHandle> retired = new ArrayList<>();
  private final LongConsumer loadNanos;

  private record Cached(long size, long modified, ModelHandle handle) {}

  public ModelStore(Path directory) {
    this(directory, nanos -> {});
  }

  /** @param loadNanos told how long each network took to load (the service's metrics) */
  public ModelStore(Path directory, LongConsumer loadNanos) {
    this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
    this.loadNanos = Objects.requireNonNull(loadNanos, "loadNanos");
  }

  /** The store at {@code slidestream.models.store}. */
  public static ModelStore fromConfig(Config config) {
    return fromConfig(config, nanos -> {});
  }

  /** The store at {@code slidestream.models.store}, telling {@code loadNanos} how long each load took. */
  public static ModelStore fromConfig(Config config, LongConsumer loadNanos) {
    return new ModelStore(SlidestreamConfig.path(config, "slidestream.models.store"), loadNanos);
  }

  public Path directory() {
    return directory;
  }

  /** The file a model of that id has (or would have) in the store. */
  public Path fileOf(String modelId) {
    checkId(modelId);
    return directory.resolve(modelId + SUFFIX);
  }

  /** Ids of the models in the store, sorted. */
  public List<String> ids() throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX) && !n.startsWith("."))
          .map(n -> n.substring(0, n.length() - SUFFIX.length())).sorted().toList();
    }
  }

  /**
   * The model of that id.
   *
   * @throws JobRejectedException {@link RejectionReason#UNKNOWN_MODEL} when there is no such model
   *     or its file cannot be used
   */
  public ModelHandle resolve(String modelId) {
    Path file = fileOf(modelId);
    if (!Files.isRegularFile(file)) {
      String known;
      try {
        List<String> ids = ids();
        known = ids.isEmpty() ? "the store has no models" : "known: " + String.join(", ", ids);
      } catch (IOException e) {
        known = "the store cannot be listed";
      }
      throw new JobRejectedException(RejectionReason.UNKNOWN_MODEL,
          "no model '" + modelId + "' in the model store (" + known + ")");
    }
    return handle(modelId, file);
  }

  /**
   * A model file outside the store (for {@code slidestream predict --model FILE}); its id is the
   * file name without {@value #SUFFIX}, or the id in its metadata when the name lacks the suffix.
   */
  public ModelHandle open(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    String name = abs.getFileName() == null ? "" : abs.getFileName().toString();
    if (name.endsWith(SUFFIX) && ID.matcher(name.substring(0, name.length() - SUFFIX.length())).matches()) {
      return handle(name.substring(0, name.length() - SUFFIX.length()), abs);
    }
    return handle(null, abs);
  }

  private synchronized ModelHandle handle(String id, Path file) {
    long size;
    long modified;
    try {
      size = Files.size(file);
      modified = Files.getLastModifiedTime(file).toMillis();
    } catch (NoSuchFileException e) {
      throw new JobRejectedException(RejectionReason.UNKNOWN_MODEL, "no model file " + file.getFileName());
    } catch (IOException e) {
      throw new JobRejectedException(RejectionReason.UNKNOWN_MODEL, "model file " + file.getFileName()
          + " cannot be read: " + e.getMessage(), e);
    }
    Cached c = cache.get(file);
    if (c != null && c.size == size && c.modified == modified) {
      return c.handle;
    }
    ModelMetadata metadata;
    CompoundSpec compound = null;
    String version;
    try {
      // A compound file is checked whole now (spec, both networks' entries and metadata), so a
      // broken first network is refused here rather than failing the job once it has started.
      if (CompoundModelFile.isCompound(file)) {
        compound = CompoundModelFile.inspect(file);
        metadata = compound.second();
      } else {
        metadata = ModelFile.readMetadata(file);
      }
      version = PendingFile.sha256(file);
    } catch (ModelFileException e) {
      throw new JobRejectedException(RejectionReason.UNKNOWN_MODEL, "model " + (id != null ? "'" + id + "'" : file.getFileName())
          + " cannot be used: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new JobRejectedException(RejectionReason.UNKNOWN_MODEL, "model file " + file.getFileName()
          + " cannot be read: " + e.getMessage(), e);
    }
    String handleId = id != null ? id : metadata.modelId();
    ModelHandle h = compound != null ? ModelHandle.compound(handleId, version, file, compound)
        : new ModelHandle(handleId, version, file, metadata);
    h.reportLoadsTo(loadNanos);
    if (c != null) {
      retired.add(c.handle);
    }
    cache.put(file, new Cached(size, modified, h));
    return h;
  }

  private static void checkId(String modelId) {
    if (modelId == null || !ID.matcher(modelId).matches()) {
      throw new JobRejectedException(RejectionReason.UNKNOWN_MODEL, "'" + modelId + "' is not a model id: use 1 to 200"
          + " of A-Z a-z 0-9 . _ - not starting with '.' or '-'");
    }
  }

  /** Releases every loaded network; no job may be running. */
  @Override
  public synchronized void close() {
    cache.values().forEach(c -> c.handle.close());
    retired.forEach(ModelHandle::close);
    cache.clear();
    retired.clear();
  }
}
