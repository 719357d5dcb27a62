package org.nd4j.nativeblas;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Slidestream's own bridge at the class name DL4J 1.0.0-M2.1 looks up to decide whether oneDNN is
 * usable; not DL4J code and not a copy of it.
 *
 * <p>{@code BaseMKLDNNHelper.mklDnnEnabled()} loads {@code org.nd4j.nativeblas.Nd4jCpu$Environment}
 * by name, calls its public static no-argument {@code getInstance()} with a null receiver and then
 * the public no-argument instance method {@code isUseMKLDNN()} on what that returned, unboxing a
 * {@code Boolean} (read with {@code javap -c} from deeplearning4j-nn-1.0.0-M2.1.jar). Neither exists
 * in M2.1: the bindings moved to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment},
 * whose flag is called {@code isUseONEDNN}. The lookup fails, DL4J records the failure for the rest
 * of the JVM's life and every convolution and pooling layer silently takes the slow built-in path.
 *
 * <p>This class answers those two calls by delegating to the real environment. It reaches the real
 * class reflectively so that the module still compiles and runs with the CUDA backend, where the
 * CPU bindings are absent (DL4J never asks there: it checks for the CPU backend first); without them
 * the answer is {@code false}, which is DL4J's own fallback. Nothing else of the old class is
 * provided because nothing else is called.
 */
public final class Nd4jCpu {

  private Nd4jCpu() {}

  /** The name of the real native environment class this bridge delegates to. */
  public static final String REAL_ENVIRONMENT = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";

  /** The shape DL4J expects: a singleton with a boolean oneDNN flag. */
  public static final class Environment {

    private static final Environment INSTANCE = new Environment();

    private final MethodHandle isUseOneDnn;
    private final MethodHandle setUseOneDnn;
    private final String unavailableReason;

    private Environment() {
      MethodHandle get = null;
      MethodHandle set = null;
      String reason = null;
      try {
        Class<?> real = Class.forName(REAL_ENVIRONMENT, true, Nd4jCpu.class.getClassLoader());
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Object instance = lookup.findStatic(real, "getInstance", MethodType.methodType(real)).invoke();
        get = lookup.findVirtual(real, "isUseONEDNN", MethodType.methodType(boolean.class)).bindTo(instance);
        set = lookup.findVirtual(real, "setUseONEDNN", MethodType.methodType(void.class, boolean.class))
            .bindTo(instance);
      } catch (Throwable e) {
        // Not the CPU backend (or its natives failed to load): report oneDNN as off, as DL4J would.
        reason = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
      this.isUseOneDnn = get;
      this.setUseOneDnn = set;
      this.unavailableReason = reason;
    }

    /** Called reflectively by DL4J with a null receiver. */
    public static Environment getInstance() {
      return INSTANCE;
    }

    /** Called reflectively by DL4J: whether libnd4j will run oneDNN (formerly MKL-DNN) kernels. */
    public boolean isUseMKLDNN() {
      return isUseONEDNN();
    }

    /** The real flag of libnd4j's environment; false where the CPU bindings are absent. */
    public boolean isUseONEDNN() {
      if (isUseOneDnn == null) {
        return false;
      }
      try {
        return (boolean) isUseOneDnn.invokeExact();
      } catch (Throwable e) {
        throw new IllegalStateException("the native oneDNN flag could not be read", e);
      }
    }

    /** Switches libnd4j's oneDNN kernels on or off; a no-op where the CPU bindings are absent. */
    public void setUseONEDNN(boolean use) {
      if (setUseOneDnn == null) {
        return;
      }
      try {
        setUseOneDnn.invokeExact(use);
      } catch (Throwable e) {
        throw new IllegalStateException("the native oneDNN flag could not be set", e);
      }
    }

    /** True when the real CPU environment was found and is being delegated to. */
    public boolean isBridged() {
      return isUseOneDnn != null;
    }

    /** Why the real environment could not be reached, or null when it was. */
    public String unavailableReason() {
      return unavailableReason;
    }
  }
}
