package io.slidestream.annotations.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.annotations.AnnotationException;
import io.slidestream.images.LabelClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelingProtocolConfigTest {

  static final String CLASSES = """
      classes = [
        { name = background, color = "#ffffff" }
        { name = tumor,      color = "#c80000" }
        { name = stroma,     color = [0, 160, 0] }
        { name = necrosis,   color = "303030" }
      ]
      """;

  @Test
  void readsTheDocumentedExample() {
    LabelingProtocol p = LabelingProtocolConfig.parse(CLASSES + """
        name = "lesion-only dataset"
        background = background
        super-labels { tissue = [tumor, stroma, necrosis] }
        never-annotated = [necrosis]
        values {
          0 = unannotated
          1 = tumor
          2 = stroma
          3 = tissue
          4 = [background, tumor]
          5 = background-or-missing
        }
        unmapped-values = error
        names {
          "Tumor" = tumor
          "_2" = unannotated
          "Tumor: Positive" = [tumor]
        }
        unannotated = background-or-missing
        unclassified = unannotated
        """);
    assertThat(p.name()).isEqualTo("lesion-only dataset");
    assertThat(p.classes()).containsExactly(new LabelClass(0, "background", 0xffffff),
        new LabelClass(1, "tumor", 0xc80000), new LabelClass(2, "stroma", 0x00a000),
        new LabelClass(3, "necrosis", 0x303030));
    assertThat(p.setForValue(0)).isEqualTo(0b1111);
    assertThat(p.setForValue(1)).isEqualTo(0b0010);
    assertThat(p.setForValue(2)).isEqualTo(0b0100);
    assertThat(p.setForValue(3)).isEqualTo(0b1110);
    assertThat(p.setForValue(4)).isEqualTo(0b0011);
    assertThat(p.setForValue(5)).isEqualTo(0b1001);
    assertThat(p.lookupName("Tumor")).hasValue(0b0010);
    assertThat(p.lookupName("_2")).hasValue(0b1111);
    assertThat(p.lookupName("Tumor: Positive")).hasValue(0b0010);
    assertThat(p.unannotatedArea()).isEqualTo(0b1001);
    assertThat(p.setForNames(List.of(), "feature 0")).isEqualTo(0b1111);
  }

  @Test
  void jsonIsAcceptedToo() {
    LabelingProtocol p = LabelingProtocolConfig.parse("""
        {"classes": [{"name": "bg", "color": "#000000"}, {"name": "gland", "color": [255, 0, 0], "id": 1}],
         "values": {"0": "bg", "1": "gland", "255": "unannotated"}}
        """);
    assertThat(p.classCount()).isEqualTo(2);
    assertThat(p.setForValue(255)).isEqualTo(0b11);
    assertThat(p.setForValue(1)).isEqualTo(0b10);
  }

  @Test
  void valueRangesMapInstanceIdsToOneClass() {
    LabelingProtocol p = LabelingProtocolConfig.parse(CLASSES + """
        values { 0 = background, 1-30 = tumor, "31 - 40" = stroma }
        """);
    assertThat(p.setForValue(1)).isEqualTo(0b10);
    assertThat(p.setForValue(30)).isEqualTo(0b10);
    assertThat(p.setForValue(35)).isEqualTo(0b100);
    assertThatThrownBy(() -> p.setForValue(41)).isInstanceOf(AnnotationException.UnknownLabel.class);
    assertThatThrownBy(() -> LabelingProtocolConfig.parse(CLASSES + "values { 1-30 = tumor, 30 = stroma }"))
        .isInstanceOf(AnnotationException.BadProtocol.class).hasMessageContaining("label value 30 is mapped twice");
    assertThatThrownBy(() -> LabelingProtocolConfig.parse(CLASSES + "values { 9-3 = tumor }"))
        .isInstanceOf(AnnotationException.BadProtocol.class).hasMessageContaining("not a range");
  }

  @Test
  void explicitIdsMayComeInAnyOrder() {
    LabelingProtocol p = LabelingProtocolConfig.parse("""
        classes = [ { id = 1, name = b, color = "#010101" }, { id = 0, name = a, color = "#000000" } ]
        """);
    assertThat(p.classes().get(0).name()).isEqualTo("a");
    assertThat(p.classId("b")).isEqualTo(1);
  }

  @Test
  void loadsAFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("protocol.conf");
    Files.writeString(f, CLASSES + "values { 7 = stroma }");
    assertThat(LabelingProtocolConfig.load(f).setForValue(7)).isEqualTo(0b100);
  }

  @Test
  void rejectsUnknownKeysWithTheirPlace() {
    assertThatThrownBy(() -> LabelingProtocolConfig.parse(CLASSES + "valeus { 1 = tumor }", "ds.conf"))
        .isInstanceOf(AnnotationException.BadProtocol.class).hasMessageContaining("unknown key 'valeus'")
        .hasMessageContaining("ds.conf");
    assertThatThrownBy(() -> LabelingProtocolConfig.parse(
        "classes = [ { name = a, color = \"#000000\", colour = 1 } ]"))
        .isInstanceOf(AnnotationException.BadProtocol.class).hasMessageContaining("unknown key 'colour'");
  }

  @Test
  void rejectsBrokenClassLists() {
    assertThatThrownBy(() -> LabelingProtocolConfig.parse("name = x"))
        .isInstanceOf(AnnotationException.BadProtocol.class).hasMessageContaining("'classes' is missing");
    assertThatThrownBy(() -> LabelingProtocolConfig.parse(
        "classes = [ { id = 0, name = a, color = \"#000000\" }, { id = 2, name = b, color = \"#000000\" } ]"))
        .isInstanceOf(AnnotationException.BadProtocol.class).hasMessageContaining("without gaps");
    assertThatThrownBy(() -> LabelingProtocolConfig.parse(
        "classes = [ { name = a, color = \"#000000\" }, { name = a, color = \"#000000\" } ]"))
        .isInstanceOf(AnnotationException.BadProtocol.class).hasMessageContaining("used twice");
    assertThatThrownBy(() -> LabelingProtocolConfig.parse("classes = [ { name = a, color = \"#00000\" } ]"))
        .isInstanceOf(AnnotationException.BadProtocol.class).hasMessageContaining("classes[0].color");
    assertThatThrownBy(() -> LabelingProtocolConfig.parse("classes = [ { name = a, color = [1, 2, 300] } ]"))
        .isInstanceOf(AnnotationException.BadProtocol.class).hasMessageContaining("0..255");
    assertThatThrownBy(() -> LabelingProtocolConfig.parse("classes = [ { name = a } ]"))
        .isInstanceOf(AnnotationException.BadProtocol.class).hasMessageContaining("has no color");
    assertThatThrownBy(() -> LabelingProtocolConfig.parse(
        "classes = [ { name = unannotated, color = \"#000000\" } ]"))
        .isInstanceOf(AnnotationException.BadProtocol.class).hasMessageContaining("keyword");
    StringBuilder many = new StringBuilder("classes = [");
    for (int i = 0; i < 65; i++) {
      many.append("{ name = c").append(i).append(", color = \"#000000\" }\n");
    }
    assertThatThrownBy(() -> LabelingProtocolConfig.parse(many + "]"))
        .isInstanceOf(AnnotationException.BadProtocol.class).hasMessageContaining("at most 64");
  }

  @Test
  void rejectsTargetsThatNameNothing() {
    assertThatThrownBy(() -> LabelingProtocolConfig.parse(CLASSES + "values { 1 = tumour }"))
        .isInstanceOf(AnnotationException.BadProtocol.class).hasMessageContaining("label value 1")
        .hasMessageContaining("'tumour'");
    assertThatThrownBy(() -> LabelingProtocolConfig.parse(CLASSES + "values { one = tumor }"))
        .isInstanceOf(AnnotationException.BadProtocol.class).hasMessageContaining("not an integer");
    assertThatThrownBy(() -> LabelingProtocolConfig.parse(CLASSES + "values { 70000 = tumor }"))
        .isInstanceOf(AnnotationException.BadProtocol.class).hasMessageContaining("label value 70000 is outside 0..65535");
    assertThatThrownBy(() -> LabelingProtocolConfig.parse(CLASSES + "super-labels { all = [] }"))
        .isInstanceOf(AnnotationException.BadProtocol.class).hasMessageContaining("merges no classes");
    assertThatThrownBy(() -> LabelingProtocolConfig.parse(CLASSES + "super-labels { tumor = [stroma] }"))
        .isInstanceOf(AnnotationException.BadProtocol.class).hasMessageContaining("clashes");
    assertThatThrownBy(() -> LabelingProtocolConfig.parse(CLASSES + "names { a.b = tumor }"))
        .isInstanceOf(AnnotationException.BadProtocol.class).hasMessageContaining("quote keys");
    assertThatThrownBy(() -> LabelingProtocolConfig.parse(CLASSES + "unmapped-values = ignore"))
        .isInstanceOf(AnnotationException.BadProtocol.class).hasMessageContaining("'error' or 'unannotated'");
    assertThatThrownBy(() -> LabelingProtocolConfig.parse(CLASSES + "values { 1 = { a = b } }"))
        .isInstanceOf(AnnotationException.BadProtocol.class).hasMessageContaining("values.1");
  }

  @Test
  void rejectsSyntaxErrors() {
    assertThatThrownBy(() -> LabelingProtocolConfig.parse("classes = [ { name = a, ", "broken.conf"))
        .isInstanceOf(AnnotationException.BadProtocol.class).hasMessageContaining("broken.conf")
        .hasMessageContaining("not valid HOCON/JSON");
  }
}
