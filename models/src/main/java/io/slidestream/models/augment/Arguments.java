package io.slidestream.models.augment;

import java.util.LinkedHashMap;
import java.util.Map;

/** The ranges of one step's parameters, every declared parameter present (defaults filled in). */
public final class Arguments {

  private final Map<String, Range> ranges;

  /** @param ranges parameter name to range, in declaration order */
  public Arguments(Map<String, Range> ranges) {
    this.ranges = new LinkedHashMap<>(ranges);
  }

  public Range range(String name) {
    Range r = ranges.get(name);
    if (r == null) {
      throw new IllegalArgumentException("no parameter '" + name + "'; have " + ranges.keySet());
    }
    return r;
  }

  /** The value of a parameter that must be fixed (not drawn per sample). */
  public double fixed(String name) {
    Range r = range(name);
    if (!r.isFixed()) {
      throw new IllegalArgumentException("parameter '" + name + "' must be a single value, got " + r);
    }
    return r.lo();
  }

  /** The canonical text form: {@code key=value} pairs in declaration order. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Range> e : ranges.entrySet()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append('=').append(e.getValue());
    }
    return sb.toString();
  }
}
