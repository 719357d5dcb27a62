package io.slidestream.models.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.slidestream.files.PendingFile;
import java.io.IOException;
import java.nio.file.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Checkpoint files, each written whole through a {@link PendingFile}: a kill or a power loss at any
 * moment leaves either the previous file or the new one, never a torn one. What this class adds is
 * only how a network and a JSON value become bytes.
 */
public final class AtomicFiles {

  private static final ObjectMapper JSON = new ObjectMapper();

  private AtomicFiles() {}

  /** A network, with its updater state (Adam's moments) when {@code withUpdater}, as {@code ModelSerializer} writes it. */
  public static void network(ComputationGraph net, Path target, boolean withUpdater) throws IOException {
    PendingFile.write(target, out -> ModelSerializer.writeModel(net, out, withUpdater));
  }

  public static void bytes(byte[] data, Path target) throws IOException {
    PendingFile.write(target, data);
  }

  /** A value as JSON (records included). */
  public static void json(Object value, Path target) throws IOException {
    PendingFile.write(target, out -> JSON.writeValue(out, value));
  }
}
