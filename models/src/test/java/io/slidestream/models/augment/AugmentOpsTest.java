package io.slidestream.models.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AugmentOpsTest {

  @Test
  void theBuiltInsAreFoundThroughTheServiceLoader() {
    assertThat(AugmentOps.installed().names()).containsExactly("blur", "brightness", "contrast", "elastic", "flip",
        "gamma", "hsv", "rot90", "rotate");
    for (AugmentOp op : AugmentOps.installed().all()) {
      assertThat(op.description()).isNotBlank();
      // Every op works with its defaults alone.
      assertThat(AugmentationPipeline.parse(op.name()).steps()).hasSize(1);
    }
  }

  @Test
  void duplicateNamesAndAnOwnProbabilityParameterAreRefused() {
    AugmentOp flip = AugmentOps.installed().get("flip");
    assertThatThrownBy(() -> AugmentOps.of(List.of(flip, flip)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("two augmentation ops are called 'flip'");
    AugmentOp withP = new AugmentOp() {
      @Override
      public String name() {
        return "bad";
      }

      @Override
      public String description() {
        return "declares p";
      }

      @Override
      public List<Parameter> parameters() {
        return List.of(Parameter.probability("p", 1, "clash"));
      }

      @Override
      public AugmentStep create(Arguments arguments) {
        throw new AssertionError();
      }
    };
    assertThatThrownBy(() -> AugmentOps.of(List.of(withP))).hasMessageContaining("declares 'p'");
  }
}
