package io.slidestream.models.inference;

import io.slidestream.images.LabelClass;
import io.slidestream.images.RgbRaster;
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
public final class SegmentationModel implements AutoCloseable {

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

  public ModelMetadata metadata() {
    return metadata;
  }

  /** Side of the square patches the model expects, halo included. */
  public int patchSize() {
    return metadata.patchSize();
  }

  /**
   * Labels a batch of patches, all of one size that suits the network (normally
   * {@link #patchSize()}; any size that is a multiple of {@code 2^(levels-1)} works). Returns one
   * prediction per patch, in order.
   *
   * @throws io.slidestream.models.unet.PatchSizeException if the size does not suit the network
   */
  public List<PatchPrediction> predict(List<RgbRaster> patches) {
    if (patches.isEmpty()) {
      return List.of();
    }
    int w = patches.get(0).width();
    int h = patches.get(0).height();
    for (RgbRaster p : patches) {
      if (p.width() != w || p.height() != h) {
        throw new IllegalArgumentException("patches of one batch must be equally sized: " + w + "x" + h + " and "
            + p.width() + "x" + p.height());
      }
    }
    metadata.network().checkInputSize(w, h);
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the model is closed");
      }
      int b = patches.size();
      int channels = metadata.classes().size();
      INDArray x = inputFor(b, h, w);
      normalisation.write(patches, inputBuffer);
      x.data().asNioFloat().put(inputBuffer, 0, b * 3 * h * w);

      int outLength = b * channels * h * w;
      if (outputBuffer.length < outLength) {
        outputBuffer = new float[outLength];
      }
      try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE_CONFIG, WORKSPACE)) {
        INDArray out = network.output(false, ws, x)[0];
        copyOut(out, outLength);
      }
      List<PatchPrediction> result = new ArrayList<>(b);
      for (int i = 0; i < b; i++) {
        result.add(decoder.decode(outputBuffer, i, w, h));
      }
      return result;
    } finally {
      lock.unlock();
    }
  }

  /** The detached input array for this batch shape, reused while the shape stays the same. */
  private INDArray inputFor(int batch, int h, int w) {
    long[] shape = {batch, 3, h, w};
    if (input == null || !java.util.Arrays.equals(input.shape(), shape)) {
      if (input != null) {
        input.close();
      }
      try (MemoryWorkspace scope = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
        input = Nd4j.create(DataType.FLOAT, shape, 'c');
      }
      inputBuffer = new float[batch * 3 * h * w];
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
