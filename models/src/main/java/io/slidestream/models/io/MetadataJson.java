package io.slidestream.models.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slidestream.images.LabelClass;
import io.slidestream.models.runtime.LibraryVersions;
import io.slidestream.models.unet.Head;
import io.slidestream.models.unet.InputNormalisation;
import io.slidestream.models.unet.UNetConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The metadata entry of a model file as JSON, written by hand so that the file format is exactly
 * what is documented here and nothing moves when a record gains a method.
 *
 * <pre>{@code
 * { "format": "slidestream-model", "formatVersion": 1,
 *   "modelId": "crc-tissue", "modelVersion": "3", "createdAt": "2025-01-31T12:00:00.000Z",
 *   "classes": [ {"channel": 0, "id": 1, "name": "Tumor", "colour": "#c80000"}, ... ],
 *   "micronsPerPixel": 1.0, "halo": 32,
 *   "input": {"layout": "NCHW", "channels": "RGB", "scale": 0.00392156862745098,
 *             "mean": [0.5, 0.5, 0.5], "std": [0.5, 0.5, 0.5]},
 *   "head": "softmax", "backgroundChannel": 0, "loss": "partial-ce",
 *   "network": {"architecture": "unet-bokhorst", "levels": 5, "filters": 32, "patchSize": 384,
 *               "inputChannels": 3, "classes": 6, "head": "softmax", "seed": 1, "learningRate": 1e-5,
 *               "dropout": 0.0, "batchNorm": false},
 *   "training": { ...the trainer's configuration, opaque... },
 *   "libraries": {"dl4j": "1.0.0-M2.1", "nd4jBackend": "nd4j-native 1.0.0-M2.1 +onednn", "java": "17..."} }
 * }</pre>
 *
 * Input value = {@code (byte · scale − mean[c]) / std[c]} per channel, planar NCHW.
 */
final class MetadataJson {

  static final String FORMAT = "slidestream-model";
  static final int FORMAT_VERSION = 1;
  static final String ARCHITECTURE = "unet-bokhorst";

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private MetadataJson() {}

  /** {@code json} written compactly; throws IllegalArgumentException unless it is one JSON object. */
  static String compactObject(String json, String what) {
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException(what + " must be a JSON object");
      }
      return node.toString();
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  static byte[] write(ModelMetadata m) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("formatVersion", FORMAT_VERSION);
    root.put("modelId", m.modelId());
    root.put("modelVersion", m.modelVersion());
    root.put("createdAt", m.createdAt().toString());
    ArrayNode classes = root.putArray("classes");
    for (int c = 0; c < m.classes().size(); c++) {
      LabelClass k = m.classes().get(c);
      classes.addObject().put("channel", c).put("id", k.id()).put("name", k.name())
          .put("colour", String.format(Locale.ROOT, "#%06x", k.rgb()));
    }
    root.put("micronsPerPixel", m.micronsPerPixel());
    root.put("halo", m.halo());
    ObjectNode input = root.putObject("input");
    input.put("layout", "NCHW").put("channels", "RGB").put("scale", 1 / 255.0);
    ArrayNode mean = input.putArray("mean");
    ArrayNode std = input.putArray("std");
    for (int c = 0; c < 3; c++) {
      mean.add(m.normalisation().mean()[c]);
      std.add(m.normalisation().std()[c]);
    }
    root.put("head", m.head().configName());
    root.put("backgroundChannel", m.backgroundChannel());
    root.put("loss", m.lossName());
    UNetConfig n = m.network();
    root.putObject("network").put("architecture", ARCHITECTURE).put("levels", n.levels()).put("filters", n.filters())
        .put("patchSize", n.patchSize()).put("inputChannels", n.inputChannels()).put("classes", n.classes())
        .put("head", n.head().configName()).put("seed", n.seed()).put("learningRate", n.learningRate())
        .put("dropout", n.dropout()).put("batchNorm", n.batchNorm());
    try {
      root.set("training", MAPPER.readTree(m.trainingConfiguration()));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("training configuration is not valid JSON", e);
    }
    root.putObject("libraries").put("dl4j", m.libraries().dl4j()).put("nd4jBackend", m.libraries().nd4jBackend())
        .put("java", m.libraries().java());
    try {
      return MAPPER.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses and checks the metadata; {@code file} is for messages. */
  static ModelMetadata read(byte[] json, Path file) throws ModelFileException {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new CorruptModelFileException(file, "the metadata is not valid JSON: " + e.getMessage(), e);
    }
    Fields f = new Fields(file);
    if (!FORMAT.equals(f.text(root, "format"))) {
      throw new CorruptModelFileException(file, "the metadata is not of format '" + FORMAT + "'");
    }
    int version = f.integer(root, "formatVersion");
    if (version != FORMAT_VERSION) {
      throw new IncompatibleModelFileException(file, "model file format version " + version + " is not supported;"
          + " this software reads version " + FORMAT_VERSION
          + (version > FORMAT_VERSION ? " (the file was written by a newer Slidestream)" : ""));
    }
    JsonNode net = f.object(root, "network");
    String architecture = f.text(net, "architecture");
    if (!ARCHITECTURE.equals(architecture)) {
      throw new IncompatibleModelFileException(file, "unknown network architecture '" + architecture + "'");
    }
    Head head = f.head(root, "head");
    Head netHead = f.head(net, "head");
    if (head != netHead) {
      throw new CorruptModelFileException(file, "the metadata declares a " + head.configName()
          + " head but its network section a " + netHead.configName() + " head");
    }
    List<LabelClass> classes = new ArrayList<>();
    JsonNode list = root.get("classes");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new CorruptModelFileException(file, "the metadata lacks its list of classes");
    }
    for (int c = 0; c < list.size(); c++) {
      JsonNode k = list.get(c);
      if (f.integer(k, "channel") != c) {
        throw new CorruptModelFileException(file, "classes must be listed in channel order; entry " + c
            + " is for channel " + k.get("channel"));
      }
      String colour = f.text(k, "colour");
      if (!colour.matches("#[0-9a-fA-F]{6}")) {
        throw new CorruptModelFileException(file, "class colour '" + colour + "' is not #rrggbb");
      }
      classes.add(f.build(() -> new LabelClass(f.integer(k, "id"), f.text(k, "name"),
          Integer.parseInt(colour.substring(1), 16))));
    }
    JsonNode input = f.object(root, "input");
    if (!"NCHW".equals(f.text(input, "layout")) || !"RGB".equals(f.text(input, "channels"))
        || Math.abs(f.number(input, "scale") - 1 / 255.0) > 1e-12) {
      throw new IncompatibleModelFileException(file, "input must be RGB, NCHW, scaled by 1/255; the file says "
          + input);
    }
    InputNormalisation normalisation = f.build(() -> InputNormalisation.of(f.triple(input, "mean"),
        f.triple(input, "std")));
    UNetConfig network = f.build(() -> UNetConfig.builder().levels(f.integer(net, "levels"))
        .filters(f.integer(net, "filters")).patchSize(f.integer(net, "patchSize"))
        .inputChannels(f.integer(net, "inputChannels")).classes(f.integer(net, "classes")).head(netHead)
        .seed(f.longInteger(net, "seed")).learningRate(f.number(net, "learningRate"))
        .dropout(f.number(net, "dropout")).batchNorm(f.bool(net, "batchNorm")).build());
    if (network.classes() != classes.size()) {
      throw new IncompatibleModelFileException(file, classes.size() + " classes are named for a network with "
          + network.classes() + " output channels");
    }
    JsonNode training = root.get("training");
    JsonNode libs = f.object(root, "libraries");
    LibraryVersions libraries = new LibraryVersions(f.text(libs, "dl4j"), f.text(libs, "nd4jBackend"),
        f.text(libs, "java"));
    Instant created;
    try {
      created = Instant.parse(f.text(root, "createdAt"));
    } catch (DateTimeParseException e) {
      throw new CorruptModelFileException(file, "createdAt is not an ISO-8601 instant", e);
    }
    return f.build(() -> new ModelMetadata(f.text(root, "modelId"), f.text(root, "modelVersion"), classes,
        f.number(root, "micronsPerPixel"), f.integer(root, "halo"), normalisation,
        f.integer(root, "backgroundChannel"), f.text(root, "loss"), network,
        training == null || training.isNull() ? "{}" : training.toString(), libraries, created));
  }

  /** Typed reads of required fields; a missing or mistyped field is a corrupt file. */
  private record Fields(Path file) {

    interface Construction<T> {
      T get() throws ModelFileException;
    }

    /** Runs a constructor whose argument checks throw IllegalArgumentException: that is corruption too. */
    <T> T build(Construction<T> c) throws ModelFileException {
      try {
        return c.get();
      } catch (IllegalArgumentException e) {
        throw new CorruptModelFileException(file, "invalid metadata: " + e.getMessage(), e);
      }
    }

    private JsonNode field(JsonNode node, String name) throws CorruptModelFileException {
      JsonNode v = node.get(name);
      if (v == null || v.isNull()) {
        throw new CorruptModelFileException(file, "the metadata lacks the field '" + name + "'");
      }
      return v;
    }

    private CorruptModelFileException wrongType(String name, String type, JsonNode v) {
      return new CorruptModelFileException(file, "metadata field '" + name + "' must be " + type + ", got " + v);
    }

    String text(JsonNode node, String name) throws CorruptModelFileException {
      JsonNode v = field(node, name);
      if (!v.isTextual()) {
        throw wrongType(name, "a string", v);
      }
      return v.asText();
    }

    int integer(JsonNode node, String name) throws CorruptModelFileException {
      JsonNode v = field(node, name);
      if (!v.isInt()) {
        throw wrongType(name, "an integer", v);
      }
      return v.intValue();
    }

    long longInteger(JsonNode node, String name) throws CorruptModelFileException {
      JsonNode v = field(node, name);
      if (!v.isIntegralNumber() || !v.canConvertToLong()) {
        throw wrongType(name, "an integer", v);
      }
      return v.longValue();
    }

    double number(JsonNode node, String name) throws CorruptModelFileException {
      JsonNode v = field(node, name);
      if (!v.isNumber()) {
        throw wrongType(name, "a number", v);
      }
      return v.doubleValue();
    }

    boolean bool(JsonNode node, String name) throws CorruptModelFileException {
      JsonNode v = field(node, name);
      if (!v.isBoolean()) {
        throw wrongType(name, "true or false", v);
      }
      return v.booleanValue();
    }

    JsonNode object(JsonNode node, String name) throws CorruptModelFileException {
      JsonNode v = field(node, name);
      if (!v.isObject()) {
        throw wrongType(name, "an object", v);
      }
      return v;
    }

    double[] triple(JsonNode node, String name) throws CorruptModelFileException {
      JsonNode v = field(node, name);
      if (!v.isArray() || v.size() != 3) {
        throw wrongType(name, "three numbers", v);
      }
      double[] out = new double[3];
      for (int i = 0; i < 3; i++) {
        if (!v.get(i).isNumber()) {
          throw wrongType(name, "three numbers", v);
        }
        out[i] = v.get(i).doubleValue();
      }
      return out;
    }

    Head head(JsonNode node, String name) throws ModelFileException {
      String h = text(node, name);
      try {
        return Head.fromConfigName(h);
      } catch (IllegalArgumentException e) {
        throw new IncompatibleModelFileException(file, e.getMessage(), e);
      }
    }
  }
}
