package io.slidestream.models.training;

import io.slidestream.images.LabelRaster;
import io.slidestream.models.data.BatchAssembler;
import io.slidestream.models.data.GridPatches;
import io.slidestream.models.data.PatchRequest;
import io.slidestream.models.data.PatchSource;
import io.slidestream.models.data.TrainingSample;
import io.slidestream.models.eval.EvaluationReport;
import io.slidestream.models.eval.SegmentationEvaluator;
import io.slidestream.models.unet.Head;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Dense evaluation of a network on a fixed set of patches covering the validation images where
 * they are annotated ({@link GridPatches#coverAnnotated}): the same patches every time, so scores
 * of one run are comparable across validations. A softmax
 * network's label is the arg-max; a sigmoid network's is the most probable class above 0.5, else
 * the background class (as the model file's decoder labels it).
 */
public final class Validation {

  private final PatchSource source;
  private final List<PatchRequest> patches;
  private final BatchAssembler assembler;
  private final List<String> classNames;
  private final int batchSize;
  private final Head head;
  private final int backgroundClass;

  /** Validation of a softmax network. */
  public Validation(PatchSource source, int patchSize, BatchAssembler assembler, List<String> classNames, int batchSize) {
    this(source, patchSize, assembler, classNames, batchSize, Head.SOFTMAX, 0);
  }

  /** @param backgroundClass for sigmoid heads: the label of pixels no head claims */
  public Validation(PatchSource source, int patchSize, BatchAssembler assembler, List<String> classNames,
      int batchSize, Head head, int backgroundClass) {
    this.head = head;
    this.backgroundClass = backgroundClass;
    this.source = source;
    this.patches = GridPatches.coverAnnotated(source, patchSize, patchSize);
    this.assembler = assembler;
    this.classNames = classNames;
    this.batchSize = batchSize;
  }

  public EvaluationReport evaluate(ComputationGraph net, String title) {
    SegmentationEvaluator.Builder builder = SegmentationEvaluator.builder(classNames).ignoreValue(TrainingSample.IGNORE);
    if (classNames.size() == 2) {
      // A two-class task is a detection task too: PR-AUC and max F1 of class 1, as Burlutskiy reports.
      builder.binaryClasses(1);
    }
    SegmentationEvaluator evaluator = builder.build();
    for (int from = 0; from < patches.size(); from += batchSize) {
      List<TrainingSample> samples = new ArrayList<>();
      for (PatchRequest r : patches.subList(from, Math.min(patches.size(), from + batchSize))) {
        samples.add(source.read(r));
      }
      List<LabelRaster> references = samples.stream()
          .map(s -> s.reference().orElseGet(() -> TrainingSample.referenceOf(s.labels())))
          .toList();
      INDArray features = assembler.assemble(samples).features();
      INDArray probabilities = net.output(false, features)[0];
      if (head == Head.SIGMOID) {
        evaluator.addSigmoidProbabilities(probabilities, references, backgroundClass);
      } else {
        evaluator.addProbabilities(probabilities, references);
      }
      Release.now(features, probabilities);
    }
    return evaluator.report(title);
  }
}
