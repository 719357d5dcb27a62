package io.slidestream.images.readers.tiff.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class OmeXmlTest {

  static String ome(String pixelsAttributes, String channel) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        + "<OME xmlns=\"http://www.openmicroscopy.org/Schemas/OME/2016-06\"><Image ID=\"Image:0\">"
        + "<Pixels ID=\"Pixels:0\" DimensionOrder=\"XYCZT\" Type=\"uint8\" SizeX=\"10\" SizeY=\"10\" SizeZ=\"1\" SizeT=\"1\" "
        + pixelsAttributes + ">" + channel + "</Pixels></Image></OME>";
  }

  @Test
  void readsPixelSizesInTheirUnits() {
    OmeXml x = OmeXml.parse(ome("SizeC=\"3\" PhysicalSizeX=\"250\" PhysicalSizeXUnit=\"nm\" PhysicalSizeY=\"0.26\"",
        "<Channel ID=\"Channel:0\" SamplesPerPixel=\"3\"/>"));
    assertThat(x.physicalSizeX()).isCloseTo(0.25, within(1e-12));
    assertThat(x.physicalSizeY()).as("µm when no unit is given").isCloseTo(0.26, within(1e-12));
    assertThat(x.sizeC()).isEqualTo(3);
    assertThat(x.samplesPerChannel()).isEqualTo(3);
  }

  @Test
  void unitsConvertToMicrons() {
    assertThat(OmeXml.toMicrons("0.001", "mm")).isCloseTo(1.0, within(1e-12));
    assertThat(OmeXml.toMicrons("5000", "\u00c5")).isCloseTo(0.5, within(1e-12));
    assertThat(OmeXml.toMicrons("1", "parsec")).isNull();
    assertThat(OmeXml.toMicrons("-1", "µm")).isNull();
    assertThat(OmeXml.toMicrons(null, "µm")).isNull();
  }

  @Test
  void recognisesOmeAndRefusesDtdsAndBrokenXml() {
    assertThat(OmeXml.looksLikeOme(ome("SizeC=\"1\"", ""))).isTrue();
    assertThat(OmeXml.looksLikeOme("Aperio Image Library")).isFalse();
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE OME [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        + "<OME><Image><Pixels PhysicalSizeX=\"&x;\"/></Image></OME>";
    assertThatThrownBy(() -> OmeXml.parse(xxe)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OmeXml.parse("<OME><Image>")).isInstanceOf(IllegalArgumentException.class);
  }
}
