package io.slidestream.models.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Checkpoint files written so that a kill at any moment leaves either the previous file or the new
 * one, never a torn one: each is written to a sibling {@code .tmp} file and renamed over the
 * target in one atomic move.
 */
public final class AtomicFiles {

  private static final ObjectMapper JSON = new ObjectMapper();

  private AtomicFiles() {}

  /** A network, with its updater state (Adam's moments) when {@code withUpdater}, as {@code ModelSerializer} writes it. */
  public static void network(ComputationGraph net, Path target, boolean withUpdater) throws IOException {
    Path tmp = temporary(target);
    ModelSerializer.writeModel(net, tmp.toFile(), withUpdater);
    replace(tmp, target);
  }

  public static void bytes(byte[] data, Path target) throws IOException {
    Path tmp = temporary(target);
    Files.write(tmp, data);
    replace(tmp, target);
  }

  /** A value as JSON (records included). */
  public static void json(Object value, Path target) throws IOException {
    Path tmp = temporary(target);
    JSON.writeValue(tmp.toFile(), value);
    replace(tmp, target);
  }

  private static Path temporary(Path target) {
    return target.resolveSibling(target.getFileName() + ".tmp");
  }

  private static void replace(Path tmp, Path target) throws IOException {
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
