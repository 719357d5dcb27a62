package io.slidestream.hem.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/** Training events as JSON, {@code "schema": "slidestream.training/1"} first. Thread-safe. */
public final class TrainingEventCodec {

  private final ObjectMapper json = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .addModule(new SimpleModule("instants")
          .addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers)
                throws IOException {
              gen.writeString(value.toString());
            }
          })
          .addDeserializer(Instant.class, new JsonDeserializer<>() {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
              return Instant.parse(p.getValueAsString());
            }
          }))
      .build();

  public String toJson(TrainingEvent event) {
    ObjectNode node = json.createObjectNode();
    node.put("schema", TrainingEvent.SCHEMA);
    node.setAll((ObjectNode) json.valueToTree(event));
    try {
      return json.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads an event.
   *
   * @throws IllegalArgumentException when the text is not a {@code slidestream.training/1.x} event
   */
  public TrainingEvent fromJson(String text) {
    try {
      JsonNode tree = json.readTree(text);
      String schema = tree == null || tree.get("schema") == null ? "" : tree.get("schema").asText();
      if (!schema.equals(TrainingEvent.SCHEMA) && !schema.startsWith(TrainingEvent.SCHEMA + ".")) {
        throw new IllegalArgumentException("not a " + TrainingEvent.SCHEMA + " event: schema '" + schema + "'");
      }
      ObjectNode fields = ((ObjectNode) tree).deepCopy();
      fields.remove("schema");
      return json.treeToValue(fields, TrainingEvent.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a training event: " + e.getMessage(), e);
    }
  }
}
