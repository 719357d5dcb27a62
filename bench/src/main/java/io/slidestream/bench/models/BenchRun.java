package io.slidestream.bench.models;

import io.slidestream.models.eval.EvaluationReport;

/**
 * One training run of the training benchmark and how it scored on the dense validation images
 * after its last iteration.
 *
 * @param experiment which comparison it belongs to
 * @param name       the run's name in the table
 * @param labels     what the training labels were
 * @param loss       loss name as configured
 * @param balancing  balancing as configured
 * @param report     dense validation scores of the final weights
 * @param seconds    wall time of training and validation
 * @param relabelled pixels relabelled by SMILEr rounds, in all (0 without SMILEr)
 */
public record BenchRun(String experiment, String name, String labels, String loss, String balancing,
    EvaluationReport report, double seconds, long relabelled) {}
