package io.slidestream.bench;

import io.slidestream.app.cli.SubcommandProvider;

/** Adds {@code slidestream bench} to the CLI (registered in {@code META-INF/services}). */
public final class BenchSubcommand implements SubcommandProvider {

  @Override
  public Object command() {
    return new BenchCommand();
  }
}
