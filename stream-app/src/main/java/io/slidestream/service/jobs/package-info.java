/**
 * Accepting slide jobs: {@link io.slidestream.service.jobs.JobValidator} turns a job record into a
 * {@link io.slidestream.service.jobs.SlideJob} or refuses it with a
 * {@link io.slidestream.service.jobs.RejectionReason}; {@link io.slidestream.service.jobs.ModelStore}
 * finds models by id; {@link io.slidestream.service.jobs.OutputStore} says where a job's files go.
 */
package io.slidestream.service.jobs;
