package io.slidestream.models.smiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ClassProbabilitiesTest {

  /** A [2, 2, 2, 3] batch whose value at [b, k, y, x] is b·1000 + k·100 + y·10 + x. */
  private static INDArray batch() {
    INDArray a = Nd4j.create(DataType.FLOAT, 2, 2, 2, 3);
    for (int b = 0; b < 2; b++) {
      for (int k = 0; k < 2; k++) {
        for (int y = 0; y < 2; y++) {
          for (int x = 0; x < 3; x++) {
            a.putScalar(new long[] {b, k, y, x}, b * 1000 + k * 100 + y * 10 + x);
          }
        }
      }
    }
    return a;
  }

  @Test
  void readsOneImagePlanarByClass() {
    INDArray image = batch().get(org.nd4j.linalg.indexing.NDArrayIndex.point(1));
    ClassProbabilities p = ClassProbabilities.of(image);
    assertThat(p.width()).isEqualTo(3);
    assertThat(p.height()).isEqualTo(2);
    assertThat(p.classCount()).isEqualTo(2);
    assertThat(p.data()).containsExactly(1000, 1001, 1002, 1010, 1011, 1012, 1100, 1101, 1102, 1110, 1111, 1112);
    assertThat(p.get(1, 4)).isEqualTo(1111);
  }

  @Test
  void readsEveryImageOfABatchInOrder() {
    List<ClassProbabilities> all = ClassProbabilities.ofBatch(batch());
    assertThat(all).hasSize(2);
    assertThat(all.get(0).get(0, 0)).isEqualTo(0);
    assertThat(all.get(0).get(1, 5)).isEqualTo(112);
    assertThat(all.get(1).get(1, 5)).isEqualTo(1112);
    assertThat(ClassProbabilities.of(batch().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 2))))
        .isEqualTo(all.get(1));
  }

  @Test
  void refusesWrongShapes() {
    assertThatThrownBy(() -> new ClassProbabilities(2, 2, 2, new float[7])).hasMessageContaining("expected 8");
    assertThatThrownBy(() -> ClassProbabilities.of(Nd4j.zeros(DataType.FLOAT, 4, 4)))
        .hasMessageContaining("[K,H,W]");
    assertThatThrownBy(() -> ClassProbabilities.ofBatch(Nd4j.zeros(DataType.FLOAT, 2, 4, 4)))
        .hasMessageContaining("[B,K,H,W]");
  }
}
