package io.slidestream.images.readers.tiff.internals;

import java.io.StringReader;
import java.util.Locale;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * What an OME-XML description says about its first image: pixel size (converted to µm) and
 * channel layout. Parsed with a streaming reader that stops at the first {@code Pixels} element,
 * with DTDs and external entities off (the XML comes from an untrusted file).
 *
 * @param physicalSizeX     µm per pixel across, or null
 * @param physicalSizeY     µm per pixel down, or null
 * @param sizeC             channels of the image
 * @param samplesPerChannel samples of its first channel (3 for an interleaved RGB image)
 */
record OmeXml(Double physicalSizeX, Double physicalSizeY, int sizeC, int samplesPerChannel) {

  static boolean looksLikeOme(String description) {
    if (description == null) {
      return false;
    }
    String head = description.stripLeading();
    return (head.startsWith("<?xml") || head.startsWith("<OME")) && description.contains("<OME");
  }

  /**
   * Parses the description.
   *
   * @throws IllegalArgumentException when it is not well-formed or has no Pixels element
   */
  static OmeXml parse(String xml) {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    try {
      XMLStreamReader r = factory.createXMLStreamReader(new StringReader(xml));
      try {
        Double sx = null;
        Double sy = null;
        int sizeC = 1;
        boolean inPixels = false;
        while (r.hasNext()) {
          int event = r.next();
          if (event == XMLStreamConstants.START_ELEMENT) {
            String name = r.getLocalName();
            if (name.equals("Pixels") && !inPixels) {
              inPixels = true;
              sx = toMicrons(r.getAttributeValue(null, "PhysicalSizeX"), r.getAttributeValue(null, "PhysicalSizeXUnit"));
              sy = toMicrons(r.getAttributeValue(null, "PhysicalSizeY"), r.getAttributeValue(null, "PhysicalSizeYUnit"));
              sizeC = intAttribute(r.getAttributeValue(null, "SizeC"), 1);
            } else if (name.equals("Channel") && inPixels) {
              int spp = intAttribute(r.getAttributeValue(null, "SamplesPerPixel"), 1);
              return new OmeXml(sx, sy, sizeC, spp);
            }
          } else if (event == XMLStreamConstants.END_ELEMENT && inPixels && r.getLocalName().equals("Pixels")) {
            return new OmeXml(sx, sy, sizeC, 1);
          }
        }
        throw new IllegalArgumentException("OME-XML has no Pixels element");
      } finally {
        r.close();
      }
    } catch (XMLStreamException e) {
      throw new IllegalArgumentException("OME-XML is not well-formed: " + e.getMessage(), e);
    }
  }

  private static int intAttribute(String v, int absent) {
    try {
      return v == null ? absent : Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      return absent;
    }
  }

  /** A length in an OME unit (µm when none is given, as the schema says) in µm, or null. */
  static Double toMicrons(String value, String unit) {
    if (value == null) {
      return null;
    }
    double v;
    try {
      v = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
    if (!(v > 0) || Double.isInfinite(v)) {
      return null;
    }
    String u = unit == null ? "µm" : unit.trim();
    double factor = switch (u.toLowerCase(Locale.ROOT)) {
      case "m" -> 1e6;
      case "cm" -> 1e4;
      case "mm" -> 1e3;
      case "µm", "\u03bcm", "um", "micron", "microns" -> 1;
      case "nm" -> 1e-3;
      case "pm" -> 1e-6;
      case "\u00e5", "\u212b" -> 1e-4;
      default -> Double.NaN;
    };
    return Double.isNaN(factor) ? null : v * factor;
  }
}
