package io.slidestream.app.cli;

/**
 * A subcommand of {@code slidestream} that lives in another artifact: {@link SlidestreamCommand}
 * adds each one that {@link java.util.ServiceLoader} finds on the class path (a
 * {@code META-INF/services/io.slidestream.app.cli.SubcommandProvider} entry). The benchmarks add
 * {@code bench} this way, so the service's own jar carries none of their code; without their jar
 * there is simply no {@code bench}.
 */
public interface SubcommandProvider {

  /** A new instance of a class annotated with picocli's {@code @Command}, as picocli's {@code addSubcommand} takes. */
  Object command();
}
