package io.slidestream.hem.events;

/**
 * A training run's latest figures over JMX, as {@code io.slidestream:type=Training,name=<run>}.
 * Values are NaN (or −1) until the first cycle ends.
 */
public interface TrainingMetricsMBean {

  String getRunId();

  /** The last cycle that ended. */
  long getCycle();

  long getCyclesCompleted();

  int getK();

  int getNextK();

  int getPoolSize();

  double getTrainerIdle();

  double getErrorMapIdle();

  double getLoss();

  /** The last validation Dice measured (validation does not run every cycle). */
  double getValidationDice();

  long getIteration();

  double getCycleSeconds();

  /** STARTED, RUNNING, FINISHED or FAILED. */
  String getState();
}
