package io.slidestream.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class BatchAssemblerTest {

  @Test
  void stacksImagesAsBatchChannelsRowsColumns() {
    TrainingSample a = InMemoryPatchSourceTest.random("a", 5, 4, 3, 1);
    TrainingSample b = InMemoryPatchSourceTest.random("b", 5, 4, 3, 2);
    Batch batch = BatchAssembler.unitRange().assemble(List.of(a, b));
    INDArray f = batch.features();
    assertThat(f.shape()).containsExactly(2, 3, 4, 5);
    assertThat(f.dataType()).isEqualTo(DataType.FLOAT);
    for (int n = 0; n < 2; n++) {
      TrainingSample s = n == 0 ? a : b;
      for (int y = 0; y < 4; y++) {
        for (int x = 0; x < 5; x++) {
          int rgb = s.image().rgb(x, y);
          assertThat(f.getFloat(n, 0, y, x)).isCloseTo((rgb >> 16 & 0xff) / 255f, within(1e-7f));
          assertThat(f.getFloat(n, 1, y, x)).isCloseTo((rgb >> 8 & 0xff) / 255f, within(1e-7f));
          assertThat(f.getFloat(n, 2, y, x)).isCloseTo((rgb & 0xff) / 255f, within(1e-7f));
        }
      }
    }
    assertThat(batch.labels()).containsExactly(a.labels(), b.labels());
    assertThat(batch.references()).containsExactly(a.reference(), b.reference());
    assertThat(batch.ids()).containsExactly("a", "b");
    assertThat(batch.size()).isEqualTo(2);
  }

  @Test
  void samplesMustShareSizeAndClasses() {
    assertThatThrownBy(() -> BatchAssembler.unitRange().assemble(List.of(InMemoryPatchSourceTest.random("a", 5, 4, 3, 1),
        InMemoryPatchSourceTest.random("b", 4, 4, 3, 1)))).hasMessageContaining("sample 1 (b) is 4x4 with 3 classes");
  }
}
