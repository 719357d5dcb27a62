package io.slidestream.annotations.protocol;

import io.slidestream.annotations.AnnotationException;
import io.slidestream.annotations.LabelSet;
import io.slidestream.images.LabelClass;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * How one dataset's annotations turn into admissible label sets (methods §1). It names the
 * dataset's classes (ids {@code 0..C-1}, names, colours), the super labels that merge classes, the
 * classes the dataset never annotates, what each raw value of a label image means, what each
 * polygon class name (QuPath classification, ASAP group) means, and what area no polygon covers
 * means.
 *
 * <p>Each meaning is a <em>target</em>: a list of terms whose sets are united. A term is
 * <ul>
 *   <li>a class name: that class, {k};</li>
 *   <li>a super label name: the classes it merges (Kemnitz's SLAC);</li>
 *   <li>{@value #UNANNOTATED}: every class, i.e. no information (Bokhorst's invalid pixels);</li>
 *   <li>{@value #BACKGROUND_OR_MISSING}: the background class plus every class this dataset never
 *       annotates, which is every class except the ones it does annotate (Petit's SMILE, Roulet's
 *       ACE).</li>
 * </ul>
 * A protocol is written as configuration (see {@link LabelingProtocolConfig}) or with the
 * {@link #builder()}. Instances are immutable and thread-safe.
 */
public final class LabelingProtocol {

  /** Target term: every class (no information). */
  public static final String UNANNOTATED = "unannotated";
  /** Target term: the background class and every class the dataset never annotates. */
  public static final String BACKGROUND_OR_MISSING = "background-or-missing";

  /** Label images hold values 0..65535 at most (16-bit). */
  public static final int MAX_VALUE = 0xffff;

  /** What a label-image value that the protocol does not list means. */
  public enum UnmappedValues {
    /** It is an error: the label image does not follow the protocol. */
    ERROR,
    /** The pixel is unannotated (every class). */
    UNANNOTATED
  }

  private final String name;
  private final List<LabelClass> classes;
  private final Map<String, Integer> classIds;
  private final Map<String, Long> superLabels;
  private final int background;
  private final long neverAnnotated;
  private final long universe;
  /** Set per raw value; 0 (the empty set, never a valid label) marks a value the protocol does not list. */
  private final long[] valueSets;
  private final Map<String, Long> nameSets;
  private final long unannotatedArea;
  private final Long unclassified;
  private final UnmappedValues unmappedValues;

  private LabelingProtocol(Builder b, Resolver r, long[] valueSets, Map<String, Long> nameSets,
      long unannotatedArea, Long unclassified) {
    this.name = b.name;
    this.classes = r.classes;
    this.classIds = r.classIds;
    this.superLabels = r.superLabels;
    this.background = r.background;
    this.neverAnnotated = r.neverAnnotated;
    this.universe = r.universe;
    this.valueSets = valueSets;
    this.nameSets = nameSets;
    this.unannotatedArea = unannotatedArea;
    this.unclassified = unclassified;
    this.unmappedValues = b.unmappedValues;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The dataset name given in the configuration, for messages. */
  public String name() {
    return name;
  }

  /** The classes, ids {@code 0..C-1} in order. */
  public List<LabelClass> classes() {
    return classes;
  }

  public int classCount() {
    return classes.size();
  }

  /** Every class: the "no information" set. */
  public long universe() {
    return universe;
  }

  /** Id of the class called {@code className}, or -1. */
  public int classId(String className) {
    return classIds.getOrDefault(className, -1);
  }

  /** The background class id (the one {@value #BACKGROUND_OR_MISSING} always includes). */
  public int backgroundClass() {
    return background;
  }

  /** Classes this dataset never annotates. */
  public long neverAnnotated() {
    return neverAnnotated;
  }

  /** The classes a super label merges, or empty if there is no such super label. */
  public OptionalLong superLabel(String superLabelName) {
    Long s = superLabels.get(superLabelName);
    return s == null ? OptionalLong.empty() : OptionalLong.of(s);
  }

  /** What area covered by no polygon means. */
  public long unannotatedArea() {
    return unannotatedArea;
  }

  public UnmappedValues unmappedValues() {
    return unmappedValues;
  }

  /**
   * The set for a raw label-image value.
   *
   * @throws AnnotationException.UnknownLabel when the protocol does not list the value and
   *     unmapped values are errors
   */
  public long setForValue(int value) {
    long s = value >= 0 && value <= MAX_VALUE ? valueSets[value] : 0;
    if (s == 0) {
      if (unmappedValues == UnmappedValues.UNANNOTATED && value >= 0) {
        return universe;
      }
      throw new AnnotationException.UnknownLabel(describe() + "label value " + value
          + " is not in the protocol; it lists " + listedValues());
    }
    return s;
  }

  /**
   * A lookup table from raw value to set for hot loops: {@code MAX_VALUE + 1} entries, where 0
   * (the empty set) marks a value that is an error under {@link UnmappedValues#ERROR}. Unmapped
   * values already read as every class under {@link UnmappedValues#UNANNOTATED}. A fresh copy.
   */
  public long[] valueTable() {
    long[] t = valueSets.clone();
    if (unmappedValues == UnmappedValues.UNANNOTATED) {
      for (int i = 0; i < t.length; i++) {
        if (t[i] == 0) {
          t[i] = universe;
        }
      }
    }
    return t;
  }

  /**
   * The set for a polygon's class names, most specific first (an ASAP group, then the group it is
   * part of, …): the first name the protocol knows decides. Explicit {@code names} entries win over
   * class and super-label names. An empty list means an unclassified polygon.
   *
   * @param origin what the names belong to, for the message ("feature 12 'Region 3'")
   * @throws AnnotationException.UnknownLabel when no name is known to the protocol
   */
  public long setForNames(List<String> candidates, String origin) {
    if (candidates.isEmpty()) {
      if (unclassified == null) {
        throw new AnnotationException.UnknownLabel(describe() + origin + " has no class, and the protocol does not"
            + " say what unclassified annotations mean (set 'unclassified')");
      }
      return unclassified;
    }
    for (String n : candidates) {
      OptionalLong s = lookupName(n);
      if (s.isPresent()) {
        return s.getAsLong();
      }
    }
    StringBuilder why = new StringBuilder();
    for (String n : candidates) {
      int id = classIds.getOrDefault(n, -1);
      if (id >= 0 && (neverAnnotated >>> id & 1) != 0) {
        why.append("; class '").append(n).append("' is declared never annotated by this dataset");
      }
    }
    throw new AnnotationException.UnknownLabel(describe() + origin + " has class "
        + (candidates.size() == 1 ? "'" + candidates.get(0) + "'" : "names " + candidates)
        + ", which the protocol does not know" + why + "; known names: " + knownNames());
  }

  /** The set a single polygon class name stands for, if the protocol knows it. */
  public OptionalLong lookupName(String polygonClass) {
    Long s = nameSets.get(polygonClass);
    if (s != null) {
      return OptionalLong.of(s);
    }
    Integer id = classIds.get(polygonClass);
    if (id != null && (neverAnnotated >>> id & 1) == 0) {
      return OptionalLong.of(1L << id);
    }
    Long sup = superLabels.get(polygonClass);
    return sup == null ? OptionalLong.empty() : OptionalLong.of(sup);
  }

  private String describe() {
    return name == null || name.isEmpty() ? "" : "protocol '" + name + "': ";
  }

  private String listedValues() {
    StringBuilder sb = new StringBuilder();
    int shown = 0;
    for (int v = 0; v <= MAX_VALUE && shown < 20; v++) {
      if (valueSets[v] != 0) {
        sb.append(shown++ == 0 ? "" : ", ").append(v);
      }
    }
    return shown == 0 ? "no values" : sb.toString();
  }

  private List<String> knownNames() {
    List<String> known = new ArrayList<>(nameSets.keySet());
    for (LabelClass c : classes) {
      if ((neverAnnotated >>> c.id() & 1) == 0 && !known.contains(c.name())) {
        known.add(c.name());
      }
    }
    for (String s : superLabels.keySet()) {
      if (!known.contains(s)) {
        known.add(s);
      }
    }
    return known;
  }

  /** A readable form of a set with class names, for messages and logs. */
  public String format(long set) {
    if (set == universe) {
      return "{all}";
    }
    StringBuilder sb = new StringBuilder("{");
    for (int k : new LabelSet(set).classes()) {
      sb.append(sb.length() > 1 ? ", " : "").append(k < classes.size() ? classes.get(k).name() : "#" + k);
    }
    return sb.append('}').toString();
  }

  @Override
  public String toString() {
    return "LabelingProtocol[" + (name == null ? "" : name + ", ") + classes.size() + " classes]";
  }

  /** Collects a protocol; {@link #build()} resolves every target and checks consistency. */
  public static final class Builder {
    private String name;
    private final List<LabelClass> classes = new ArrayList<>();
    private final Map<String, List<String>> superLabels = new LinkedHashMap<>();
    private String background;
    private List<String> neverAnnotated;
    private List<String> annotatedOnly;
    private final Map<Integer, List<String>> values = new TreeMap<>();
    private final Map<String, List<String>> names = new LinkedHashMap<>();
    private List<String> unannotatedArea = List.of(UNANNOTATED);
    private List<String> unclassified;
    private UnmappedValues unmappedValues = UnmappedValues.ERROR;

    private Builder() {}

    public Builder datasetName(String datasetName) {
      this.name = datasetName;
      return this;
    }

    /** Adds a class with the next id (0, 1, …). */
    public Builder addClass(String className, int rgb) {
      return addClass(classes.size(), className, rgb);
    }

    public Builder addClass(int id, String className, int rgb) {
      classes.add(new LabelClass(id, className, rgb));
      return this;
    }

    /** A super label: a name for the union of some classes, for annotations that do not tell them apart. */
    public Builder superLabel(String superName, List<String> classNames) {
      if (superLabels.put(superName, List.copyOf(classNames)) != null) {
        throw new AnnotationException.BadProtocol("super label '" + superName + "' is defined twice");
      }
      return this;
    }

    /** The background class; without it, class id 0. */
    public Builder background(String className) {
      this.background = className;
      return this;
    }

    /** Classes this dataset never annotates (exclusive with {@link #annotatedOnly}). */
    public Builder neverAnnotated(List<String> classNames) {
      this.neverAnnotated = List.copyOf(classNames);
      return this;
    }

    /**
     * The only classes this dataset annotates, besides background (exclusive with
     * {@link #neverAnnotated}): every other non-background class is then never annotated.
     */
    public Builder annotatedOnly(List<String> classNames) {
      this.annotatedOnly = List.copyOf(classNames);
      return this;
    }

    /** What a raw label-image value means. */
    public Builder mapValue(int raw, List<String> target) {
      return mapValues(raw, raw, target);
    }

    /**
     * What every raw value in {@code from..to} (inclusive) means: instance masks number their
     * objects 1..N, and all of them are one class.
     */
    public Builder mapValues(int from, int to, List<String> target) {
      if (from < 0 || to > MAX_VALUE || from > to) {
        throw new AnnotationException.BadProtocol((from == to ? "label value " + from + " is outside"
            : "label values " + from + ".." + to + " are not a range within") + " 0.." + MAX_VALUE);
      }
      List<String> t = List.copyOf(target);
      for (int raw = from; raw <= to; raw++) {
        if (values.put(raw, t) != null) {
          throw new AnnotationException.BadProtocol("label value " + raw + " is mapped twice");
        }
      }
      return this;
    }

    public Builder mapValue(int raw, String... target) {
      return mapValue(raw, Arrays.asList(target));
    }

    /** What a polygon class name (QuPath classification, ASAP group) means. */
    public Builder mapName(String polygonClass, List<String> target) {
      if (names.put(polygonClass, List.copyOf(target)) != null) {
        throw new AnnotationException.BadProtocol("polygon class name '" + polygonClass + "' is mapped twice");
      }
      return this;
    }

    public Builder mapName(String polygonClass, String... target) {
      return mapName(polygonClass, Arrays.asList(target));
    }

    /** What area that no polygon covers means; {@value #UNANNOTATED} unless set. */
    public Builder unannotatedArea(List<String> target) {
      this.unannotatedArea = List.copyOf(target);
      return this;
    }

    public Builder unannotatedArea(String... target) {
      return unannotatedArea(Arrays.asList(target));
    }

    /** What a polygon without a class means; without it, an unclassified polygon is an error. */
    public Builder unclassified(List<String> target) {
      this.unclassified = List.copyOf(target);
      return this;
    }

    public Builder unmappedValues(UnmappedValues policy) {
      this.unmappedValues = Objects.requireNonNull(policy, "policy");
      return this;
    }

    public LabelingProtocol build() {
      Resolver r = new Resolver(this);
      long[] valueSets = new long[MAX_VALUE + 1];
      for (Map.Entry<Integer, List<String>> e : values.entrySet()) {
        valueSets[e.getKey()] = r.resolve(e.getValue(), "label value " + e.getKey());
      }
      Map<String, Long> nameSets = new LinkedHashMap<>();
      for (Map.Entry<String, List<String>> e : names.entrySet()) {
        nameSets.put(e.getKey(), r.resolve(e.getValue(), "polygon class name '" + e.getKey() + "'"));
      }
      long area = r.resolve(unannotatedArea, "unannotated area");
      Long uncl = unclassified == null ? null : r.resolve(unclassified, "unclassified annotations");
      return new LabelingProtocol(this, r, valueSets, Collections.unmodifiableMap(nameSets), area, uncl);
    }
  }

  /** Checks the class list and turns target terms into sets. */
  private static final class Resolver {
    final List<LabelClass> classes;
    final Map<String, Integer> classIds = new LinkedHashMap<>();
    final Map<String, Long> superLabels = new LinkedHashMap<>();
    final int background;
    final long neverAnnotated;
    final long universe;

    Resolver(Builder b) {
      if (b.classes.isEmpty()) {
        throw new AnnotationException.BadProtocol("a protocol needs at least one class");
      }
      if (b.classes.size() > LabelSet.MAX_CLASSES) {
        throw new AnnotationException.BadProtocol(
            b.classes.size() + " classes; label sets hold at most " + LabelSet.MAX_CLASSES);
      }
      List<LabelClass> sorted = new ArrayList<>(b.classes);
      sorted.sort((p, q) -> Integer.compare(p.id(), q.id()));
      for (int i = 0; i < sorted.size(); i++) {
        LabelClass c = sorted.get(i);
        if (c.id() != i) {
          throw new AnnotationException.BadProtocol("class ids must be 0.." + (sorted.size() - 1)
              + " without gaps or repeats (bit k of a label set is class k); found id " + c.id() + " for '" + c.name()
              + "' where " + i + " was expected");
        }
        if (isKeyword(c.name())) {
          throw new AnnotationException.BadProtocol("'" + c.name() + "' is a keyword and cannot name a class");
        }
        if (classIds.put(c.name(), i) != null) {
          throw new AnnotationException.BadProtocol("class name '" + c.name() + "' is used twice");
        }
      }
      classes = List.copyOf(sorted);
      universe = LabelSet.universe(classes.size());
      for (Map.Entry<String, List<String>> e : b.superLabels.entrySet()) {
        String s = e.getKey();
        if (isKeyword(s) || classIds.containsKey(s)) {
          throw new AnnotationException.BadProtocol("super label '" + s + "' clashes with a class name or keyword");
        }
        if (e.getValue().isEmpty()) {
          throw new AnnotationException.BadProtocol("super label '" + s + "' merges no classes");
        }
        long set = 0;
        for (String c : e.getValue()) {
          set |= 1L << classOf(c, "super label '" + s + "'");
        }
        superLabels.put(s, set);
      }
      background = b.background == null ? 0 : classOf(b.background, "background");
      if (b.neverAnnotated != null && b.annotatedOnly != null) {
        throw new AnnotationException.BadProtocol(
            "give either never-annotated or annotated-only, not both: each determines the other");
      }
      long never = 0;
      if (b.neverAnnotated != null) {
        for (String c : b.neverAnnotated) {
          int k = classOf(c, "never-annotated");
          if (k == background) {
            throw new AnnotationException.BadProtocol("the background class '" + c + "' cannot be never-annotated");
          }
          never |= 1L << k;
        }
      } else if (b.annotatedOnly != null) {
        long annotated = 1L << background;
        for (String c : b.annotatedOnly) {
          annotated |= 1L << classOf(c, "annotated-only");
        }
        never = universe & ~annotated;
      }
      neverAnnotated = never;
    }

    private int classOf(String className, String where) {
      Integer id = classIds.get(className);
      if (id == null) {
        throw new AnnotationException.BadProtocol(where + " names class '" + className
            + "', which is not one of the classes " + classIds.keySet());
      }
      return id;
    }

    long resolve(List<String> terms, String where) {
      if (terms.isEmpty()) {
        throw new AnnotationException.BadProtocol(where + " maps to no classes");
      }
      long set = 0;
      for (String t : terms) {
        if (UNANNOTATED.equals(t)) {
          set |= universe;
        } else if (BACKGROUND_OR_MISSING.equals(t)) {
          set |= 1L << background | neverAnnotated;
        } else if (classIds.containsKey(t)) {
          set |= 1L << classIds.get(t);
        } else if (superLabels.containsKey(t)) {
          set |= superLabels.get(t);
        } else {
          throw new AnnotationException.BadProtocol(where + " maps to '" + t + "', which is neither a class "
              + classIds.keySet() + ", a super label " + superLabels.keySet() + ", nor '" + UNANNOTATED + "' or '"
              + BACKGROUND_OR_MISSING + "'");
        }
      }
      if (LabelSet.isSingleton(set) && (neverAnnotated & set) != 0) {
        throw new AnnotationException.BadProtocol(where + " maps to class '"
            + classes.get(LabelSet.singleClass(set)).name() + "', which the dataset is declared never to annotate");
      }
      return set;
    }

    private static boolean isKeyword(String s) {
      return UNANNOTATED.equals(s) || BACKGROUND_OR_MISSING.equals(s);
    }
  }
}
