package io.slidestream.service.records;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one JSON codec of the service's records. Writes {@code "schema"} first, then the record's
 * fields in declaration order; reads any value whose schema names the expected kind with major
 * version {@value #MAJOR_VERSION} (a minor version, {@code /1.3}, is a compatible addition), ignores
 * fields it does not know, and refuses anything else with a {@link MalformedRecordException} that
 * says what is wrong. Timestamps are ISO-8601 strings; byte arrays base64. Thread-safe.
 */
public final class RecordCodec {

  /** The schema major version this service writes and reads. */
  public static final int MAJOR_VERSION = 1;

  private static final Map<Class<?>, String> KINDS = Map.of(
      JobRecord.class, "slidestream.job",
      TileRecord.class, "slidestream.tile",
      MaskRecord.class, "slidestream.mask",
      JobEvent.class, "slidestream.event",
      DeadLetter.class, "slidestream.dead-letter");

  private static final Pattern SCHEMA = Pattern.compile("([a-z][a-z.-]*)/([0-9]{1,9})(?:\\.[0-9]{1,9})?");
  private static final Pattern MISSING_CREATOR_PROPERTY = Pattern.compile("Missing required creator property '([^']*)'.*",
      Pattern.DOTALL);
  private static final RecordCodec SHARED = new RecordCodec();

  private final ObjectMapper json;

  public RecordCodec() {
    SimpleModule instants = new SimpleModule("instants")
        .addSerializer(Instant.class, new JsonSerializer<>() {
          @Override
          public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(value.toString());
          }
        })
        .addDeserializer(Instant.class, new JsonDeserializer<>() {
          @Override
          public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            try {
              return text == null ? null : Instant.parse(text);
            } catch (DateTimeParseException e) {
              return (Instant) ctxt.handleWeirdStringValue(Instant.class, text,
                  "not an ISO-8601 instant such as 2025-01-31T12:00:00Z");
            }
          }
        });
    json = JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .addModule(instants)
        .build();
  }

  /** A codec shared by everyone in this JVM (it holds no per-call state). */
  public static RecordCodec shared() {
    return SHARED;
  }

  /** {@code "slidestream.<kind>/1"} for a record type. */
  public static String schemaOf(Class<?> type) {
    return kindOf(type) + "/" + MAJOR_VERSION;
  }

  /** The record as UTF-8 JSON. */
  public byte[] encode(Object record) {
    return toJson(record).getBytes(StandardCharsets.UTF_8);
  }

  /** The record as JSON text, {@code schema} first. */
  public String toJson(Object record) {
    ObjectNode node = json.createObjectNode();
    node.put("schema", schemaOf(record.getClass()));
    node.setAll((ObjectNode) json.valueToTree(record));
    try {
      return json.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("a record tree always serialises", e);
    }
  }

  /** Reads a record of the given type from UTF-8 JSON. */
  public <T> T decode(byte[] value, Class<T> type) {
    if (value == null || value.length == 0) {
      throw new MalformedRecordException("empty record: expected a " + schemaOf(type) + " JSON object");
    }
    JsonNode tree;
    try {
      tree = json.readTree(value);
    } catch (IOException e) {
      throw new MalformedRecordException("not valid JSON: " + originalMessage(e), e);
    }
    return fromTree(tree, type);
  }

  /** Reads a record of the given type from JSON text. */
  public <T> T decode(String value, Class<T> type) {
    return decode(value == null ? null : value.getBytes(StandardCharsets.UTF_8), type);
  }

  public JobRecord decodeJob(byte[] value) {
    return decode(value, JobRecord.class);
  }

  private <T> T fromTree(JsonNode tree, Class<T> type) {
    String expected = schemaOf(type);
    if (tree == null || tree.getNodeType() != JsonNodeType.OBJECT) {
      throw new MalformedRecordException("not a JSON object: expected a " + expected + " record");
    }
    JsonNode schema = tree.get("schema");
    if (schema == null || schema.isNull()) {
      throw new MalformedRecordException("missing required field 'schema' (expected \"" + expected + "\")");
    }
    Matcher m = SCHEMA.matcher(schema.isTextual() ? schema.asText() : "");
    if (!m.matches()) {
      throw new MalformedRecordException("malformed schema " + schema + ": expected \"" + expected + "\"");
    }
    if (!m.group(1).equals(kindOf(type))) {
      throw new MalformedRecordException("a " + m.group(1) + " record where a " + kindOf(type) + " record was expected");
    }
    if (Long.parseLong(m.group(2)) != MAJOR_VERSION) {
      throw new MalformedRecordException("unsupported schema version " + schema.asText() + ": this service reads "
          + expected + " (and compatible " + expected + ".x)");
    }
    ObjectNode fields = ((ObjectNode) tree).deepCopy();
    fields.remove("schema");
    try {
      return json.treeToValue(fields, type);
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new MalformedRecordException("invalid " + expected + " record: " + cause.getMessage(), e);
    } catch (MismatchedInputException e) {
      throw new MalformedRecordException("invalid " + expected + " record: " + describe(e), e);
    } catch (JsonProcessingException e) {
      throw new MalformedRecordException("invalid " + expected + " record: " + originalMessage(e), e);
    }
  }

  private static String describe(MismatchedInputException e) {
    String msg = originalMessage(e);
    Matcher missing = MISSING_CREATOR_PROPERTY.matcher(msg);
    if (missing.matches()) {
      return "missing required field '" + missing.group(1) + "'";
    }
    String path = e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("");
    String firstLine = msg.lines().findFirst().orElse(msg);
    return path.isEmpty() ? firstLine : "field '" + path + "': " + firstLine;
  }

  private static String originalMessage(IOException e) {
    String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  private static String kindOf(Class<?> type) {
    String kind = KINDS.get(type);
    if (kind == null) {
      throw new IllegalArgumentException(type.getName() + " is not a service record");
    }
    return kind;
  }
}
