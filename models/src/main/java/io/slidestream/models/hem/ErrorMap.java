package io.slidestream.models.hem;

import io.slidestream.models.data.AnnotatedArea;
import io.slidestream.models.data.PatchRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Where a model currently errs on one region (slide), as a sampling density over the cells of the
 * region's {@link AnnotatedArea}: cell i is drawn with probability
 * {@code (1 − floor) · e_i / Σe + floor · a_i / Σa}, where {@code e_i} is the summed per-pixel
 * error over the annotated pixels of the cell and {@code a_i} their count. The floor keeps every
 * annotated cell drawable, so regions the model already gets right are still seen; cells without
 * annotated pixels are never drawn. A drawn patch centre lies uniformly inside its cell (clipped to
 * the region).
 *
 * <p>Cell-level rather than pixel-level on purpose: a slide's map is then small enough to travel
 * in one Kafka record and be kept in a checkpoint, and its memory does not grow with patch count.
 * Immutable; {@link #toBytes} and {@link #fromBytes} round-trip it exactly.
 */
public final class ErrorMap {

  private static final int MAGIC = 0x53534d31; // "SSM1"

  private final int region;
  private final String regionId;
  private final int width;
  private final int height;
  private final int cellSize;
  private final double floor;
  private final double meanError;
  private final float[] cellError;
  private final int[] cellCounts;
  private final double[] cumulative;

  private ErrorMap(int region, String regionId, int width, int height, int cellSize, double floor, float[] cellError,
      int[] cellCounts) {
    if (region < 0) {
      throw new IllegalArgumentException("region index must be non-negative, got " + region);
    }
    if (!(floor >= 0 && floor <= 1)) {
      throw new IllegalArgumentException("the density floor must be in [0, 1], got " + floor);
    }
    if (width < 1 || height < 1 || cellSize < 1) {
      throw new IllegalArgumentException("bad grid: " + width + "x" + height + " in cells of " + cellSize);
    }
    long cells = (long) ((width + cellSize - 1) / cellSize) * ((height + cellSize - 1) / cellSize);
    if (cellError.length != cells || cellCounts.length != cells) {
      throw new IllegalArgumentException(cellError.length + " errors and " + cellCounts.length + " counts for "
          + cells + " cells");
    }
    this.region = region;
    this.regionId = Objects.requireNonNull(regionId, "regionId");
    this.width = width;
    this.height = height;
    this.cellSize = cellSize;
    this.floor = floor;
    this.cellError = cellError;
    this.cellCounts = cellCounts;
    double errorSum = 0;
    long countSum = 0;
    for (int i = 0; i < cellError.length; i++) {
      if (cellCounts[i] < 0 || !(cellError[i] >= 0) || cellError[i] > cellCounts[i] * (1 + 1e-4) + 1e-3) {
        throw new IllegalArgumentException("cell " + i + ": error " + cellError[i] + " over " + cellCounts[i]
            + " annotated pixels (each pixel's error is in [0, 1])");
      }
      if (cellCounts[i] > 0) {
        errorSum += cellError[i];
        countSum += cellCounts[i];
      }
    }
    if (countSum == 0) {
      throw new IllegalArgumentException("region " + regionId + " has no annotated pixel: no patch centre to draw");
    }
    this.meanError = errorSum / countSum;
    // With no error at all the map falls back to the floor's uniform share alone.
    double errorWeight = errorSum > 0 ? (1 - floor) : 0;
    double countWeight = 1 - errorWeight;
    cumulative = new double[cellError.length];
    double total = 0;
    for (int i = 0; i < cellError.length; i++) {
      if (cellCounts[i] > 0) {
        total += (errorSum > 0 ? errorWeight * cellError[i] / errorSum : 0)
            + countWeight * (double) cellCounts[i] / countSum;
      }
      cumulative[i] = total;
    }
  }

  /**
   * A map from summed per-pixel errors per cell.
   *
   * @param cellError for each cell of {@code area}, the sum over its annotated pixels of the
   *                  model's error there, each in [0, 1]
   * @param floor     share of the density spread in proportion to annotated pixels alone
   */
  public static ErrorMap of(int region, String regionId, AnnotatedArea area, float[] cellError, double floor) {
    return new ErrorMap(region, regionId, area.width(), area.height(), area.cellSize(), floor, cellError.clone(),
        area.counts().clone());
  }

  public int region() {
    return region;
  }

  public String regionId() {
    return regionId;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public int cellSize() {
    return cellSize;
  }

  public int columns() {
    return (width + cellSize - 1) / cellSize;
  }

  public int rows() {
    return (height + cellSize - 1) / cellSize;
  }

  public int cells() {
    return cellError.length;
  }

  public double floor() {
    return floor;
  }

  /** Mean per-pixel error over the annotated pixels: what slide-wise mining ranks slides by. */
  public double meanError() {
    return meanError;
  }

  /** Probability that a drawn centre falls in cell {@code cell}. */
  public double probability(int cell) {
    double before = cell == 0 ? 0 : cumulative[cell - 1];
    return (cumulative[cell] - before) / cumulative[cumulative.length - 1];
  }

  /** Annotated pixels in cell {@code cell}. */
  public int annotatedPixels(int cell) {
    return cellCounts[cell];
  }

  /** Summed error over the annotated pixels of cell {@code cell}. */
  public float cellError(int cell) {
    return cellError[cell];
  }

  /** The cell a drawn point falls in: the first whose cumulative probability exceeds {@code u}. */
  int cellAt(double u) {
    double t = u * cumulative[cumulative.length - 1];
    int i = Arrays.binarySearch(cumulative, t);
    int cell = i >= 0 ? i + 1 : -i - 1;
    // Skip zero-probability cells an exact hit on a boundary could land on.
    while (cell < cumulative.length - 1 && probability(cell) == 0) {
      cell++;
    }
    return Math.min(cell, cumulative.length - 1);
  }

  /** One patch whose centre is drawn from the density; the patch may reach outside the region. */
  public PatchRequest sample(SplittableRandom random, int patchWidth, int patchHeight) {
    int cell = cellAt(random.nextDouble());
    int x0 = (cell % columns()) * cellSize;
    int y0 = (cell / columns()) * cellSize;
    int cx = x0 + random.nextInt(Math.min(cellSize, width - x0));
    int cy = y0 + random.nextInt(Math.min(cellSize, height - y0));
    return new PatchRequest(region, cx - patchWidth / 2, cy - patchHeight / 2, patchWidth, patchHeight);
  }

  /** {@code k} patches drawn with their own generator seeded by {@code seed}: the same seed, the same patches. */
  public List<PatchRequest> sample(int k, long seed, int patchWidth, int patchHeight) {
    SplittableRandom random = new SplittableRandom(seed);
    List<PatchRequest> out = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      out.add(sample(random, patchWidth, patchHeight));
    }
    return out;
  }

  /** A compact binary form (for checkpoints and the error-map topic). */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + cellError.length * 8 + regionId.length() * 3);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(region);
      out.writeUTF(regionId);
      out.writeInt(width);
      out.writeInt(height);
      out.writeInt(cellSize);
      out.writeDouble(floor);
      out.writeInt(cellError.length);
      for (int i = 0; i < cellError.length; i++) {
        out.writeFloat(cellError[i]);
        out.writeInt(cellCounts[i]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Reads {@link #toBytes}'s form; a truncated or foreign array gives an {@link IllegalArgumentException}. */
  public static ErrorMap fromBytes(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException("not an error map (bad magic number)");
      }
      int region = in.readInt();
      String regionId = in.readUTF();
      int width = in.readInt();
      int height = in.readInt();
      int cellSize = in.readInt();
      double floor = in.readDouble();
      int cells = in.readInt();
      if (cells < 0 || cells > (data.length - 16) / 8) {
        throw new IllegalArgumentException("error map says " + cells + " cells in " + data.length + " bytes");
      }
      float[] errors = new float[cells];
      int[] counts = new int[cells];
      for (int i = 0; i < cells; i++) {
        errors[i] = in.readFloat();
        counts[i] = in.readInt();
      }
      if (in.available() != 0) {
        throw new IllegalArgumentException("error map has " + in.available() + " trailing bytes");
      }
      return new ErrorMap(region, regionId, width, height, cellSize, floor, errors, counts);
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated error map (" + data.length + " bytes)", e);
    }
  }

  @Override
  public String toString() {
    return "ErrorMap[" + regionId + " " + width + "x" + height + " in " + cells() + " cells of " + cellSize
        + ", mean error " + String.format("%.4f", meanError) + ", floor " + floor + "]";
  }
}
