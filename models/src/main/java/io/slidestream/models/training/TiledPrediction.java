package io.slidestream.models.training;

import io.slidestream.models.data.BatchAssembler;
import io.slidestream.models.data.InMemoryPatchSource;
import io.slidestream.models.data.PatchRequest;
import io.slidestream.models.data.TrainingSample;
import io.slidestream.models.smiler.ClassProbabilities;
import io.slidestream.tiles.PatchGrid;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network's probabilities over whole in-memory images, predicted patch by patch: each patch
 * keeps only its centre (a halo of {@code patchSize / 8} on every side is read, mirrored past the
 * image's edge, and dropped), because a U-Net sees less context near a patch border. The patches
 * are those of {@link PatchGrid#fitting}, as the error maps' ({@code ErrorMapComputer}): disjoint
 * cores, the last row and column cut at the edge; along an axis the image fits in one patch, the
 * patch starts at 0 and needs no halo. Inference mode, so the network is not changed and the
 * result depends only on its weights.
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

  /** One patch: the core kept, in region pixels, and where the patch is read. */
  private record Core(int region, int x, int y, int width, int height, int readX, int readY) {}

  /** One map of probabilities per region of {@code source}, in region order. */
  List<ClassProbabilities> predict(ComputationGraph net, InMemoryPatchSource source, int channels) {
    List<Core> cores = new ArrayList<>();
    List<float[]> planes = new ArrayList<>();
    for (int r = 0; r < source.regionCount(); r++) {
      int w = source.regionWidth(r);
      int h = source.regionHeight(r);
      planes.add(new float[channels * w * h]);
      PatchGrid grid = PatchGrid.fitting(w, h, patchSize, halo);
      PatchGrid.Axis xs = grid.x();
      PatchGrid.Axis ys = grid.y();
      for (int row = 0; row < grid.rows(); row++) {
        for (int col = 0; col < grid.columns(); col++) {
          cores.add(new Core(r, (int) xs.coreStart(col), (int) ys.coreStart(row), xs.coreLength(col),
              ys.coreLength(row), (int) xs.patchStart(col), (int) ys.patchStart(row)));
        }
      }
    }
    for (int from = 0; from < cores.size(); from += batchSize) {
      List<Core> part = cores.subList(from, Math.min(cores.size(), from + batchSize));
      List<TrainingSample> samples = new ArrayList<>(part.size());
      for (Core c : part) {
        samples.add(source.read(new PatchRequest(c.region(), c.readX(), c.readY(), patchSize, patchSize)));
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
        int dx = c.x() - c.readX();
        int dy = c.y() - c.readY();
        for (int k = 0; k < channels; k++) {
          int src = (b * channels + k) * plane;
          for (int j = 0; j < c.height(); j++) {
            System.arraycopy(p, src + (dy + j) * patchSize + dx, dst, (k * h + c.y() + j) * w + c.x(), c.width());
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
}
