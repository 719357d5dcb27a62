package io.slidestream.models.smiler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A network's per-class probabilities for one image, planar: {@code data[(k·height + y)·width + x]}
 * is the probability of class k at (x, y), the layout of one item of a [B, K, H, W] output.
 */
public record ClassProbabilities(int width, int height, int classCount, float[] data) {

  public ClassProbabilities {
    if (width < 0 || height < 0 || classCount < 1) {
      throw new IllegalArgumentException("invalid probabilities " + width + "x" + height + " with " + classCount
          + " classes");
    }
    if (data.length != (long) width * height * classCount) {
      throw new IllegalArgumentException("expected " + ((long) width * height * classCount) + " probabilities for "
          + classCount + " classes of " + width + "x" + height + ", got " + data.length);
    }
  }

  /** Probability of class {@code k} at row-major pixel {@code pixel}. */
  public float get(int k, int pixel) {
    return data[k * width * height + pixel];
  }

  /** One image from an array [K, H, W] or [1, K, H, W] (copied). */
  public static ClassProbabilities of(INDArray probabilities) {
    INDArray a = probabilities.rank() == 4 && probabilities.size(0) == 1
        ? probabilities.reshape(probabilities.size(1), probabilities.size(2), probabilities.size(3))
        : probabilities;
    if (a.rank() != 3) {
      throw new IllegalArgumentException("expected probabilities [K,H,W] or [1,K,H,W], got shape "
          + Arrays.toString(probabilities.shape()));
    }
    float[] data = a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    return new ClassProbabilities((int) a.size(2), (int) a.size(1), (int) a.size(0), data);
  }

  /** Every image of a network output [B, K, H, W], in batch order. */
  public static List<ClassProbabilities> ofBatch(INDArray probabilities) {
    if (probabilities.rank() != 4) {
      throw new IllegalArgumentException("expected a batch of probabilities [B,K,H,W], got shape "
          + Arrays.toString(probabilities.shape()));
    }
    List<ClassProbabilities> out = new ArrayList<>();
    for (long b = 0; b < probabilities.size(0); b++) {
      out.add(of(probabilities.get(NDArrayIndex.point(b), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all())));
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClassProbabilities p && p.width == width && p.height == height && p.classCount == classCount
        && Arrays.equals(p.data, data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * width + height) + classCount) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "ClassProbabilities[" + width + "x" + height + ", " + classCount + " classes]";
  }
}
