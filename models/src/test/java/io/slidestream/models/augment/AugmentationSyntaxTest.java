package io.slidestream.models.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AugmentationSyntaxTest {

  @Test
  void readsStepsArgumentsRangesAndPositionalValues() {
    List<AugmentationSyntax.Call> calls = AugmentationSyntax.parse(
        " flip , rot90(), rotate(degrees=180), blur(sigma = 0..1.5, p=0.3), brightness(-0.1..+.1), x(a=1e-2)");
    assertThat(calls).extracting(AugmentationSyntax.Call::name)
        .containsExactly("flip", "rot90", "rotate", "blur", "brightness", "x");
    assertThat(calls.get(0).column()).isEqualTo(2);
    assertThat(calls.get(1).args()).isEmpty();
    assertThat(calls.get(2).args()).containsExactly(new AugmentationSyntax.Arg("degrees", 25, 180, 180, false, 33));
    AugmentationSyntax.Arg sigma = calls.get(3).args().get(0);
    assertThat(sigma.key()).isEqualTo("sigma");
    assertThat(sigma.isRange()).isTrue();
    assertThat(sigma.lo()).isEqualTo(0);
    assertThat(sigma.hi()).isEqualTo(1.5);
    AugmentationSyntax.Arg shift = calls.get(4).args().get(0);
    assertThat(shift.key()).isNull();
    assertThat(shift.lo()).isEqualTo(-0.1);
    assertThat(shift.hi()).isEqualTo(0.1);
    assertThat(calls.get(5).args().get(0).lo()).isEqualTo(0.01);
  }

  @Test
  void blankTextIsTheEmptyPipeline() {
    assertThat(AugmentationSyntax.parse("")).isEmpty();
    assertThat(AugmentationSyntax.parse("  \n ")).isEmpty();
  }

  @Test
  void syntaxErrorsNameTheColumn() {
    assertError("flip,", 6, "expected a step after ','");
    assertError("flip rot90", 6, "expected ',' between steps");
    assertError("blur(sigma=)", 12, "expected a number");
    assertError("blur(sigma=1.)", 14, "expected digits after the decimal point");
    assertError("blur(sigma 1)", 12, "expected '=' after parameter name 'sigma'");
    assertError("blur(sigma=1", 13, "expected ',' or ')'");
    assertError("blur(sigma=1..)", 15, "expected a number");
    assertError("(", 1, "expected an op name, found '('");
    assertError("gamma(1e)", 9, "expected digits in the exponent");
  }

  private static void assertError(String text, int column, String message) {
    assertThatThrownBy(() -> AugmentationSyntax.parse(text))
        .isInstanceOfSatisfying(AugmentationConfigException.class, e -> assertThat(e.column()).isEqualTo(column))
        .hasMessageContaining("column " + column + ": " + message)
        .hasMessageContaining(text);
  }
}
