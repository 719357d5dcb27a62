package io.slidestream.models.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.images.RgbRaster;
import io.slidestream.models.data.BatchAssembler;
import io.slidestream.models.data.InMemoryPatchSource;
import io.slidestream.models.data.TrainingSample;
import io.slidestream.models.fixtures.SingleThreadedNd4j;
import io.slidestream.models.fixtures.TinyNets;
import io.slidestream.models.losses.BinaryAmbiguityLoss;
import io.slidestream.models.smiler.ClassProbabilities;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Whole images predicted patch by patch equal the network run on each whole image at once, away
 * from the image border (a 3×3 convolution sees one pixel around; patch halos hide the seams).
 */
@ExtendWith(SingleThreadedNd4j.class)
class TiledPredictionTest {

  /** Random pixels, no labels: prediction reads only the image. */
  static TrainingSample noise(String id, int w, int h, long seed) {
    byte[] rgb = new byte[w * h * 3];
    new SplittableRandom(seed).nextBytes(rgb);
    long[] sets = new long[w * h];
    Arrays.fill(sets, 0b111);
    return TrainingSample.of(id, RgbRaster.wrap(w, h, rgb), LabelSetRaster.wrap(w, h, 3, sets));
  }

  @Test
  void stitchedCoresMatchTheWholeImagePrediction() {
    ComputationGraph net = TinyNets.graph(new BinaryAmbiguityLoss(), 3, 4, 3, 32, DataType.FLOAT, new Adam(1e-3), 3);
    InMemoryPatchSource source = InMemoryPatchSource.of(List.of(noise("a", 75, 50, 1),
        noise("b", 20, 30, 2)));
    BatchAssembler assembler = BatchAssembler.unitRange();

    List<ClassProbabilities> tiled = new TiledPrediction(32, assembler, 3).predict(net, source, 3);

    assertThat(tiled).hasSize(2);
    for (int r = 0; r < 2; r++) {
      int w = source.regionWidth(r);
      int h = source.regionHeight(r);
      INDArray whole = net.output(false, assembler.assemble(List.of(source.whole(r))).features())[0];
      ClassProbabilities expected = ClassProbabilities.of(whole);
      ClassProbabilities actual = tiled.get(r);
      assertThat(actual.width()).isEqualTo(w);
      assertThat(actual.height()).isEqualTo(h);
      for (int k = 0; k < 3; k++) {
        for (int y = 1; y < h - 1; y++) {
          for (int x = 1; x < w - 1; x++) {
            int i = y * w + x;
            assertThat(actual.get(k, i)).as("region %d class %d at (%d, %d)", r, k, x, y)
                .isCloseTo(expected.get(k, i), within(1e-5f));
          }
        }
      }
    }
  }
}
