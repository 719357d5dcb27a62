package io.slidestream.models.inference;

import io.slidestream.images.LabelClass;
import io.slidestream.images.RgbRaster;
import io.slidestream.models.data.FeaturePlanes;
import io.slidestream.models.io.ModelFile;
import io.slidestream.models.io.ModelMetadata;
import io.slidestream.models.io.TrainedModel;
import io.slidestream.models.runtime.Dl4jRuntime;
import io.slidestream.models.unet.InputNormalisation;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained U-Net ready to label patches: normalises RGB patches as the model was trained, runs the
 * network in inference mode, and decodes each patch into a label raster, per-class mean probabilities
 * and per-class pixel counts. Labels follow {@link LabelDecoder}'s rule: arg-max for softmax heads;
 * for sigmoid heads the most probable class above 0.5, else the model's background channel.
 *
 * <p>Memory stays flat however many batches run: the input array is allocated once per batch shape
 * and refilled in place, the network writes its output into a workspace that is reused (not
 * reallocated) from the second batch on, and results are copied out to Java arrays before the
 * workspace is released.
 *
 * <p>Threads: keep one instance per device and call it from one thread (a dedicated inference
 * thread or dispatcher). {@link #predict} may be called concurrently — calls are serialised by a lock,
 * because a DL4J network and this instance's buffers are not safe for parallel use — but that gains
 * nothing, and every calling thread gets its own ND4J workspace, so many callers cost memory.
 */
public final class SegmentationModel implements SlideModel {

  private static final String WORKSPACE = "slidestream-inference-output";
  private static final WorkspaceConfiguration WORKSPACE_CONFIG = WorkspaceConfiguration.builder()
      .initialSize(0)
      .overallocationLimit(0.1)
      .policyAllocation(AllocationPolicy.OVERALLOCATE)
      .policyLearning(LearningPolicy.FIRST_LOOP)
      .policyReset(ResetPolicy.BLOCK_LEFT)
      .policySpill(SpillPolicy.REALLOCATE)
      .build();

  private final ComputationGraph network;
  private final ModelMetadata metadata;
  private final InputNormalisation normalisation;
  private final LabelDecoder decoder;
  private final ReentrantLock lock = new ReentrantLock();

  private float[] inputBuffer = new float[0];
  private float[] outputBuffer = new float[0];
  private INDArray input;
  private boolean closed;

  private SegmentationModel(TrainedModel model) {
    Dl4jRuntime.initialise();
    this.network = model.network();
    this.metadata = model.metadata();
    this.normalisation = metadata.normalisation();
    int[] ids = metadata.classes().stream().mapToInt(LabelClass::id).toArray();
    this.decoder = new LabelDecoder(metadata.head(), ids, metadata.backgroundChannel());
  }

  /** Wraps a model in memory (the network is used, not copied: do not train it meanwhile). */
  public static SegmentationModel of(TrainedModel model) {
    return new SegmentationModel(Objects.requireNonNull(model, "model"));
  }

  /** Loads a model file for inference. */
  public static SegmentationModel load(Path modelFile) throws IOException {
    return new SegmentationModel(ModelFile.load(modelFile));
  }

  @Override
  public ModelMetadata metadata() {
    return metadata;
  }

  /** Side of the square patches the model expects, halo included. */
  @Override
  public int patchSize() {
    return metadata.patchSize();
  }

  /** Always 1: the network labels the pixels it is given. */
  @Override
  public int inputScale() {
    return 1;
  }

  /**
   * Labels a batch of patches, all of one size that suits the network (normally
   * {@link #patchSize()}; any size that is a multiple of {@code 2^(levels-1)} works). Returns one
   * prediction per patch, in order.
   *
   * @throws io.slidestream.models.unet.PatchSizeException if the size does not suit the network
   */
  @Override
  public List<PatchPrediction> predict(List<RgbRaster> patches) {
    return predict(patches, null);
  }

  /**
   * Labels a batch of patches whose network input is RGB followed by extra channels (one
   * {@link FeaturePlanes} per patch, of the patch's size; null for RGB only), as a compound
   * model's second network takes them. Extra channels go in as they are, unnormalised.
   */
  public List<PatchPrediction> predict(List<RgbRaster> patches, List<FeaturePlanes> extra) {
    if (patches.isEmpty()) {
      return List.of();
    }
    int w = patches.get(0).width();
    int h = patches.get(0).height();
    lock.lock();
    try {
      forward(patches, extra);
      List<PatchPrediction> result = new ArrayList<>(patches.size());
      for (int i = 0; i < patches.size(); i++) {
        result.add(decoder.decode(outputBuffer, i, w, h));
      }
      return result;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The network's per-pixel class probabilities for a batch of RGB patches: one
   * {@link FeaturePlanes} of {@code classes} planes per patch (softmax: summing to 1 per pixel;
   * sigmoid: each in [0, 1]).
   */
  public List<FeaturePlanes> probabilities(List<RgbRaster> patches) {
    if (patches.isEmpty()) {
      return List.of();
    }
    int w = patches.get(0).width();
    int h = patches.get(0).height();
    int per = metadata.classes().size() * w * h;
    lock.lock();
    try {
      forward(patches, null);
      List<FeaturePlanes> result = new ArrayList<>(patches.size());
      for (int i = 0; i < patches.size(); i++) {
        result.add(new FeaturePlanes(metadata.classes().size(), w, h,
            java.util.Arrays.copyOfRange(outputBuffer, i * per, (i + 1) * per)));
      }
      return result;
    } finally {
      lock.unlock();
    }
  }

  /** Runs the network on a batch, leaving its probabilities in {@link #outputBuffer}; holds the lock. */
  private void forward(List<RgbRaster> patches, List<FeaturePlanes> extra) {
    int w = patches.get(0).width();
    int h = patches.get(0).height();
    for (RgbRaster p : patches) {
      if (p.width() != w || p.height() != h) {
        throw new IllegalArgumentException("patches of one batch must be equally sized: " + w + "x" + h + " and "
            + p.width() + "x" + p.height());
      }
    }
    metadata.network().checkInputSize(w, h);
    int extraChannels = extra == null ? 0 : extra.get(0).channels();
    int inputChannels = metadata.network().inputChannels();
    if (3 + extraChannels != inputChannels) {
      throw new IllegalArgumentException("the network takes " + inputChannels + " input channels but was given RGB"
          + (extraChannels > 0 ? " and " + extraChannels + " extra" : "")
          + (inputChannels > 3 && extraChannels == 0 ? " (a compound model's second network: open the compound"
              + " model file, which computes its extra channels)" : ""));
    }
    if (extra != null && extra.size() != patches.size()) {
      throw new IllegalArgumentException(patches.size() + " patches with " + extra.size() + " sets of extra channels");
    }
    if (closed) {
      throw new IllegalStateException("the model is closed");
    }
    int b = patches.size();
    int channels = metadata.classes().size();
    int plane = h * w;
    int per = inputChannels * plane;
    INDArray x = inputFor(b, inputChannels, h, w);
    if (extraChannels == 0) {
      normalisation.write(patches, inputBuffer);
    } else {
      for (int i = 0; i < b; i++) {
        normalisation.write(patches.get(i), inputBuffer, i * per);
        FeaturePlanes e = extra.get(i);
        if (e.channels() != extraChannels || e.width() != w || e.height() != h) {
          throw new IllegalArgumentException("extra channels " + e + " for a " + w + "x" + h + " patch; expected "
              + extraChannels + " planes of its size");
        }
        System.arraycopy(e.data(), 0, inputBuffer, i * per + 3 * plane, e.data().length);
      }
    }
    x.data().asNioFloat().put(inputBuffer, 0, b * per);

    int outLength = b * channels * h * w;
    if (outputBuffer.length < outLength) {
      outputBuffer = new float[outLength];
    }
    try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE_CONFIG, WORKSPACE)) {
      INDArray out = network.output(false, ws, x)[0];
      copyOut(out, outLength);
    }
  }

  /** The detached input array for this batch shape, reused while the shape stays the same. */
  private INDArray inputFor(int batch, int channels, int h, int w) {
    long[] shape = {batch, channels, h, w};
    if (input == null || !java.util.Arrays.equals(input.shape(), shape)) {
      if (input != null) {
        input.close();
      }
      try (MemoryWorkspace scope = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
        input = Nd4j.create(DataType.FLOAT, shape, 'c');
      }
      inputBuffer = new float[batch * channels * h * w];
    }
    return input;
  }

  private void copyOut(INDArray out, int length) {
    INDArray dense = out;
    if (out.dataType() != DataType.FLOAT || out.ordering() != 'c' || out.isView() || out.offset() != 0) {
      dense = out.castTo(DataType.FLOAT).dup('c');
    }
    FloatBuffer fb = dense.data().asNioFloat();
    fb.position(0);
    fb.get(outputBuffer, 0, length);
  }

  /** Releases the input array and this thread's output workspace. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (input != null) {
        input.close();
        input = null;
      }
      MemoryWorkspace ws = Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(WORKSPACE);
      if (ws != null) {
        Nd4j.getWorkspaceManager().destroyWorkspace(ws);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The network, for callers that need DL4J directly (benchmarks). Not for concurrent use. */
  public ComputationGraph network() {
    return network;
  }
}
