package io.slidestream.models.runtime;

/**
 * The state of ND4J/DL4J that decides convolution speed, as {@link Dl4jRuntime} found it.
 *
 * @param backend          ND4J's backend name, {@code CPU} or {@code CUDA}
 * @param helpersEnabled   DL4J will create layer helpers (the system property is {@code false})
 * @param bridged          the project's {@code org.nd4j.nativeblas.Nd4jCpu$Environment} bridge
 *                         reached libnd4j's real environment
 * @param oneDnnBuilt      the loaded libnd4j was compiled with oneDNN ({@code HAVE_ONEDNN} in its build
 *                         information): true for nd4j-native's {@code -onednn} natives, false for the
 *                         plain ones, whose own convolutions are an order of magnitude slower
 * @param oneDnnNative     libnd4j's switch for its oneDNN kernels is on (it is on by default even in a
 *                         build without oneDNN, so alone it proves nothing)
 * @param oneDnnForDl4j    DL4J's own check ({@code BaseMKLDNNHelper.mklDnnEnabled()}) says yes: new
 *                         convolution, pooling and batch-norm layers get oneDNN helpers
 * @param threads          ND4J's native thread count
 * @param floatType        ND4J's default floating-point type
 * @param versions         library versions
 */
public record RuntimeReport(
    String backend,
    boolean helpersEnabled,
    boolean bridged,
    boolean oneDnnBuilt,
    boolean oneDnnNative,
    boolean oneDnnForDl4j,
    int threads,
    String floatType,
    LibraryVersions versions) {

  /** True when convolution layers built now run on oneDNN. */
  public boolean fast() {
    return helpersEnabled && oneDnnForDl4j && oneDnnBuilt && oneDnnNative;
  }

  /** One line for logs and benchmark headers. */
  public String summary() {
    return "backend=" + backend + " helpers=" + (helpersEnabled ? "on" : "off") + " oneDNN(built)=" + oneDnnBuilt
        + " oneDNN(native)=" + oneDnnNative + " oneDNN(DL4J)=" + oneDnnForDl4j + " threads=" + threads + " dtype=" + floatType
        + " dl4j=" + versions.dl4j() + " backendArtifact=" + versions.nd4jBackend();
  }
}
