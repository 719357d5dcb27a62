package io.slidestream.images.readers.tiff.internals;

import java.util.HashMap;
import java.util.Map;

/**
 * The ImageDescription of an Aperio SVS: a header line, then {@code |key = value|} pairs. Only
 * the scan resolution and magnification are used; the other keys (user, date, scanner, file name)
 * never leave this class.
 */
final class AperioDescription {

  private final Map<String, String> values;

  private AperioDescription(Map<String, String> values) {
    this.values = values;
  }

  static boolean isAperio(String description) {
    return description != null && description.startsWith("Aperio");
  }

  static AperioDescription parse(String description) {
    Map<String, String> values = new HashMap<>();
    String[] parts = description.split("\\|");
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      if (eq > 0) {
        values.putIfAbsent(parts[i].substring(0, eq).trim(), parts[i].substring(eq + 1).trim());
      }
    }
    return new AperioDescription(values);
  }

  /** µm per pixel at full resolution ({@code MPP}), or null. */
  Double micronsPerPixel() {
    return positive("MPP");
  }

  /** The scan objective ({@code AppMag}), or null. */
  Double objectivePower() {
    return positive("AppMag");
  }

  private Double positive(String key) {
    String v = values.get(key);
    if (v == null) {
      return null;
    }
    try {
      double d = Double.parseDouble(v);
      return Double.isFinite(d) && d > 0 ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
