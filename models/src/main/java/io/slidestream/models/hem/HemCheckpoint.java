package io.slidestream.models.hem;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.slidestream.models.training.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The trainer's checkpoint at the end of a cycle, as files in the output directory: the network
 * with its updater, the pool, the error maps the next cycle samples from, and last a state file
 * ({@code NAME.hem.json}) naming those files with everything else (cycle, iteration, k, learning
 * rate schedule, slide-error table). Every file is written whole and renamed into place; the
 * state file is written last, so whatever it names is complete, and a kill while writing cycle
 * c's files leaves cycle c − 1's checkpoint valid. Files of older cycles are deleted afterwards.
 */
final class HemCheckpoint {

  /**
   * What the state file holds.
   *
   * @param cycle        the cycle that ended (a resumed run continues with cycle + 1)
   * @param iteration    mini-batches trained so far
   * @param k            k of cycle + 1
   * @param learningRate the current learning rate
   * @param bestDice     the best validation Dice so far (-1 before the first validation)
   * @param sinceBest    validations since that best
   * @param slideErrors  the slide-error table (null: never mapped)
   * @param network      file name of the network with updater
   * @param pool         file name of the pool
   * @param maps         file names of the error maps cycle + 1 samples from
   */
  record State(long cycle, long iteration, int k, double learningRate, double bestDice, int sinceBest,
      List<Double> slideErrors, String network, String pool, List<String> maps) {

    double[] slideErrorTable() {
      return slideErrors.stream().mapToDouble(e -> e == null ? Double.NaN : e).toArray();
    }
  }

  /** A checkpoint as read back. */
  record Restored(State state, ComputationGraph network, PatchPool pool, List<ErrorMap> maps) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final String name;

  HemCheckpoint(Path dir, String name) {
    this.dir = dir;
    this.name = name;
  }

  Path stateFile() {
    return dir.resolve(name + ".hem.json");
  }

  private String prefix(long cycle) {
    return name + ".hem-" + cycle;
  }

  void write(long cycle, long iteration, int k, double learningRate, double bestDice, int sinceBest,
      double[] slideErrors, ComputationGraph net, PatchPool pool, List<ErrorMap> maps) throws IOException {
    String network = prefix(cycle) + ".net.zip";
    String poolFile = prefix(cycle) + ".pool.bin";
    AtomicFiles.network(net, dir.resolve(network), true);
    AtomicFiles.bytes(pool.toBytes(), dir.resolve(poolFile));
    List<String> mapFiles = new ArrayList<>();
    for (int i = 0; i < maps.size(); i++) {
      String f = prefix(cycle) + ".map-" + i + ".bin";
      AtomicFiles.bytes(maps.get(i).toBytes(), dir.resolve(f));
      mapFiles.add(f);
    }
    List<Double> table = new ArrayList<>();
    for (double e : slideErrors) {
      table.add(Double.isNaN(e) ? null : e);
    }
    AtomicFiles.json(new State(cycle, iteration, k, learningRate, bestDice, sinceBest, table, network, poolFile,
        mapFiles), stateFile());
    deleteOlderThan(cycle);
  }

  /** The last checkpoint, or null when there is none. */
  Restored read() throws IOException {
    if (!Files.exists(stateFile())) {
      return null;
    }
    State s = JSON.readValue(stateFile().toFile(), State.class);
    ComputationGraph net = ModelSerializer.restoreComputationGraph(dir.resolve(s.network()).toFile(), true);
    PatchPool pool = PatchPool.fromBytes(Files.readAllBytes(dir.resolve(s.pool())));
    List<ErrorMap> maps = new ArrayList<>();
    for (String f : s.maps()) {
      maps.add(ErrorMap.fromBytes(Files.readAllBytes(dir.resolve(f))));
    }
    return new Restored(s, net, pool, maps);
  }

  private void deleteOlderThan(long cycle) throws IOException {
    String stem = name + ".hem-";
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        String n = f.getFileName().toString();
        if (n.startsWith(stem)) {
          String rest = n.substring(stem.length());
          int dot = rest.indexOf('.');
          if (dot > 0 && rest.substring(0, dot).chars().allMatch(Character::isDigit)
              && Long.parseLong(rest.substring(0, dot)) < cycle) {
            Files.deleteIfExists(f);
          }
        }
      }
    }
  }
}
