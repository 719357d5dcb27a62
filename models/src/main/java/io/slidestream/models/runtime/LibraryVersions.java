package io.slidestream.models.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Properties;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The library versions a model was trained or run with, as recorded in model files and benchmark
 * output: DL4J, the ND4J backend artifact and its version, and the Java runtime.
 *
 * @param dl4j        the deeplearning4j-nn version, e.g. {@code 1.0.0-M2.1}
 * @param nd4jBackend the backend artifact and version, with {@code +onednn} when its natives carry
 *                    oneDNN, e.g. {@code nd4j-native 1.0.0-M2.1 +onednn}
 * @param java        the Java runtime version
 */
public record LibraryVersions(String dl4j, String nd4jBackend, String java) {

  public LibraryVersions {
    Objects.requireNonNull(dl4j, "dl4j");
    Objects.requireNonNull(nd4jBackend, "nd4jBackend");
    Objects.requireNonNull(java, "java");
  }

  private static final String UNKNOWN = "unknown";

  /** The versions on this classpath; loads the ND4J backend if it is not loaded yet. */
  public static LibraryVersions current() {
    String dl4j = mavenVersion(ComputationGraph.class, "org.deeplearning4j", "deeplearning4j-nn");
    Class<?> backend = Nd4j.getBackend().getClass();
    String artifact = backend.getName().contains("jcublas") ? "nd4j-cuda-11.6" : "nd4j-native";
    String backendVersion = mavenVersion(backend, "org.nd4j", artifact);
    boolean oneDnn = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo().contains("HAVE_ONEDNN");
    return new LibraryVersions(dl4j, artifact + " " + backendVersion + (oneDnn ? " +onednn" : ""),
        Runtime.version().toString());
  }

  /** The {@code version} of a Maven artifact from its pom.properties, read through a class of its jar. */
  private static String mavenVersion(Class<?> anyClassOfTheJar, String group, String artifact) {
    String resource = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
    try (InputStream in = anyClassOfTheJar.getResourceAsStream(resource)) {
      if (in == null) {
        return UNKNOWN;
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", UNKNOWN);
    } catch (IOException e) {
      return UNKNOWN;
    }
  }
}
