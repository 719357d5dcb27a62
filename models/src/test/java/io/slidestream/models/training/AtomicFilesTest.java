package io.slidestream.models.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.models.fixtures.SingleThreadedNd4j;
import io.slidestream.models.fixtures.TinyNets;
import io.slidestream.models.losses.PartialCrossEntropy;
import io.slidestream.testdata.PendingFileChecks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

/** Checkpoint files go through a pending file: parts of crashed writes go, a failed write changes nothing. */
@ExtendWith(SingleThreadedNd4j.class)
class AtomicFilesTest {

  @TempDir
  Path dir;

  /** A value Jackson cannot write: its only property throws. */
  public static final class Unwritable {
    public int getCycle() {
      throw new IllegalStateException("no cycle");
    }
  }

  @Test
  void networksBytesAndJsonReplaceTheirFilesAndLeaveNoParts() throws IOException {
    ComputationGraph net = TinyNets.graph(new PartialCrossEntropy(), 3, 4, 3, 16, DataType.FLOAT, new Adam(1e-3), 7);
    Path network = dir.resolve("checkpoint.zip");
    Path pool = dir.resolve("pool.bin");
    Path state = dir.resolve("state.json");
    for (Path p : new Path[] {network, pool, state}) {
      Files.writeString(p, "older");
      PendingFileChecks.abandonedPart(p);
    }
    AtomicFiles.network(net, network, true);
    AtomicFiles.bytes(new byte[] {1, 2, 3}, pool);
    AtomicFiles.json(Map.of("cycle", 4), state);
    PendingFileChecks.onlyFiles(dir, network, pool, state);
    assertThat(ModelSerializer.restoreComputationGraph(network.toFile(), true).params()).isEqualTo(net.params());
    assertThat(Files.readAllBytes(pool)).containsExactly(1, 2, 3);
    assertThat(Files.readString(state, StandardCharsets.UTF_8)).isEqualTo("{\"cycle\":4}");
  }

  @Test
  void aFailedWriteLeavesTheOldFileAndNoPart() throws IOException {
    Path state = dir.resolve("state.json");
    AtomicFiles.json(Map.of("cycle", 1), state);
    assertThatThrownBy(() -> AtomicFiles.json(new Unwritable(), state)).isInstanceOf(IOException.class);
    assertThat(state).hasContent("{\"cycle\":1}");
    PendingFileChecks.onlyFiles(dir, state);
  }
}
