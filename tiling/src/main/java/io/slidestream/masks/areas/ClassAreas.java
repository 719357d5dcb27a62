package io.slidestream.masks.areas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Per-class pixel counts and areas of one slide's mask: the content of {@code <slideId>.areas.json}
 * and a value the service can put into its per-slide record as it is.
 *
 * @param slideId         the mask's slide
 * @param width           mask width in pixels
 * @param height          mask height in pixels
 * @param micronsPerPixel mask pixel size, or null when unknown
 * @param pixelAreaUm2    area of one mask pixel in µm², or null
 * @param totalPixels     {@code width × height}
 * @param classes         every class the spec names, then any other id that occurs, by id
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClassAreas(
    String slideId,
    long width,
    long height,
    Double micronsPerPixel,
    Double pixelAreaUm2,
    long totalPixels,
    List<ClassArea> classes) {

  public ClassAreas {
    classes = List.copyOf(classes);
  }

  public Optional<ClassArea> byId(int id) {
    return classes.stream().filter(c -> c.id() == id).findFirst();
  }

  /** Reads a file written by {@link ClassAreasWriter}. */
  public static ClassAreas read(Path file) throws IOException {
    return new ObjectMapper().readValue(file.toFile(), ClassAreas.class);
  }
}
