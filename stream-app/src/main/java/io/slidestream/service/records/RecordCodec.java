package io.slidestream.service.records;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
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
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one JSON codec of the service's records. Writes {@code "schema"} first, then the record's
 * fields in declaration order; reads any value whose schema names the expected kind with major
 * version {@value #MAJOR_VERSION} (a minor version, {@code /1.3}, is a compatible addition), ignores
 * fields it does not know, and refuses anything else with a {@link MalformedRecordException} that
 * says what is wrong. A key given twice in one object is refused (with the last value winning, a
 * filter that checked the first could be bypassed). Timestamps are ISO-8601 strings; byte arrays
 * base64. Thread-safe.
 */
public final class RecordCodec {

  /** The schema major version this service writes and reads. */
  public static final int MAJOR_VERSION = 1;

  private static final Map<Class<?>, String> KINDS = Map.of(
      JobRecord.class, "slidestream.job",
      TileRecord.class, "slidestream.tile",
      MaskRecord.class, "slidestream.mask",
      JobEvent.class, "slidestream.event",
      DeadLetter.class, "slidestream.dead-letter",
      InstanceStatus.class, "slidestream.status");

  private static final Pattern SCHEMA = Pattern.compile("([a-z][a-z.-]*)/([0-9]{1,9})(?:\\.[0-9]{1,9})?");
  private static final Pattern MISSING_CREATOR_PROPERTY = Pattern.compile("Missing required creator property '([^']*)'.*",
      Pattern.DOTALL);
  /** {@code java.lang.Integer} in Jackson's messages: the class's simple name is enough for a person. */
  private static final Pattern QUALIFIED_CLASS = Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+([A-Z]\\w*)");
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
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
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

  /** Reads a job record, refusing a value above {@link JobRecord#MAX_VALUE_BYTES} before parsing it. */
  public JobRecord decodeJob(byte[] value) {
    if (value != null && value.length > JobRecord.MAX_VALUE_BYTES) {
      throw new MalformedRecordException("the job record has " + value.length + " bytes, more than the limit of "
          + JobRecord.MAX_VALUE_BYTES);
    }
    return decode(value, JobRecord.class);
  }

  /**
   * The {@code jobId} of a value that is one JSON object (whatever else is wrong with it) with
   * exactly one top-level {@code jobId} field, a string; empty otherwise. Read as a stream, so it
   * holds nothing of the value but that string.
   */
  public Optional<String> readableJobId(byte[] value) {
    if (value == null || value.length == 0) {
      return Optional.empty();
    }
    // A plain parser: duplicate keys elsewhere must not hide the id, a duplicated id is no id.
    try (JsonParser p = new com.fasterxml.jackson.core.JsonFactory().createParser(value)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      String id = null;
      int ids = 0;
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if ("jobId".equals(name)) {
          ids++;
          id = v == JsonToken.VALUE_STRING ? p.getText() : null;
        } else {
          p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null || ids != 1) {
        return Optional.empty();
      }
      return Optional.ofNullable(id);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The value as text (undecodable bytes replaced) cut so that, written as a JSON string with this
   * codec's escaping, it takes at most {@code maxJsonBytes} bytes of UTF-8: a record carrying it
   * then fits a topic's byte limit whatever characters the value holds (a control character takes
   * six bytes escaped, a non-Latin letter two or three).
   */
  public static String textWithin(byte[] value, int maxJsonBytes) {
    String text = new String(value, StandardCharsets.UTF_8);
    // Room for the quotes and the note on what was cut.
    int budget = maxJsonBytes - 2;
    long total = 0;
    int cut = -1;
    int reserve = 64;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int bytes = jsonBytes(cp);
      if (cut < 0 && total + bytes > budget - reserve) {
        cut = i;
      }
      total += bytes;
      i += Character.charCount(cp);
    }
    if (total <= budget) {
      return text;
    }
    return text.substring(0, cut) + "…[" + (text.length() - cut) + " more characters cut]";
  }

  /** Bytes of one code point in a JSON string as Jackson writes it (no escaping of non-ASCII). */
  private static int jsonBytes(int cp) {
    if (cp == '"' || cp == '\\' || cp == '\b' || cp == '\t' || cp == '\n' || cp == '\f' || cp == '\r') {
      return 2;
    }
    if (cp < 0x20) {
      return 6;
    }
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
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
    String firstLine = QUALIFIED_CLASS.matcher(msg.lines().findFirst().orElse(msg)).replaceAll("$1");
    return path.isEmpty() ? firstLine : "field '" + path + "': " + firstLine;
  }

  private static String originalMessage(IOException e) {
    String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    return m == null ? "unreadable input" : QUALIFIED_CLASS.matcher(m).replaceAll("$1");
  }

  private static String kindOf(Class<?> type) {
    String kind = KINDS.get(type);
    if (kind == null) {
      throw new IllegalArgumentException(type.getName() + " is not a service record");
    }
    return kind;
  }
}
