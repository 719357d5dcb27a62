package io.slidestream.service.jobs;

import io.slidestream.models.compound.CompoundModelFile;
import io.slidestream.models.compound.CompoundSpec;
import io.slidestream.models.compound.SlideModels;
import io.slidestream.models.inference.SlideModel;
import io.slidestream.models.io.ModelMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * One model file of the store: its id, its exact version (the file's SHA-256) and metadata at once,
 * and the network loaded on first use and then kept. The store hands every job for the same file the
 * same handle, so all jobs share one {@link SlideModel} (one per device; its calls are
 * serialised on the inference thread). Thread-safe.
 */
public final class ModelHandle implements AutoCloseable {

  private final String id;
  private final String version;
  private final Path file;
  private final ModelMetadata metadata;
  private final ModelMetadata inputMetadata;
  private final int inputScale;
  private SlideModel model;
  private boolean closed;
  private LongConsumer loadNanos = nanos -> {};

  /** A plain network's file: it reads the slide at the resolution it labels. */
  public ModelHandle(String id, String version, Path file, ModelMetadata metadata) {
    this(id, version, file, metadata, metadata, 1);
  }

  private ModelHandle(String id, String version, Path file, ModelMetadata metadata, ModelMetadata inputMetadata,
      int inputScale) {
    this.id = Objects.requireNonNull(id, "id");
    this.version = Objects.requireNonNull(version, "version");
    this.file = Objects.requireNonNull(file, "file");
    this.metadata = Objects.requireNonNull(metadata, "metadata");
    this.inputMetadata = Objects.requireNonNull(inputMetadata, "inputMetadata");
    this.inputScale = inputScale;
  }

  /**
   * A compound model's file, as {@link CompoundModelFile#inspect} read it: it labels at the second
   * network's µm/px and reads the slide at the first's.
   */
  public static ModelHandle compound(String id, String version, Path file, CompoundSpec spec) {
    return new ModelHandle(id, version, file, spec.second(), spec.first(), spec.scale());
  }

  /** The id jobs name it by. */
  public String id() {
    return id;
  }

  /** Lower-case hex SHA-256 of the model file: which weights exactly. */
  public String version() {
    return version;
  }

  public Path file() {
    return file;
  }

  /** The metadata of the labels: classes, label µm/px, patch size, halo (a compound model's second network). */
  public ModelMetadata metadata() {
    return metadata;
  }

  /**
   * The metadata of the network that reads the slide's pixels: {@link #metadata()} for a plain
   * network, the first network of a compound model (it reads {@link #inputScale()} times finer).
   */
  public ModelMetadata inputMetadata() {
    return inputMetadata;
  }

  /** Slide pixels read per label pixel along each axis, known without loading (as {@link SlideModel#inputScale()}). */
  public int inputScale() {
    return inputScale;
  }

  /**
   * The model (a plain network or a compound model), loaded on the first call (seconds for a large
   * file) and shared afterwards.
   *
   * @throws UncheckedIOException when the file can no longer be loaded
   */
  public synchronized SlideModel model() {
    if (closed) {
      throw new IllegalStateException("model " + id + " has been closed");
    }
    if (model == null) {
      try {
        long start = System.nanoTime();
        model = SlideModels.load(file);
        loadNanos.accept(System.nanoTime() - start);
      } catch (IOException e) {
        throw new UncheckedIOException("model " + id + " could not be loaded from " + file + ": " + e.getMessage(), e);
      }
    }
    return model;
  }

  /** Who hears how long the network took to load (the store's listener). */
  synchronized void reportLoadsTo(LongConsumer listener) {
    loadNanos = Objects.requireNonNull(listener, "listener");
  }

  public synchronized boolean isLoaded() {
    return model != null;
  }

  /** Releases the network; call only when no job uses it any more. */
  @Override
  public synchronized void close() {
    closed = true;
    if (model != null) {
      model.close();
      model = null;
    }
  }

  @Override
  public String toString() {
    return "model " + id + " (" + version.substring(0, Math.min(12, version.length())) + ")";
  }
}
