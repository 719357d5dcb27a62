package io.slidestream.app.cli;

import io.slidestream.annotations.protocol.LabelingProtocol;
import io.slidestream.annotations.protocol.LabelingProtocolConfig;
import io.slidestream.images.LabelClass;
import io.slidestream.models.data.BatchAssembler;
import io.slidestream.models.data.ImageMaskDirectory;
import io.slidestream.models.data.ImageMaskPair;
import io.slidestream.models.data.ImageMaskReader;
import io.slidestream.models.data.InMemoryPatchSource;
import io.slidestream.models.data.TrainingSample;
import io.slidestream.models.eval.EvaluationReport;
import io.slidestream.models.runtime.Dl4jRuntime;
import io.slidestream.models.training.Validation;
import io.slidestream.models.io.ModelFile;
import io.slidestream.models.io.TrainedModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slidestream eval}: dense Dice (and PR-AUC, max F1 for two classes) of a network on image/mask pairs. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Evaluate trained weights on images with dense masks: Dice per class and overall; PR-AUC and max F1 for binary tasks.")
final class EvalCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model file (*.model.zip from train).")
  Path modelFile;

  @Option(names = "--images", required = true, paramLabel = "DIR", description = "Images.")
  Path images;

  @Option(names = "--masks", required = true, paramLabel = "DIR", description = "Dense label masks, same file stems.")
  Path masks;

  @Option(names = "--protocol", required = true, paramLabel = "FILE", description = "Labeling protocol for the masks.")
  Path protocolFile;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    LabelingProtocol protocol = LabelingProtocolConfig.load(protocolFile);
    Dl4jRuntime.initialise();
    TrainedModel model = ModelFile.load(modelFile);
    if (model.metadata().classes().size() != protocol.classCount()) {
      throw new IllegalArgumentException("the model has " + model.metadata().classes().size()
          + " classes but the protocol " + protocol.classCount());
    }
    ImageMaskReader reader = new ImageMaskReader(protocol);
    List<TrainingSample> samples = new ArrayList<>();
    for (ImageMaskPair pair : ImageMaskDirectory.scan(images, masks)) {
      samples.add(reader.read(pair));
    }
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no image/mask pairs in " + images + " and " + masks);
    }
    Validation evaluation = new Validation(InMemoryPatchSource.of(samples), model.metadata().network().patchSize(),
        new BatchAssembler(model.metadata().normalisation()::write),
        protocol.classes().stream().map(LabelClass::name).toList(), 8, model.metadata().head(),
        model.metadata().backgroundChannel());
    EvaluationReport report = evaluation.evaluate(model.network(),
        model.metadata().modelId() + " on " + samples.size() + " images");
    spec.commandLine().getOut().println(json ? report.toJson() : report.toTable());
    return 0;
  }
}
