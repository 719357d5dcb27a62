package io.slidestream.models.training;

import io.slidestream.models.eval.EvaluationReport;
import java.nio.file.Path;

/**
 * @param model       the model file holding the network that validated best
 * @param report      its validation report (null if no validation ran)
 * @param bestDice    its overall validation Dice
 */
public record TrainingResult(Path model, EvaluationReport report, double bestDice) {}
