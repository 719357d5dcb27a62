package io.slidestream.app.cli;

import picocli.CommandLine;

/** Reports the version Maven wrote into the jar manifest, or "development" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = SlidestreamCommand.class.getPackage().getImplementationVersion();
    return new String[] {"slidestream " + (v == null ? "development" : v)};
  }
}
