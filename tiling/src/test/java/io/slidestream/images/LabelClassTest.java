package io.slidestream.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LabelClassTest {

  @Test
  void aLabelNoClassNamesIsClassIdInAGreyOfItsOwn() {
    List<LabelClass> classes = List.of(new LabelClass(1, "Tumor", 0xc80000));
    assertThat(LabelClass.byId(classes, 1)).isSameAs(classes.get(0));
    LabelClass seven = LabelClass.byId(classes, 7);
    assertThat(seven).isEqualTo(LabelClass.unnamed(7));
    assertThat(seven.name()).isEqualTo("Class 7");
    int grey = seven.rgb() & 0xff;
    assertThat(seven.rgb()).isEqualTo(grey << 16 | grey << 8 | grey);
    assertThat(LabelClass.unnamed(8).rgb()).isNotEqualTo(seven.rgb());
  }
}
