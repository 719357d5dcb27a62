package io.slidestream.models.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slidestream.files.PendingFile;
import io.slidestream.models.runtime.Dl4jRuntime;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The model file: one zip holding the metadata ({@value #METADATA_ENTRY}, JSON, see
 * {@link MetadataJson} for the format) and the network ({@value #NETWORK_ENTRY}, DL4J's own
 * {@link ModelSerializer} format: the graph configuration as JSON plus the weights, and the updater
 * state in checkpoints). The metadata comes first so that tools can read it without the weights.
 *
 * <p>Loading checks, in order, and fails with a {@link ModelFileException} saying what is wrong: the
 * file is a zip with both entries ({@link CorruptModelFileException} if not), the metadata's format
 * version is one this software reads, every class the network configuration names (layers,
 * activations, the loss function — a project's custom loss included) is on the classpath, DL4J can
 * read the network, and the network is the U-Net the metadata describes, head and class count
 * included ({@link IncompatibleModelFileException} for those). Nothing beyond the classpath is
 * needed: DL4J records each custom class by name and rebuilds it with Jackson, so a custom
 * {@code ILossFunction} must have a no-argument constructor and Jackson-visible state.
 *
 * <p>Saving writes the file through a {@link PendingFile} (aside, forced to disk, renamed into place,
 * the directory forced), so neither a crash nor a power loss leaves a half-written model under the
 * final name.
 */
public final class ModelFile {

  /** The metadata entry. */
  public static final String METADATA_ENTRY = "slidestream-model.json";
  /** The DL4J network entry. */
  public static final String NETWORK_ENTRY = "network.dl4j";
  /** The format version this software writes and reads. */
  public static final int FORMAT_VERSION = MetadataJson.FORMAT_VERSION;

  private static final String DL4J_CONFIGURATION = "configuration.json";
  private static final String DL4J_UPDATER = "updaterState.bin";

  private ModelFile() {}

  /** Saves a model for inference: weights without the optimiser state. */
  public static void save(Path file, TrainedModel model) throws IOException {
    write(file, model, false);
  }

  /** Saves a training checkpoint: weights and Adam's state, so that training resumes exactly. */
  public static void saveCheckpoint(Path file, TrainedModel model) throws IOException {
    write(file, model, true);
  }

  /** Loads a model for inference; any optimiser state in the file is skipped. */
  public static TrainedModel load(Path file) throws IOException {
    return read(file, "", false);
  }

  /** Loads a model with its optimiser state when the file has one (a checkpoint), to resume training. */
  public static TrainedModel loadCheckpoint(Path file) throws IOException {
    return read(file, "", true);
  }

  /**
   * Loads, for inference, a model stored in another file's zip under {@code prefix} (its two
   * entries named {@code prefix + }{@value #METADATA_ENTRY} and {@code prefix + }{@value #NETWORK_ENTRY}),
   * with the same checks as {@link #load}: how a compound model file embeds its first network.
   */
  public static TrainedModel loadEmbedded(Path file, String prefix) throws IOException {
    return read(file, prefix, false);
  }

  /** Reads only the metadata, with the same checks as loading it. */
  public static ModelMetadata readMetadata(Path file) throws IOException {
    try (ZipFile zip = open(file)) {
      return MetadataJson.read(entry(zip, METADATA_ENTRY, file), file);
    }
  }

  /** Reads only the metadata of a model embedded under {@code prefix} (see {@link #loadEmbedded}). */
  public static ModelMetadata readEmbeddedMetadata(Path file, String prefix) throws IOException {
    try (ZipFile zip = open(file)) {
      return MetadataJson.read(entry(zip, prefix + METADATA_ENTRY, file), file);
    }
  }

  /**
   * The bytes {@link #save} writes for {@code model}, for a file that embeds a model file's
   * entries (a compound model).
   */
  public static byte[] toBytes(TrainedModel model) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeZip(out, model, false);
    return out.toByteArray();
  }

  private static void write(Path file, TrainedModel model, boolean withUpdater) throws IOException {
    PendingFile.write(file, out -> writeZip(out, model, withUpdater));
  }

  private static void writeZip(OutputStream out, TrainedModel model, boolean withUpdater) throws IOException {
    byte[] metadata = MetadataJson.write(model.metadata());
    ByteArrayOutputStream network = new ByteArrayOutputStream();
    ModelSerializer.writeModel(model.network(), network, withUpdater);
    byte[] networkBytes = network.toByteArray();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry(METADATA_ENTRY));
      zip.write(metadata);
      zip.closeEntry();
      // DL4J's archive is compressed already: store it as it is.
      ZipEntry net = new ZipEntry(NETWORK_ENTRY);
      net.setMethod(ZipEntry.STORED);
      net.setSize(networkBytes.length);
      CRC32 crc = new CRC32();
      crc.update(networkBytes);
      net.setCrc(crc.getValue());
      zip.putNextEntry(net);
      zip.write(networkBytes);
      zip.closeEntry();
    }
  }

  private static TrainedModel read(Path file, String prefix, boolean withUpdater) throws IOException {
    ModelMetadata metadata;
    byte[] network;
    try (ZipFile zip = open(file)) {
      metadata = MetadataJson.read(entry(zip, prefix + METADATA_ENTRY, file), file);
      network = entry(zip, prefix + NETWORK_ENTRY, file);
    }
    requireClassesOnClasspath(network, file);
    Dl4jRuntime.initialise();
    ComputationGraph graph;
    try {
      graph = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(network),
          withUpdater && hasEntry(network, DL4J_UPDATER));
    } catch (IOException | RuntimeException e) {
      throw new CorruptModelFileException(file, "DL4J could not read the network: " + e, e);
    }
    List<String> problems = NetworkCheck.problems(graph, metadata.network());
    if (!problems.isEmpty()) {
      throw new IncompatibleModelFileException(file, "the network does not match its metadata: "
          + String.join("; ", problems));
    }
    return new TrainedModel(graph, metadata);
  }

  private static ZipFile open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no model file there");
    }
    try {
      return new ZipFile(file.toFile());
    } catch (ZipException e) {
      throw new CorruptModelFileException(file, "not a model file (not a readable zip: " + e.getMessage() + ")", e);
    }
  }

  private static byte[] entry(ZipFile zip, String name, Path file) throws IOException {
    ZipEntry e = zip.getEntry(name);
    if (e == null) {
      throw new CorruptModelFileException(file, "the model file has no entry '" + name + "'");
    }
    try (InputStream in = zip.getInputStream(e)) {
      return in.readAllBytes();
    } catch (ZipException | java.io.EOFException ex) {
      throw new CorruptModelFileException(file, "entry '" + name + "' is damaged: " + ex.getMessage(), ex);
    }
  }

  private static boolean hasEntry(byte[] dl4jZip, String name) throws IOException {
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(dl4jZip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        if (e.getName().equals(name)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * DL4J names every polymorphic piece of the configuration (layers, activations, losses, updaters)
   * by class under {@code "@class"}. Checking them first turns a missing custom class into a clear
   * message instead of a Jackson stack trace.
   */
  private static void requireClassesOnClasspath(byte[] dl4jZip, Path file) throws IOException {
    JsonNode conf = null;
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(dl4jZip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        if (e.getName().equals(DL4J_CONFIGURATION)) {
          conf = new ObjectMapper().readTree(in.readAllBytes());
          break;
        }
      }
    } catch (IOException e) {
      throw new CorruptModelFileException(file, "the network entry is not a readable DL4J model: " + e.getMessage(), e);
    }
    if (conf == null) {
      throw new CorruptModelFileException(file, "the network entry has no " + DL4J_CONFIGURATION);
    }
    TreeSet<String> names = new TreeSet<>();
    collectClassNames(conf, names);
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    TreeSet<String> missing = new TreeSet<>();
    for (String name : names) {
      try {
        Class.forName(name, false, loader != null ? loader : ModelFile.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      throw new IncompatibleModelFileException(file, "the network needs classes that are not on the classpath: "
          + missing + " (a custom loss or layer from a library this installation lacks?)");
    }
  }

  private static void collectClassNames(JsonNode node, TreeSet<String> names) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (f.getKey().equals("@class") && f.getValue().isTextual()) {
          names.add(f.getValue().asText());
        } else {
          collectClassNames(f.getValue(), names);
        }
      }
    } else if (node.isArray()) {
      for (JsonNode n : node) {
        collectClassNames(n, names);
      }
    }
  }
}
