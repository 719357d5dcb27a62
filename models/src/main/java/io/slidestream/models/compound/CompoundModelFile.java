package io.slidestream.models.compound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slidestream.files.PendingFile;
import io.slidestream.models.io.CorruptModelFileException;
import io.slidestream.models.io.IncompatibleModelFileException;
import io.slidestream.models.io.ModelFile;
import io.slidestream.models.io.ModelMetadata;
import io.slidestream.models.io.TrainedModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A compound model in one file: a {@link ModelFile} of the second network (its metadata and
 * network entries at the top, so tools and the service read the second network's metadata — the
 * labels' classes, µm/px, patch size — as of any model), plus {@value #SPEC_ENTRY} naming the
 * second network's input channels and the resolution factor, plus the first network's two entries
 * under {@value #FIRST_PREFIX}.
 *
 * <p>Loading fails with the model file's typed errors: {@link CorruptModelFileException} when an
 * entry is missing or unreadable (the first network's included), {@link IncompatibleModelFileException}
 * when the spec's format is unknown or the two networks do not fit together (the second network's
 * input channels are not RGB plus the first's non-background classes, the resolutions are not a
 * whole factor apart, or the spec disagrees with the networks).
 */
public final class CompoundModelFile {

  /** The entry that marks a compound file and names its inputs. */
  public static final String SPEC_ENTRY = "slidestream-compound.json";
  /** Where the first network's entries live. */
  public static final String FIRST_PREFIX = "first-model/";
  /** The spec format this software writes and reads. */
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  private CompoundModelFile() {}

  /** Whether the file is a zip with a compound spec; false for plain model files and non-zips. */
  public static boolean isCompound(Path file) {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try (ZipFile zip = new ZipFile(file.toFile())) {
      return zip.getEntry(SPEC_ENTRY) != null;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Saves both networks for inference (no optimiser state) through a {@link PendingFile}: a crash
   * or a power loss leaves the old file or the new one.
   */
  public static void save(Path file, CompoundModel model) throws IOException {
    byte[] second = ModelFile.toBytes(model.second());
    byte[] first = ModelFile.toBytes(model.first());
    byte[] spec = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(spec(model));
    PendingFile.write(file, out -> {
      try (ZipOutputStream zip = new ZipOutputStream(out)) {
        copyEntries(second, "", zip);
        zip.putNextEntry(new ZipEntry(SPEC_ENTRY));
        zip.write(spec);
        zip.closeEntry();
        copyEntries(first, FIRST_PREFIX, zip);
      }
    });
  }

  private static ObjectNode spec(CompoundModel model) {
    ObjectNode spec = JSON.createObjectNode();
    spec.put("format", FORMAT_VERSION);
    spec.put("scale", model.scale());
    ArrayNode inputs = spec.putArray("inputs");
    model.inputNames().forEach(inputs::add);
    spec.put("first-model", FIRST_PREFIX);
    return spec;
  }

  /** The entries of a model file's bytes, each under {@code prefix} and compressed anew. */
  private static void copyEntries(byte[] modelFile, String prefix, ZipOutputStream to) throws IOException {
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(modelFile))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        to.putNextEntry(new ZipEntry(prefix + e.getName()));
        zip.transferTo(to);
        to.closeEntry();
      }
    }
  }

  /** Loads both networks for inference, checking that they fit together. */
  public static CompoundModel load(Path file) throws IOException {
    CompoundSpec spec = inspect(file);
    TrainedModel second = ModelFile.load(file);
    TrainedModel first = ModelFile.loadEmbedded(file, FIRST_PREFIX);
    if (!first.metadata().equals(spec.first()) || !second.metadata().equals(spec.second())) {
      throw new CorruptModelFileException(file, "the compound model file changed while it was being loaded");
    }
    return new CompoundModel(first, second);
  }

  /**
   * Reads and checks what a compound file says without loading its networks (milliseconds, not
   * seconds): all four network entries are there, the spec parses, both metadata entries read,
   * the two networks' metadata fit together ({@link CompoundModel#check}), the spec's scale and
   * input names are theirs, and patches of the second network's size read {@code scale} times finer
   * suit the first network. Whether each network's weights match its metadata is left to
   * {@link #load}.
   *
   * @throws CorruptModelFileException when an entry is missing or unreadable
   * @throws IncompatibleModelFileException when the spec's format is unknown or the parts disagree
   * @throws java.nio.file.NoSuchFileException when there is no file
   */
  public static CompoundSpec inspect(Path file) throws IOException {
    JsonNode spec = readSpec(file);
    try (ZipFile zip = new ZipFile(file.toFile())) {
      for (String prefix : List.of("", FIRST_PREFIX)) {
        for (String name : List.of(ModelFile.METADATA_ENTRY, ModelFile.NETWORK_ENTRY)) {
          if (zip.getEntry(prefix + name) == null) {
            throw new CorruptModelFileException(file, "the compound model file has no entry '" + prefix + name + "'");
          }
        }
      }
    } catch (ZipException e) {
      throw new CorruptModelFileException(file, "not a readable zip: " + e.getMessage(), e);
    }
    ModelMetadata second = ModelFile.readMetadata(file);
    ModelMetadata first = ModelFile.readEmbeddedMetadata(file, FIRST_PREFIX);
    int scale;
    try {
      scale = CompoundModel.check(first, second);
      first.network().checkInputSize(second.patchSize() * scale, second.patchSize() * scale);
    } catch (IllegalArgumentException e) { // PatchSizeException included
      throw new IncompatibleModelFileException(file, "the compound model's networks do not fit together: "
          + e.getMessage(), e);
    }
    if (!spec.path("scale").isInt() || spec.get("scale").asInt() != scale) {
      throw new IncompatibleModelFileException(file, "the compound spec says scale " + spec.path("scale")
          + " but the networks are " + scale + "× apart");
    }
    List<String> inputs = new ArrayList<>();
    spec.path("inputs").forEach(n -> inputs.add(n.asText()));
    List<String> expected = CompoundModel.inputNames(first);
    if (!inputs.equals(expected)) {
      throw new IncompatibleModelFileException(file, "the compound spec names inputs " + inputs
          + " but the networks make " + expected);
    }
    return new CompoundSpec(first, second, scale, inputs);
  }

  /** The spec entry, parsed, with its format version checked. */
  static JsonNode readSpec(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new java.nio.file.NoSuchFileException(file.toString(), null, "no model file there");
    }
    byte[] bytes;
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipEntry e = zip.getEntry(SPEC_ENTRY);
      if (e == null) {
        throw new CorruptModelFileException(file, "not a compound model file: no entry '" + SPEC_ENTRY + "'");
      }
      try (InputStream in = zip.getInputStream(e)) {
        bytes = in.readAllBytes();
      }
    } catch (ZipException | java.io.EOFException e) {
      throw new CorruptModelFileException(file, "not a readable zip: " + e.getMessage(), e);
    }
    JsonNode spec;
    try {
      spec = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new CorruptModelFileException(file, "entry '" + SPEC_ENTRY + "' is not JSON: " + e.getMessage(), e);
    }
    if (spec == null || !spec.isObject() || !spec.path("format").isInt()) {
      throw new CorruptModelFileException(file, "entry '" + SPEC_ENTRY + "' has no format version");
    }
    if (spec.get("format").asInt() != FORMAT_VERSION) {
      throw new IncompatibleModelFileException(file, "compound format " + spec.get("format").asInt()
          + " is not one this software reads (it reads " + FORMAT_VERSION + ")");
    }
    if (!FIRST_PREFIX.equals(spec.path("first-model").asText())) {
      throw new IncompatibleModelFileException(file, "the compound spec keeps the first model at '"
          + spec.path("first-model").asText() + "', this software reads it from '" + FIRST_PREFIX + "'");
    }
    return spec;
  }
}
