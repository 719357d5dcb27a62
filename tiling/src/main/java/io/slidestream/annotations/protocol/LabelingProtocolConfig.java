package io.slidestream.annotations.protocol;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.slidestream.annotations.AnnotationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@link LabelingProtocol} from HOCON or JSON (JSON is valid HOCON). Every key but
 * {@code classes} is optional; unknown keys are rejected so that a typo does not silently change
 * what annotations mean.
 *
 * <pre>{@code
 * name = "lesion-only dataset"
 * classes = [                         # ids are the list positions unless given as id = k
 *   { name = background, color = "#ffffff" }
 *   { name = tumor,      color = "#c80000" }
 *   { name = stroma,     color = [0, 160, 0] }
 *   { name = necrosis,   color = "#303030" }
 * ]
 * background = background             # default: class 0
 * super-labels { tissue = [tumor, stroma, necrosis] }
 * never-annotated = [necrosis]        # or: annotated-only = [tumor, stroma]
 * values {                            # label-image value (or range "a-b") -> target
 *   0 = unannotated                   # sparse annotation: no information
 *   "10-255" = tumor                  # a range, e.g. the object ids of an instance mask
 *   1 = tumor
 *   2 = stroma
 *   3 = tissue                        # a super label
 *   4 = [background, tumor]           # a list is the union of its terms
 *   5 = background-or-missing         # background or a class never annotated
 * }
 * unmapped-values = error             # or: unannotated
 * names {                             # polygon class name -> target (class and super-label names map to themselves)
 *   "Tumor" = tumor
 *   "_2" = unannotated                # e.g. an ASAP exclusion group
 * }
 * unannotated = background-or-missing # what area no polygon covers means; default: unannotated
 * unclassified = unannotated          # what a polygon without a class means; default: error
 * }</pre>
 */
public final class LabelingProtocolConfig {

  private static final Set<String> KEYS = Set.of("name", "classes", "background", "super-labels", "never-annotated",
      "annotated-only", "values", "unmapped-values", "names", "unannotated", "unclassified");
  private static final Set<String> CLASS_KEYS = Set.of("id", "name", "color");

  private LabelingProtocolConfig() {}

  /** Parses HOCON or JSON text. */
  public static LabelingProtocol parse(String text) {
    return parse(text, "protocol text");
  }

