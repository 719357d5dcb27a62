package io.slidestream.tiles;

/**
 * Where the patches that cover a region lie: the project's one grid of patch positions, used by a
 * slide's {@link TileGrid} and by every patch-by-patch pass over a region in the models module
 * (validation patches, tiled prediction, error maps).
 *
 * <p>The rule, along each axis ({@link Axis}): cores of {@code core} pixels start at 0 and follow
 * each other without gap or overlap, {@code ceil(extent / core)} of them, so every pixel of the
 * region lies in exactly one core. <b>The last core is cut at the edge</b>: it ends at the region's
 * edge, shorter than {@code core} when {@code core} does not divide the extent; it is never moved
 * back over its neighbour, which would make some pixels count twice. Each patch is its core with
 * {@code context} pixels more on every side, {@code core + 2·context} in all and the same for every
 * core: the first patch starts {@code context} before 0, and the last reaches past the edge by
 * {@code context} plus what its core was cut. Whoever reads a patch fills what lies outside the
 * region (a slide reader's padding, a training source's mirror, and no labels).
 *
 * <p>An axis whose whole extent fits in one patch may instead be covered by that one patch
 * ({@link #fitting}): one core of the whole extent, read from 0 without context, since nothing of
 * the region lies outside the patch; the network then sees the region whole. It is the same rule
 * with {@code core} the patch size and no context.
 *
 * <p>Cells are numbered row by row: {@link #cell}{@code (col, row) = row · columns + col}.
 */
public final class PatchGrid {

  /**
   * One axis of the grid.
   *
   * @param extent  the region's length along the axis, in pixels (0: no cores)
   * @param core    the length of every core but a cut last one (at least 1)
   * @param context the pixels read before and after each core (not negative)
   */
  public record Axis(long extent, int core, int context) {

    public Axis {
      if (extent < 0) {
        throw new IllegalArgumentException("extent must not be negative, got " + extent);
      }
      if (core < 1) {
        throw new IllegalArgumentException("core must be at least 1, got " + core);
      }
      if (context < 0) {
        throw new IllegalArgumentException("context must not be negative, got " + context);
      }
      if ((extent + core - 1) / core > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(extent + " px in cores of " + core + " are too many cores");
      }
    }

    /** The cores along the axis: {@code ceil(extent / core)}. */
    public int count() {
      return (int) ((extent + core - 1) / core);
    }

    /** Where core {@code i} starts: {@code i · core}. */
    public long coreStart(int i) {
      check(i);
      return (long) i * core;
    }

    /** The length of core {@code i}: {@code core}, or less for the last when it is cut at the edge. */
    public int coreLength(int i) {
      return (int) Math.min(core, extent - coreStart(i));
    }

    /** Where patch {@code i} starts: its core's start less the context (negative for the first with context). */
    public long patchStart(int i) {
      return coreStart(i) - context;
    }

    /** The length of every patch: {@code core + 2·context}. */
    public int patchLength() {
      return core + 2 * context;
    }

    private void check(int i) {
      if (i < 0 || i >= count()) {
        throw new IndexOutOfBoundsException("core " + i + " of " + count());
      }
    }
  }

  private final Axis x;
  private final Axis y;

  /** A grid of the two axes; {@link #of} and {@link #fitting} make the usual ones. */
  public PatchGrid(Axis x, Axis y) {
    if ((long) x.count() * y.count() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a grid of " + x.count() + " x " + y.count() + " cells is too large");
    }
    this.x = x;
    this.y = y;
  }

  /** Square cores of {@code core} pixels with {@code context} around each, over {@code width × height}. */
  public static PatchGrid of(long width, long height, int core, int context) {
    return new PatchGrid(new Axis(width, core, context), new Axis(height, core, context));
  }

  /**
   * Square patches of {@code patchSize}: along an axis the region fits in one patch, that one patch
   * from 0 without context; along a longer axis, cores of {@code patchSize − 2·context} with
   * {@code context} around each. Every patch is {@code patchSize} long either way.
   */
  public static PatchGrid fitting(long width, long height, int patchSize, int context) {
    if (patchSize - 2 * context < 1) {
      throw new IllegalArgumentException("patches of " + patchSize + " px leave no core inside a context of "
          + context + " px");
    }
    return new PatchGrid(fittingAxis(width, patchSize, context), fittingAxis(height, patchSize, context));
  }

  private static Axis fittingAxis(long extent, int patchSize, int context) {
    return extent <= patchSize ? new Axis(extent, patchSize, 0) : new Axis(extent, patchSize - 2 * context, context);
  }

  public Axis x() {
    return x;
  }

  public Axis y() {
    return y;
  }

  public int columns() {
    return x.count();
  }

  public int rows() {
    return y.count();
  }

  /** All cells: {@code columns · rows}. */
  public int cells() {
    return columns() * rows();
  }

  /** The number of cell ({@code col}, {@code row}) in row-major order. */
  public int cell(int col, int row) {
    if (col < 0 || row < 0 || col >= columns() || row >= rows()) {
      throw new IndexOutOfBoundsException("cell (" + col + ", " + row + ") of a " + columns() + " x " + rows()
          + " grid");
    }
    return row * columns() + col;
  }

  /** The column of cell number {@code cell}. */
  public int column(int cell) {
    checkCell(cell);
    return cell % columns();
  }

  /** The row of cell number {@code cell}. */
  public int row(int cell) {
    checkCell(cell);
    return cell / columns();
  }

  private void checkCell(int cell) {
    if (cell < 0 || cell >= cells()) {
      throw new IndexOutOfBoundsException("cell " + cell + " of " + cells());
    }
  }

  @Override
  public String toString() {
    return "PatchGrid[" + x + ", " + y + "]";
  }
}
