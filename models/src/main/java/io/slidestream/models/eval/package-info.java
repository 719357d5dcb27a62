/**
 * Evaluation (methods §7): Dice per class and overall on dense reference masks, as Bokhorst et
 * al. report it, and precision–recall AUC and maximum F1 for binary tasks, as Burlutskiy et al.
 * do. Everything accumulates counts (a confusion matrix, a score histogram) so that any number of
 * tiles or slides can be evaluated in bounded memory, in parallel, and merged.
 */
package io.slidestream.models.eval;