  /** Parses HOCON or JSON text; {@code origin} names it in messages. */
  public static LabelingProtocol parse(String text, String origin) {
    Config c;
    try {
      c = ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription(origin)).resolve();
    } catch (ConfigException e) {
      throw new AnnotationException.BadProtocol(origin + ": not valid HOCON/JSON: " + e.getMessage(), e);
    }
    return fromConfig(c);
  }

  /** Reads a protocol file (HOCON or JSON). */
  public static LabelingProtocol load(Path file) throws IOException {
    return parse(Files.readString(file), file.toString());
  }

  /** Reads a protocol from a config object whose root is the protocol (use {@code getConfig(path)} to pick one). */
  public static LabelingProtocol fromConfig(Config c) {
    try {
      return read(c);
    } catch (ConfigException e) {
      throw new AnnotationException.BadProtocol("labeling protocol: " + e.getMessage(), e);
    }
  }

  private static LabelingProtocol read(Config c) {
    for (String key : c.root().keySet()) {
      if (!KEYS.contains(key)) {
        throw new AnnotationException.BadProtocol(where(c.root().get(key)) + "unknown key '" + key + "'; known keys: "
            + KEYS.stream().sorted().toList());
      }
    }
    LabelingProtocol.Builder b = LabelingProtocol.builder();
    if (c.hasPath("name")) {
      b.datasetName(c.getString("name"));
    }
    if (!c.hasPath("classes")) {
      throw new AnnotationException.BadProtocol("labeling protocol: 'classes' is missing");
    }
    ConfigList classes = c.getList("classes");
    for (int i = 0; i < classes.size(); i++) {
      ConfigValue v = classes.get(i);
      if (!(v instanceof ConfigObject o)) {
        throw new AnnotationException.BadProtocol(where(v) + "classes[" + i + "] must be an object {name, color, id}");
      }
      for (String key : o.keySet()) {
        if (!CLASS_KEYS.contains(key)) {
          throw new AnnotationException.BadProtocol(where(v) + "classes[" + i + "]: unknown key '" + key + "'");
        }
      }
      Config cc = o.toConfig();
      if (!cc.hasPath("name")) {
        throw new AnnotationException.BadProtocol(where(v) + "classes[" + i + "] has no name");
      }
      if (!cc.hasPath("color")) {
        throw new AnnotationException.BadProtocol(where(v) + "classes[" + i + "] ('" + cc.getString("name")
            + "') has no color");
      }
      int id = cc.hasPath("id") ? cc.getInt("id") : i;
      b.addClass(id, cc.getString("name"), colour(o.get("color"), "classes[" + i + "].color"));
    }
    if (c.hasPath("background")) {
      b.background(c.getString("background"));
    }
    if (c.hasPath("super-labels")) {
      for (Map.Entry<String, ConfigValue> e : c.getObject("super-labels").entrySet()) {
        b.superLabel(e.getKey(), terms(e.getValue(), "super-labels." + e.getKey()));
      }
    }
    if (c.hasPath("never-annotated")) {
      b.neverAnnotated(c.getStringList("never-annotated"));
    }
    if (c.hasPath("annotated-only")) {
      b.annotatedOnly(c.getStringList("annotated-only"));
    }
    if (c.hasPath("values")) {
      for (Map.Entry<String, ConfigValue> e : c.getObject("values").entrySet()) {
        String key = e.getKey().trim();
        int dash = key.indexOf('-', 1);
        int from;
        int to;
        try {
          from = Integer.parseInt(dash < 0 ? key : key.substring(0, dash).trim());
          to = dash < 0 ? from : Integer.parseInt(key.substring(dash + 1).trim());
        } catch (NumberFormatException ex) {
          throw new AnnotationException.BadProtocol(where(e.getValue()) + "values: key '" + e.getKey()
              + "' is not an integer label value or a range \"a-b\"");
        }
        b.mapValues(from, to, terms(e.getValue(), "values." + e.getKey()));
      }
    }
    if (c.hasPath("unmapped-values")) {
      String policy = c.getString("unmapped-values").trim().toLowerCase(Locale.ROOT);
      switch (policy) {
        case "error" -> b.unmappedValues(LabelingProtocol.UnmappedValues.ERROR);
        case "unannotated" -> b.unmappedValues(LabelingProtocol.UnmappedValues.UNANNOTATED);
        default -> throw new AnnotationException.BadProtocol("unmapped-values must be 'error' or 'unannotated', got '"
            + policy + "'");
      }
    }
    if (c.hasPath("names")) {
      for (Map.Entry<String, ConfigValue> e : c.getObject("names").entrySet()) {
        b.mapName(e.getKey(), terms(e.getValue(), "names." + e.getKey()));
      }
    }
    if (c.hasPath("unannotated")) {
      b.unannotatedArea(terms(c.getValue("unannotated"), "unannotated"));
    }
    if (c.hasPath("unclassified")) {
      b.unclassified(terms(c.getValue("unclassified"), "unclassified"));
    }
    return b.build();
  }

  /** A target: one term or a list of terms. */
  private static List<String> terms(ConfigValue v, String key) {
    if (v.valueType() == ConfigValueType.STRING) {
      return List.of((String) v.unwrapped());
    }
    if (v instanceof ConfigList list) {
      List<String> out = new ArrayList<>();
      for (ConfigValue item : list) {
        if (item.valueType() != ConfigValueType.STRING) {
          throw new AnnotationException.BadProtocol(where(v) + key + ": list items must be class or super-label names");
        }
        out.add((String) item.unwrapped());
      }
      return out;
    }
    throw new AnnotationException.BadProtocol(where(v) + key + " must be a name or a list of names, got "
        + v.valueType().name().toLowerCase(Locale.ROOT)
        + (v.valueType() == ConfigValueType.OBJECT ? " (quote keys that contain dots)" : ""));
  }

  /** {@code "#rrggbb"}, {@code "rrggbb"}, {@code [r, g, b]} or an integer {@code 0xRRGGBB}. */
  private static int colour(ConfigValue v, String key) {
    if (v.valueType() == ConfigValueType.STRING) {
      String s = ((String) v.unwrapped()).trim();
      String hex = s.startsWith("#") ? s.substring(1) : s;
      if (hex.matches("[0-9a-fA-F]{6}")) {
        return Integer.parseInt(hex, 16);
      }
    } else if (v.valueType() == ConfigValueType.NUMBER) {
      int rgb = ((Number) v.unwrapped()).intValue();
      if (rgb >= 0 && rgb <= 0xffffff) {
        return rgb;
      }
    } else if (v instanceof ConfigList list && list.size() == 3) {
      int rgb = 0;
      for (ConfigValue item : list) {
        if (item.valueType() != ConfigValueType.NUMBER) {
          rgb = -1;
          break;
        }
        int ch = ((Number) item.unwrapped()).intValue();
        if (ch < 0 || ch > 255) {
          rgb = -1;
          break;
        }
        rgb = rgb << 8 | ch;
      }
      if (rgb >= 0) {
        return rgb;
      }
    }
    throw new AnnotationException.BadProtocol(where(v) + key + " must be \"#rrggbb\" or [r, g, b] with 0..255, got "
        + v.render());
  }

  private static String where(ConfigValue v) {
    return v.origin() == null ? "" : v.origin().description() + ": ";
  }
}
