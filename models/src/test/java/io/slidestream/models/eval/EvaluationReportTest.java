package io.slidestream.models.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationReportTest {

  private static EvaluationReport example() {
    DiceScores dice = ConfusionMatrixTest.example().diceScores(List.of("background", "tumour", "stroma", "necrosis",
        "fat"));
    PrecisionRecallHistogram h = PrecisionRecallHistogram.forClass(1);
    h.add(0.9, true);
    h.add(0.2, false);
    return new EvaluationReport("test set, seed 7", dice, List.of(h.scores("tumour")));
  }

  @Test
  void tableShowsEveryClassTheOverallAndTheBinaryTask() {
    String table = example().toTable();
    assertThat(table).startsWith("test set, seed 7\n");
    assertThat(table).contains("background               3               2    0.4000\n");
    assertThat(table).contains("necrosis                 0               1   0.0000*\n");
    assertThat(table).contains("fat                      0               0        -*\n");
    assertThat(table).contains("overall                  7                    0.6889\n");
    assertThat(table).contains("mean over the 3 classes present in the reference");
    assertThat(table).contains("tumour vs rest: PR-AUC 1.0000, max F1 1.0000");
  }

  @Test
  void jsonHasEveryCountWithNullForUndefinedScores() throws Exception {
    JsonNode j = new ObjectMapper().readTree(example().toJson());
    assertThat(j.get("title").asText()).isEqualTo("test set, seed 7");
    assertThat(j.get("overallDice").asDouble()).isCloseTo(31.0 / 45, org.assertj.core.api.Assertions.within(1e-15));
    assertThat(j.get("classesPresent").asInt()).isEqualTo(3);
    assertThat(j.get("pixels").asLong()).isEqualTo(7);
    assertThat(j.get("ignoredPixels").asLong()).isEqualTo(1);
    JsonNode classes = j.get("classes");
    assertThat(classes).hasSize(5);
    assertThat(classes.get(0).get("dice").asDouble()).isEqualTo(0.4);
    assertThat(classes.get(4).get("dice").isNull()).isTrue();
    assertThat(classes.get(3).get("presentInReference").asBoolean()).isFalse();
    JsonNode b = j.get("binary").get(0);
    assertThat(b.get("name").asText()).isEqualTo("tumour");
    assertThat(b.get("prAuc").asDouble()).isEqualTo(1.0);
    assertThat(b.get("positives").asLong()).isEqualTo(1);
  }
}
