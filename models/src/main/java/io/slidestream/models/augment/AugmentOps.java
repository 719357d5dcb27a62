package io.slidestream.models.augment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The ops pipeline text may name, by name: the built-ins and any found through
 * {@link ServiceLoader} ({@code META-INF/services/io.slidestream.models.augment.AugmentOp}).
 */
public final class AugmentOps {

  private static final AugmentOps INSTALLED = load();

  private final Map<String, AugmentOp> byName;

  private AugmentOps(Map<String, AugmentOp> byName) {
    this.byName = Collections.unmodifiableMap(byName);
  }

  /** Every op on the class path (loaded once). */
  public static AugmentOps installed() {
    return INSTALLED;
  }

  /** Exactly the given ops: for tests and for applications that want a closed set. */
  public static AugmentOps of(Collection<? extends AugmentOp> ops) {
    Map<String, AugmentOp> m = new TreeMap<>();
    for (AugmentOp op : ops) {
      check(op);
      AugmentOp previous = m.put(op.name(), op);
      if (previous != null) {
        throw new IllegalStateException("two augmentation ops are called '" + op.name() + "': "
            + previous.getClass().getName() + " and " + op.getClass().getName());
      }
    }
    return new AugmentOps(m);
  }

  private static AugmentOps load() {
    List<AugmentOp> ops = new ArrayList<>();
    ServiceLoader.load(AugmentOp.class, AugmentOps.class.getClassLoader()).forEach(ops::add);
    return of(ops);
  }

  private static void check(AugmentOp op) {
    for (Parameter p : op.parameters()) {
      if (AugmentationPipeline.PROBABILITY.equals(p.name())) {
        throw new IllegalStateException("op '" + op.name() + "' declares '" + AugmentationPipeline.PROBABILITY
            + "', which the pipeline gives every op");
      }
    }
  }

  /** The op called {@code name}, or null. */
  public AugmentOp get(String name) {
    return byName.get(name);
  }

  /** Names in alphabetical order. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /** Every op, by name. */
  public Collection<AugmentOp> all() {
    return byName.values();
  }
}
