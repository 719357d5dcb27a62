package io.slidestream.models.training;

import io.slidestream.models.eval.EvaluationReport;
import java.nio.file.Path;

/**
 * @param bestWeights the network that validated best
 * @param report      its validation report (null if no validation ran)
 * @param bestDice    its overall validation Dice
 */
public record TrainingResult(Path bestWeights, EvaluationReport report, double bestDice) {}
