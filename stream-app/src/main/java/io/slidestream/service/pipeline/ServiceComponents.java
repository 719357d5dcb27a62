package io.slidestream.service.pipeline;

import com.typesafe.config.Config;
import io.slidestream.service.jobs.JobLimits;
import io.slidestream.service.jobs.JobMemory;
import io.slidestream.service.jobs.JobSettings;
import io.slidestream.service.jobs.JobValidation;
import io.slidestream.service.jobs.JobValidator;
import io.slidestream.service.jobs.ModelStore;
import java.util.List;
import java.util.Objects;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of the service that know nothing of Kafka: how jobs are validated and how they run,
 * plus what must be closed when the service stops (after the runner).
 */
public record ServiceComponents(JobValidation validation, SlideJobRunner runner, List<AutoCloseable> resources) {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceComponents.class);

  public ServiceComponents {
    Objects.requireNonNull(validation, "validation");
    Objects.requireNonNull(runner, "runner");
    resources = List.copyOf(resources);
  }

  /** The model store, validator and tile pipeline as configured. */
  public static ServiceComponents fromConfig(Config config) {
    return fromConfig(config, PipelineListener.NONE, nanos -> {});
  }

  /**
   * As {@link #fromConfig(Config)}, telling {@code listener} what the pipeline's stages took and
   * {@code modelLoads} how long each network took to load.
   */
  public static ServiceComponents fromConfig(Config config, PipelineListener listener, LongConsumer modelLoads) {
    ModelStore models = ModelStore.fromConfig(config, modelLoads);
    TilePipeline pipeline = TilePipeline.fromConfig(config, listener);
    PipelineSettings p = pipeline.settings();
    JobValidator validator = new JobValidator(JobSettings.fromConfig(config), models, JobLimits.fromConfig(config),
        new JobMemory(p.batchSize(), p.maxTilesInFlight()));
    return new ServiceComponents(validator::validate, pipeline, List.of(models));
  }

  /** Stops the runner, then releases the resources; logs rather than throws, as shutdown goes on. */
  public void close() {
    try {
      runner.close();
    } catch (RuntimeException e) {
      LOG.warn("closing the job runner failed: {}", e.toString());
    }
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", r, e.toString());
      }
    }
  }
}
