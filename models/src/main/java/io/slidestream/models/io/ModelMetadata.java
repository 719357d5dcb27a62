package io.slidestream.models.io;

import io.slidestream.images.LabelClass;
import io.slidestream.models.runtime.LibraryVersions;
import io.slidestream.models.unet.Head;
import io.slidestream.models.unet.InputNormalisation;
import io.slidestream.models.unet.UNetConfig;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything besides the weights that is needed to use a trained network correctly, stored next to
 * them in the model file.
 *
 * @param modelId               a stable name for the model, e.g. {@code crc-tissue}
 * @param modelVersion          the version of that model, free text, e.g. {@code 3} or {@code 2024-05-01}
 * @param classes               one class per output channel, in channel order: channel {@code c}
 *                              predicts {@code classes.get(c)}, whose {@link LabelClass#id()} is
 *                              written into predicted label rasters
 * @param micronsPerPixel       the resolution the network was trained at; slides are read at this
 * @param halo                  pixels on each side of a patch that inference computes but discards when
 *                              stitching (the patch's centre crop is kept), below half the patch size
 * @param normalisation         how RGB becomes network input
 * @param backgroundChannel     sigmoid heads only: the channel a pixel gets when no class's probability
 *                              exceeds 0.5 (see {@code inference.LabelRule}); ignored by softmax heads
 * @param lossName              the configuration name of the training loss, e.g. {@code partial-ce}
 * @param network               the U-Net's shape: levels, filters, patch size, head, classes, ...
 * @param trainingConfiguration the trainer's configuration, one JSON object kept opaque ({@code {}} if none),
 *                              held as compact JSON text
 * @param libraries             library versions at training time
 * @param createdAt             when the model was saved, to the millisecond
 */
public record ModelMetadata(
    String modelId,
    String modelVersion,
    List<LabelClass> classes,
    double micronsPerPixel,
    int halo,
    InputNormalisation normalisation,
    int backgroundChannel,
    String lossName,
    UNetConfig network,
    String trainingConfiguration,
    LibraryVersions libraries,
    Instant createdAt) {

  public ModelMetadata {
    requireText(modelId, "modelId");
    requireText(modelVersion, "modelVersion");
    requireText(lossName, "lossName");
    Objects.requireNonNull(normalisation, "normalisation");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(trainingConfiguration, "trainingConfiguration");
    trainingConfiguration = MetadataJson.compactObject(trainingConfiguration, "the training configuration");
    Objects.requireNonNull(libraries, "libraries");
    Objects.requireNonNull(createdAt, "createdAt");
    classes = List.copyOf(classes);
    if (classes.size() != network.classes()) {
      throw new IllegalArgumentException(classes.size() + " classes named for a network with " + network.classes()
          + " output channels");
    }
    Set<Integer> ids = new HashSet<>();
    for (LabelClass c : classes) {
      if (!ids.add(c.id())) {
        throw new IllegalArgumentException("class id " + c.id() + " is used twice");
      }
    }
    if (!(micronsPerPixel > 0) || Double.isInfinite(micronsPerPixel)) {
      throw new IllegalArgumentException("micronsPerPixel must be positive and finite, got " + micronsPerPixel);
    }
    if (halo < 0 || 2 * halo >= network.patchSize()) {
      throw new IllegalArgumentException("halo must be in 0.." + ((network.patchSize() - 1) / 2) + " for "
          + network.patchSize() + " px patches, got " + halo);
    }
    if (backgroundChannel < 0 || backgroundChannel >= classes.size()) {
      throw new IllegalArgumentException("backgroundChannel must be a channel 0.." + (classes.size() - 1)
          + ", got " + backgroundChannel);
    }
    createdAt = createdAt.truncatedTo(ChronoUnit.MILLIS);
  }

  private static void requireText(String s, String name) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }

  /** The network's output head. */
  public Head head() {
    return network.head();
  }

  /** Side of the square patches the network was trained on, halo included. */
  public int patchSize() {
    return network.patchSize();
  }

  /** A builder; library versions and creation time default to now and this runtime. */
  public static Builder builder(String modelId, UNetConfig network, List<LabelClass> classes) {
    return new Builder(modelId, network, classes);
  }

  /** A builder starting from these values. */
  public Builder toBuilder() {
    return new Builder(modelId, network, classes).modelVersion(modelVersion).micronsPerPixel(micronsPerPixel)
        .halo(halo).normalisation(normalisation).backgroundChannel(backgroundChannel).lossName(lossName)
        .trainingConfiguration(trainingConfiguration).libraries(libraries).createdAt(createdAt);
  }

  public static final class Builder {
    private final String modelId;
    private UNetConfig network;
    private final List<LabelClass> classes;
    private String modelVersion = "1";
    private double micronsPerPixel = 1.0;
    private int halo;
    private InputNormalisation normalisation = InputNormalisation.CENTRED;
    private int backgroundChannel;
    private String lossName;
    private String trainingConfiguration = "{}";
    private LibraryVersions libraries;
    private Instant createdAt;

    private Builder(String modelId, UNetConfig network, List<LabelClass> classes) {
      this.modelId = modelId;
      this.network = network;
      this.classes = classes;
    }

    public Builder modelVersion(String v) {
      modelVersion = v;
      return this;
    }

    public Builder micronsPerPixel(double v) {
      micronsPerPixel = v;
      return this;
    }

    public Builder halo(int v) {
      halo = v;
      return this;
    }

    public Builder normalisation(InputNormalisation v) {
      normalisation = v;
      return this;
    }

    public Builder backgroundChannel(int v) {
      backgroundChannel = v;
      return this;
    }

    /** Defaults to the head's plain loss: {@code cross-entropy} or {@code binary-cross-entropy}. */
    public Builder lossName(String v) {
      lossName = v;
      return this;
    }

    public Builder network(UNetConfig v) {
      network = v;
      return this;
    }

    public Builder trainingConfiguration(String json) {
      trainingConfiguration = json;
      return this;
    }

    public Builder libraries(LibraryVersions v) {
      libraries = v;
      return this;
    }

    public Builder createdAt(Instant v) {
      createdAt = v;
      return this;
    }

    public ModelMetadata build() {
      String loss = lossName != null ? lossName
          : network != null && network.head() == Head.SIGMOID ? "binary-cross-entropy" : "cross-entropy";
      return new ModelMetadata(modelId, modelVersion, classes, micronsPerPixel, halo, normalisation,
          backgroundChannel, loss, network, trainingConfiguration,
          libraries != null ? libraries : LibraryVersions.current(),
          createdAt != null ? createdAt : Instant.now());
    }
  }
}
