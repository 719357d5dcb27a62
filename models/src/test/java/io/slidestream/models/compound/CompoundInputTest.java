package io.slidestream.models.compound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.images.RgbRaster;
import io.slidestream.models.data.FeaturePlanes;
import io.slidestream.models.fixtures.SingleThreadedNd4j;
import io.slidestream.models.inference.PatchPrediction;
import io.slidestream.models.inference.SegmentationModel;
import io.slidestream.models.io.TrainedModel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.ndarray.INDArray;

@ExtendWith(SingleThreadedNd4j.class)
class CompoundInputTest {

  /**
   * The reference: the first network run directly by DL4J on the normalised fine patch, its
   * channel {@code c} averaged over 2×2 blocks by hand.
   */
  private static float pooledByHand(INDArray probs, int b, int c, int x, int y) {
    double s = probs.getDouble(b, c, 2 * y, 2 * x) + probs.getDouble(b, c, 2 * y, 2 * x + 1)
        + probs.getDouble(b, c, 2 * y + 1, 2 * x) + probs.getDouble(b, c, 2 * y + 1, 2 * x + 1);
    return (float) (s / 4);
  }

  @Test
  void theExtraChannelsAreTheFirstNetworksProbabilitiesPooledToTheCoarseGrid() {
    TrainedModel first = TinyCompound.first(3, 11);
    List<RgbRaster> fine = List.of(TinyCompound.noise(32, 1), TinyCompound.noise(32, 2));
    INDArray probs = first.network().output(false, first.metadata().normalisation().toInput(fine))[0];
    try (SegmentationModel m1 = SegmentationModel.of(first)) {
      CompoundInput input = new CompoundInput(m1, 2, CompoundModel.firstChannels(first.metadata()));
      CompoundInput.Coarse coarse = input.compute(fine);
      assertThat(input.extraChannels()).as("3 classes less the background").isEqualTo(2);
      for (int b = 0; b < 2; b++) {
        FeaturePlanes extra = coarse.extra().get(b);
        assertThat(extra.channels()).isEqualTo(2);
        assertThat(extra.width()).isEqualTo(16);
        for (int k = 0; k < 2; k++) {
          for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
              // Channel k of the input is the first network's class k + 1 (class 0 is its background).
              assertThat(extra.get(k, x, y)).isCloseTo(pooledByHand(probs, b, k + 1, x, y),
                  org.assertj.core.data.Offset.offset(1e-6f));
            }
          }
        }
        RgbRaster image = coarse.images().get(b);
        RgbRaster f = fine.get(b);
        int sum = 0;
        for (int j = 0; j < 2; j++) {
          for (int i = 0; i < 2; i++) {
            sum += f.rgb(6 + i, 10 + j) >> 16 & 0xff;
          }
        }
        assertThat(image.rgb(3, 5) >> 16 & 0xff).as("red of coarse (3, 5)").isEqualTo((sum + 2) / 4);
      }
    }
  }

  @Test
  void theCompoundModelRunsItsSecondNetworkOnThatInput() {
    CompoundModel model = new CompoundModel(TinyCompound.first(2, 3), TinyCompound.second(1, 4));
    assertThat(model.scale()).isEqualTo(2);
    assertThat(model.inputNames()).containsExactly("red", "green", "blue", "first:Stroma");
    List<RgbRaster> fine = List.of(TinyCompound.noise(32, 5), TinyCompound.noise(32, 6), TinyCompound.noise(32, 7));
    try (CompoundSegmentationModel compound = CompoundSegmentationModel.of(model);
        SegmentationModel second = SegmentationModel.of(model.second())) {
      assertThat(compound.inputScale()).isEqualTo(2);
      assertThat(compound.metadata()).isEqualTo(model.second().metadata());
      List<PatchPrediction> got = compound.predict(fine);
      CompoundInput.Coarse input = compound.input(fine);
      List<PatchPrediction> want = second.predict(input.images(), input.extra());
      for (int i = 0; i < fine.size(); i++) {
        assertThat(got.get(i).labels().width()).isEqualTo(16);
        assertThat(got.get(i).labels().data()).isEqualTo(want.get(i).labels().data());
        assertThat(got.get(i).meanProbabilities()).isEqualTo(want.get(i).meanProbabilities());
      }
      // The extra channel matters: the same RGB with the channel zeroed labels differently or scores differently.
      FeaturePlanes zero = new FeaturePlanes(1, 16, 16, new float[256]);
      List<PatchPrediction> blind = second.predict(input.images().subList(0, 1), List.of(zero));
      assertThat(blind.get(0).meanProbabilities()).isNotEqualTo(want.get(0).meanProbabilities());
      assertThatThrownBy(() -> second.predict(input.images()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("compound");
    }
  }

  @Test
  void networksThatDoNotFitAreRejected() {
    assertThatThrownBy(() -> new CompoundModel(TinyCompound.first(3, 1), TinyCompound.second(1, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 input channels")
        .hasMessageContaining("2 non-background classes");
    assertThatThrownBy(() -> CompoundModel.scaleOf(1.0, 2.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole multiple");
    assertThat(CompoundModel.scaleOf(0.25, 1.0)).isEqualTo(4);
  }
}
