package io.slidestream.service.jobs;

import com.typesafe.config.Config;
import io.slidestream.config.SlidestreamConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What the validator accepts and the defaults it fills in; {@code slidestream.jobs} and
 * {@code slidestream.models.default} in the configuration.
 *
 * @param allowedRoots     slides must lie under one of these directories (compared as real paths)
 * @param maxSlidePixels   slides whose level 0 claims more pixels are refused
 * @param defaultModel     model for jobs that name none; empty: such jobs are refused
 * @param defaultOutputs   output kinds for jobs that ask for none
 * @param defaultTileSize  core side for jobs that give none; 0: the model's patch size less its halo
 * @param maxTileSize      largest core side a job may ask for
 */
public record JobSettings(
    List<Path> allowedRoots,
    long maxSlidePixels,
    String defaultModel,
    List<String> defaultOutputs,
    int defaultTileSize,
    int maxTileSize) {

  public JobSettings {
    allowedRoots = allowedRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    if (maxSlidePixels < 1) {
      throw new IllegalArgumentException("max-slide-pixels must be positive, got " + maxSlidePixels);
    }
    defaultModel = Objects.requireNonNullElse(defaultModel, "");
    defaultOutputs = List.copyOf(defaultOutputs);
    if (defaultTileSize != 0 && (defaultTileSize < 16 || defaultTileSize % 16 != 0)) {
      throw new IllegalArgumentException("default-tile-size must be 0 or a multiple of 16, got " + defaultTileSize);
    }
  }

  public static JobSettings fromConfig(Config config) {
    Config c = config.getConfig("slidestream.jobs");
    List<Path> roots = c.getStringList("allowed-roots").stream()
        .map(s -> {
          Path p = Path.of(s);
          return p.isAbsolute() ? p : SlidestreamConfig.home().resolve(p);
        })
        .toList();
    return new JobSettings(roots, c.getLong("max-slide-pixels"), config.getString("slidestream.models.default"),
        c.getStringList("default-outputs"), c.getInt("default-tile-size"), c.getInt("max-tile-size"));
  }

  /** The same settings with other allowed roots (the CLI allows the slide it was given). */
  public JobSettings withAllowedRoots(List<Path> roots) {
    return new JobSettings(roots, maxSlidePixels, defaultModel, defaultOutputs, defaultTileSize, maxTileSize);
  }

  public JobSettings withDefaultModel(String modelId) {
    return new JobSettings(allowedRoots, maxSlidePixels, modelId, defaultOutputs, defaultTileSize, maxTileSize);
  }

  public JobSettings withMaxSlidePixels(long max) {
    return new JobSettings(allowedRoots, max, defaultModel, defaultOutputs, defaultTileSize, maxTileSize);
  }
}
