package io.slidestream.images.readers.synthetic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.slidestream.files.PendingFile;
import io.slidestream.images.readers.SlideException;
import io.slidestream.images.readers.SlideReader;
import io.slidestream.images.readers.SlideReaderProvider;
import io.slidestream.images.readers.SlideReaders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@value #NAME}: opens a {@code *.synthetic.json} spec (see {@link SyntheticSlideSpec} for the
 * fields) as a slide rendered on the fly, for tests and demos without image files.
 */
public final class SyntheticSlideReaderProvider implements SlideReaderProvider {

  public static final String NAME = "synthetic";
  public static final String SUFFIX = ".synthetic.json";
  /** A spec is a few lines; anything bigger is not one and is not read into memory. */
  static final long MAX_SPEC_BYTES = 64 * 1024;

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return 10;
  }

  @Override
  public boolean isAvailable() {
    return true;
  }

  @Override
  public boolean canOpen(Path file) {
    Path name = file.getFileName();
    return name != null && name.toString().endsWith(SUFFIX);
  }

  @Override
  public SlideReader open(Path file) {
    return new SyntheticSlideReader(SyntheticSlide.of(readSpec(file)));
  }

  /** Parses and validates a spec file. */
  public static SyntheticSlideSpec readSpec(Path file) {
    SlideReaders.requireRegularFile(file);
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new SlideException.NotFound(file, "cannot read the synthetic slide spec: " + e.getMessage());
    }
    if (size > MAX_SPEC_BYTES) {
      throw new SlideException.TooLarge(file, "a synthetic slide spec is a small JSON object; this file has "
          + size + " bytes (limit " + MAX_SPEC_BYTES + ")");
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new SlideException.Corrupt(file, "not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new SlideException.NotFound(file, "cannot read the synthetic slide spec: " + e.getMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw new SlideException.Corrupt(file, "a synthetic slide spec must be a JSON object");
    }
    for (String side : new String[] {"width", "height"}) {
      JsonNode v = tree.get(side);
      if (v != null && v.isNumber() && v.asDouble() > SyntheticSlideSpec.MAX_SIDE) {
        throw new SlideException.TooLarge(file, side + " " + v.asText() + " exceeds the synthetic slide limit of "
            + SyntheticSlideSpec.MAX_SIDE + " pixels");
      }
    }
    try {
      return JSON.treeToValue(tree, SyntheticSlideSpec.class);
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
      String msg = cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
      throw new SlideException.Corrupt(file, "invalid synthetic slide spec: " + msg, e);
    }
  }

  /** Writes a spec as a {@code *.synthetic.json} file that {@link #open} reads back (through a {@link PendingFile}). */
  public static void writeSpec(SyntheticSlideSpec spec, Path file) throws IOException {
    PendingFile.write(file, out -> JSON.writerWithDefaultPrettyPrinter().writeValue(out, spec));
  }
}
