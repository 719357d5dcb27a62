package io.slidestream.service.jobs;

import io.slidestream.service.records.JobRecord;

/**
 * Turns a decoded job record into a job the runner can execute, or refuses it. The service binds
 * it to the job validator; broker-free tests bind it to whatever they need.
 */
@FunctionalInterface
public interface JobValidation {

  /** @throws JobRejectedException with the reason when the job cannot be run */
  SlideJob validate(JobRecord record);
}
