package io.slidestream.annotations.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.annotations.AnnotationException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Semantics of a protocol built in code; the methods §1 rows are exercised end to end in MethodsTableTest. */
class LabelingProtocolTest {

  private static LabelingProtocol.Builder fourClasses() {
    return LabelingProtocol.builder().datasetName("ds")
        .addClass("background", 0xffffff).addClass("tumor", 0xff0000).addClass("stroma", 0x00ff00)
        .addClass("necrosis", 0x202020);
  }

  @Test
  void unlistedValuesAreErrorsUnlessDeclaredUnannotated() {
    LabelingProtocol strict = fourClasses().mapValue(1, "tumor").build();
    assertThatThrownBy(() -> strict.setForValue(9)).isInstanceOf(AnnotationException.UnknownLabel.class)
        .hasMessageContaining("protocol 'ds'").hasMessageContaining("label value 9").hasMessageContaining("lists 1");
    assertThat(strict.valueTable()[9]).isZero();
    LabelingProtocol lenient = fourClasses().mapValue(1, "tumor")
        .unmappedValues(LabelingProtocol.UnmappedValues.UNANNOTATED).build();
    assertThat(lenient.setForValue(9)).isEqualTo(0b1111);
    assertThat(lenient.valueTable()[9]).isEqualTo(0b1111);
    assertThat(lenient.valueTable()[1]).isEqualTo(0b0010);
  }

  @Test
  void explicitNamesWinOverClassNamesAndTheFirstKnownCandidateDecides() {
    LabelingProtocol p = fourClasses().mapName("tumor", "stroma").superLabel("tissue", List.of("tumor", "stroma"))
        .build();
    assertThat(p.lookupName("tumor")).hasValue(0b0100);
    assertThat(p.lookupName("tissue")).hasValue(0b0110);
    assertThat(p.lookupName("Tumor")).isEmpty();
    assertThat(p.setForNames(List.of("group 7", "tissue"), "annotation 3")).isEqualTo(0b0110);
  }

  @Test
  void unknownAndUnclassifiedNamesSayWhatIsWrong() {
    LabelingProtocol p = fourClasses().neverAnnotated(List.of("necrosis")).build();
    assertThatThrownBy(() -> p.setForNames(List.of("Tumour"), "a.geojson: feature 4 'x'"))
        .isInstanceOf(AnnotationException.UnknownLabel.class)
        .hasMessageContaining("feature 4 'x'").hasMessageContaining("'Tumour'").hasMessageContaining("known names");
    assertThatThrownBy(() -> p.setForNames(List.of("necrosis"), "feature 1"))
        .isInstanceOf(AnnotationException.UnknownLabel.class).hasMessageContaining("declared never annotated");
    assertThatThrownBy(() -> p.setForNames(List.of(), "feature 2"))
        .isInstanceOf(AnnotationException.UnknownLabel.class).hasMessageContaining("has no class");
  }

  @Test
  void neverAnnotatedAndAnnotatedOnlyAreTwoSpellingsOfOneFact() {
    LabelingProtocol never = fourClasses().neverAnnotated(List.of("stroma", "necrosis"))
        .mapValue(0, LabelingProtocol.BACKGROUND_OR_MISSING).build();
    LabelingProtocol only = fourClasses().annotatedOnly(List.of("tumor"))
        .mapValue(0, LabelingProtocol.BACKGROUND_OR_MISSING).build();
    assertThat(never.neverAnnotated()).isEqualTo(only.neverAnnotated()).isEqualTo(0b1100);
    assertThat(never.setForValue(0)).isEqualTo(only.setForValue(0)).isEqualTo(0b1101);
    assertThatThrownBy(() -> fourClasses().neverAnnotated(List.of("stroma")).annotatedOnly(List.of("tumor")).build())
        .isInstanceOf(AnnotationException.BadProtocol.class).hasMessageContaining("not both");
  }

  @Test
  void aNeverAnnotatedClassCannotBeALabel() {
    assertThatThrownBy(() -> fourClasses().neverAnnotated(List.of("necrosis")).mapValue(3, "necrosis").build())
        .isInstanceOf(AnnotationException.BadProtocol.class).hasMessageContaining("label value 3")
        .hasMessageContaining("never to annotate");
    assertThatThrownBy(() -> fourClasses().neverAnnotated(List.of("background")).build())
        .isInstanceOf(AnnotationException.BadProtocol.class).hasMessageContaining("background class");
    // In a super label it is fine: the pixel may be necrosis, we just do not know.
    assertThat(fourClasses().neverAnnotated(List.of("necrosis")).mapValue(3, "tumor", "necrosis").build()
        .setForValue(3)).isEqualTo(0b1010);
  }

  @Test
  void backgroundDefaultsToClassZeroAndCanBeNamed() {
    LabelingProtocol p = fourClasses().background("stroma").annotatedOnly(List.of("tumor"))
        .mapValue(0, LabelingProtocol.BACKGROUND_OR_MISSING).build();
    assertThat(p.backgroundClass()).isEqualTo(2);
    // Annotated: stroma (background) and tumor; never annotated: background and necrosis.
    assertThat(p.setForValue(0)).isEqualTo(0b1101);
    assertThat(p.format(p.setForValue(0))).isEqualTo("{background, stroma, necrosis}");
    assertThat(p.format(p.universe())).isEqualTo("{all}");
  }

  @Test
  void duplicateMappingsAreRejected() {
    assertThatThrownBy(() -> fourClasses().mapValue(1, "tumor").mapValue(1, "stroma"))
        .isInstanceOf(AnnotationException.BadProtocol.class).hasMessageContaining("mapped twice");
    assertThatThrownBy(() -> fourClasses().mapName("T", "tumor").mapName("T", "stroma"))
        .isInstanceOf(AnnotationException.BadProtocol.class).hasMessageContaining("mapped twice");
  }
}
