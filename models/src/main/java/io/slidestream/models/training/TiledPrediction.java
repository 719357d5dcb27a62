package io.slidestream.models.training;

import io.slidestream.models.data.BatchAssembler;
import io.slidestream.models.data.InMemoryPatchSource;
import io.slidestream.models.data.PatchRequest;
import io.slidestream.models.data.TrainingSample;
import io.slidestream.models.smiler.ClassProbabilities;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network's probabilities over whole in-memory images, predicted patch by patch: each patch
 * keeps only its centre (a halo of {@code patchSize / 8} on every side is read, mirrored past the
 * image's edge, and dropped), because a U-Net sees less context near a patch border. Cores tile
 * the image; the last row and column are moved back to end at the edge. Inference mode, so the
 * network is not changed and the result depends only on its weights.
 */
final class TiledPrediction {

  private final int patchSize;
  private final int halo;
  private final BatchAssembler assembler;
  private final int batchSize;

  TiledPrediction(int patchSize, BatchAssembler assembler, int batchSize) {
    this.patchSize = patchSize;
    this.halo = patchSize / 8;
    this.assembler = assembler;
    this.batchSize = batchSize;
  }

  private record Core(int region, int x, int y) {}

  /** One map of probabilities per region of {@code source}, in region order. */
  List<ClassProbabilities> predict(ComputationGraph net, InMemoryPatchSource source, int channels) {
    int core = patchSize - 2 * halo;
    List<Core> cores = new ArrayList<>();
    List<float[]> planes = new ArrayList<>();
    for (int r = 0; r < source.regionCount(); r++) {
      int w = source.regionWidth(r);
      int h = source.regionHeight(r);
      planes.add(new float[channels * w * h]);
      for (int y : starts(h, core)) {
        for (int x : starts(w, core)) {
          cores.add(new Core(r, x, y));
        }
      }
    }
    for (int from = 0; from < cores.size(); from += batchSize) {
      List<Core> part = cores.subList(from, Math.min(cores.size(), from + batchSize));
      List<TrainingSample> samples = new ArrayList<>(part.size());
      for (Core c : part) {
        samples.add(source.read(new PatchRequest(c.region(), c.x() - halo, c.y() - halo, patchSize, patchSize)));
      }
      INDArray features = assembler.assemble(samples).features();
      INDArray out = net.output(false, features)[0];
      if (out.size(1) != channels) {
        throw new IllegalArgumentException("the network has " + out.size(1) + " output channels, expected " + channels);
      }
      // The copy is native memory too: release it with the rest, not when the collector gets to it.
      INDArray flat = out.castTo(DataType.FLOAT).dup('c');
      float[] p = flat.data().asFloat();
      Release.now(features, out, flat);
      int plane = patchSize * patchSize;
      for (int b = 0; b < part.size(); b++) {
        Core c = part.get(b);
        int w = source.regionWidth(c.region());
        int h = source.regionHeight(c.region());
        float[] dst = planes.get(c.region());
        int cw = Math.min(core, w - c.x());
        int ch = Math.min(core, h - c.y());
        for (int k = 0; k < channels; k++) {
          int src = (b * channels + k) * plane;
          for (int j = 0; j < ch; j++) {
            System.arraycopy(p, src + (halo + j) * patchSize + halo, dst, (k * h + c.y() + j) * w + c.x(), cw);
          }
        }
      }
    }
    List<ClassProbabilities> result = new ArrayList<>();
    for (int r = 0; r < source.regionCount(); r++) {
      result.add(new ClassProbabilities(source.regionWidth(r), source.regionHeight(r), channels, planes.get(r)));
    }
    return result;
  }

  /** Core corners along one axis: steps of {@code core}, the last moved back to end at the edge. */
  static int[] starts(int extent, int core) {
    if (extent <= core) {
      return new int[] {0};
    }
    int n = (extent + core - 1) / core;
    int[] s = new int[n];
    for (int i = 0; i < n; i++) {
      s[i] = Math.min(i * core, extent - core);
    }
    return s;
  }
}
