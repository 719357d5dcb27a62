package io.slidestream.models.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.Nd4jCpu;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Sets ND4J and DL4J up so that convolutions run on the fast native kernels, and says whether
 * they do. Call {@link #initialise()} before the first network is built: every entry point that
 * builds or loads a network in this module does.
 *
 * <p>Stock DL4J 1.0.0-M2.1 on CPU is an order of magnitude slower than it should be for three
 * reasons. Layer helpers are off unless the system property {@value #HELPERS_DISABLE_PROPERTY} is
 * {@code false} (DL4J reads it each time a layer is constructed, defaulting to {@code true}): set
 * here. DL4J's oneDNN check looks up a class that M2.1 no longer has: answered by the project's
 * bridge {@link Nd4jCpu.Environment}. And nd4j-native's plain natives have no oneDNN at all, so even
 * with helpers convolutions run libnd4j's own slow kernels: the build depends on the
 * {@code linux-x86_64-onednn} natives instead, and {@link RuntimeReport#oneDnnBuilt()} says which
 * were loaded.
 */
public final class Dl4jRuntime {

  /** DL4J's switch: helpers are created only when this is {@code "false"}. */
  public static final String HELPERS_DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

  private static final Object LOCK = new Object();
  private static volatile RuntimeReport report;

  private Dl4jRuntime() {}

  /**
   * Turns layer helpers on, loads the ND4J backend and checks oneDNN. Idempotent and thread-safe;
   * returns what it found. Does not fail when oneDNN is unavailable (the CUDA backend, for one):
   * the report says so.
   */
  public static RuntimeReport initialise() {
    RuntimeReport r = report;
    if (r != null) {
      return r;
    }
    synchronized (LOCK) {
      if (report == null) {
        System.setProperty(HELPERS_DISABLE_PROPERTY, "false");
        // Loading the backend first makes its natives available before the bridge reaches them.
        Nd4j.getBackend();
        Nd4j.getEnvironment().allowHelpers(true);
        report = currentReport();
      }
      return report;
    }
  }

  /** What the runtime looks like now (without initialising anything beyond the ND4J backend). */
  public static RuntimeReport currentReport() {
    String backend = Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend", "unknown");
    Nd4jCpu.Environment bridge = Nd4jCpu.Environment.getInstance();
    return new RuntimeReport(
        backend,
        "false".equalsIgnoreCase(System.getProperty(HELPERS_DISABLE_PROPERTY, "true")),
        bridge.isBridged(),
        NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo().contains("HAVE_ONEDNN"),
        bridge.isUseONEDNN(),
        BaseMKLDNNHelper.mklDnnEnabled(),
        Nd4j.getEnvironment().maxThreads(),
        Nd4j.defaultFloatingPointType().name(),
        LibraryVersions.current());
  }

  /**
   * The helper each convolution, pooling and batch-normalisation layer of {@code graph} holds, by
   * layer name: the helper's simple class name (for example {@code MKLDNNConvHelper}), or
   * {@value #BUILT_IN} when the layer runs DL4J's built-in Java/BLAS path.
   */
  public static Map<String, String> layerHelpers(ComputationGraph graph) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Layer layer : graph.getLayers()) {
      // Only these layer kinds have helpers in M2.1; every other layer always runs built-in code.
      if (layer instanceof ConvolutionLayer || layer instanceof SubsamplingLayer
          || layer instanceof BatchNormalization) {
        LayerHelper helper = layer.getHelper();
        out.put(layer.conf().getLayer().getLayerName(), helper == null ? BUILT_IN : helper.getClass().getSimpleName());
      }
    }
    return out;
  }

  /** The name {@link #layerHelpers} gives a layer that has no helper. */
  public static final String BUILT_IN = "built-in";

  /**
   * Builds something (a network) with DL4J's stock setting of no layer helpers, then restores the
   * helper setting: for benchmarks that compare the stock slow path with the fixed one in one JVM.
   */
  public static <T> T withoutHelpers(Supplier<T> build) {
    synchronized (LOCK) {
      String before = System.getProperty(HELPERS_DISABLE_PROPERTY);
      System.setProperty(HELPERS_DISABLE_PROPERTY, "true");
      try {
        return build.get();
      } finally {
        if (before == null) {
          System.clearProperty(HELPERS_DISABLE_PROPERTY);
        } else {
          System.setProperty(HELPERS_DISABLE_PROPERTY, before);
        }
      }
    }
  }
}
