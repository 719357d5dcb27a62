package io.slidestream.tiles;

import io.slidestream.images.LabelClass;
import io.slidestream.images.readers.SlideInfo;
import io.slidestream.masks.MaskSpec;
import io.slidestream.tissue.TissueMask;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Tiles covering a slide's tissue at a target resolution. The grid lives in "grid pixels" (the
 * slide resampled to the target µm/px): cores of {@code tileSize} from the origin, each read as a
 * patch of {@code tileSize + 2·halo}. The union of cores is the output mask, so predictions
 * stitched core by core have no seams and no overlaps. The cores and patches are a
 * {@link PatchGrid} with the halo as context: the last core of a row or column is cut at the
 * slide's edge, and its patch reaches past the edge, where the reader pads.
 */
public final class TileGrid {

  private final double downsample;
  private final double micronsPerPixel;
  private final double micronsPerPixelY;
  private final int tileSize;
  private final int halo;
  private final long width;
  private final long height;
  private final PatchGrid cells;
  private final List<Tile> tiles;

  private TileGrid(Builder b, PatchGrid cells, List<Tile> tiles) {
    this.downsample = b.downsample;
    this.micronsPerPixel = b.info.hasMicronsPerPixel() ? b.info.micronsPerPixelX() * b.downsample : Double.NaN;
    this.micronsPerPixelY = b.info.hasMicronsPerPixel() ? b.info.micronsPerPixelY() * b.downsample : Double.NaN;
    this.tileSize = b.tileSize;
    this.halo = b.halo;
    this.width = cells.x().extent();
    this.height = cells.y().extent();
    this.cells = cells;
    this.tiles = Collections.unmodifiableList(tiles);
  }

  public static Builder builder(SlideInfo info) {
    return new Builder(info);
  }

  /** Level-0 pixels per grid pixel. */
  public double downsample() {
    return downsample;
  }

  /** Size of a grid pixel in µm, NaN if the slide does not state its resolution. */
  public double micronsPerPixel() {
    return micronsPerPixel;
  }

  public int tileSize() {
    return tileSize;
  }

  public int halo() {
    return halo;
  }

  /** Side of the patch read per tile: core plus halo on both sides. */
  public int patchSize() {
    return tileSize + 2 * halo;
  }

  /** Grid width in grid pixels (the slide at the target resolution). */
  public long width() {
    return width;
  }

  public long height() {
    return height;
  }

  public int columns() {
    return cells.columns();
  }

  public int rows() {
    return cells.rows();
  }

  /** Every cell of the grid, with tissue or not: {@code columns() · rows()}. */
  public int cells() {
    return cells.cells();
  }

  /** The number of cell ({@code col}, {@code row}), row by row: what a tile record calls its index. */
  public int cell(int col, int row) {
    return cells.cell(col, row);
  }

  /** The number of a tile's cell. */
  public int cell(Tile tile) {
    return cell(tile.col(), tile.row());
  }

  /**
   * The tile of a cell without tissue (not in {@link #tiles()}), at its true place: its patch
   * corner where the cell's patch would be read. As it is in no tile list, its index is its cell
   * number.
   */
  public Tile backgroundTile(int cell) {
    int c = cells.column(cell);
    int r = cells.row(cell);
    return new Tile(cell, c, r, level0(cells.x().patchStart(c), downsample),
        level0(cells.y().patchStart(r), downsample));
  }

  /** A grid coordinate in level-0 pixels. */
  private static long level0(long gridPixels, double downsample) {
    return Math.round(gridPixels * downsample);
  }

  /** The selected tiles in row-major order; {@code tiles().get(i).index() == i}. */
  public List<Tile> tiles() {
    return tiles;
  }

  /** The output mask these tiles' cores fill. */
  public MaskSpec maskSpec(String slideId, List<LabelClass> classes) {
    return new MaskSpec(slideId, width, height, tileSize, micronsPerPixel, downsample, classes, micronsPerPixelY);
  }

  /** Builds a grid; {@link #targetMicronsPerPixel} or {@link #downsample} is required. */
  public static final class Builder {
    private final SlideInfo info;
    private double downsample = Double.NaN;
    private int tileSize = 256;
    private int halo = 0;
    private TissueMask tissue;
    private double minTissueFraction = 0.0;

    private Builder(SlideInfo info) {
      this.info = Objects.requireNonNull(info, "info");
    }

    /** The resolution the model works at; needs a slide that states its µm/px. */
    public Builder targetMicronsPerPixel(double mpp) {
      if (!(mpp > 0)) {
        throw new IllegalArgumentException("target µm/px must be positive, got " + mpp);
      }
      if (!info.hasMicronsPerPixel()) {
        throw new IllegalArgumentException(
            "the slide does not state its µm per pixel, so a target of " + mpp + " µm/px cannot be placed;"
                + " give a downsample instead");
      }
      this.downsample = mpp / info.micronsPerPixelX();
      return this;
    }

    public Builder downsample(double d) {
      if (!(d > 0) || Double.isInfinite(d)) {
        throw new IllegalArgumentException("downsample must be positive, got " + d);
      }
      this.downsample = d;
      return this;
    }

    /** Core size in grid pixels: a multiple of 16 (the mask's TIFF tiles are the cores). */
    public Builder tileSize(int size) {
      if (size < 16 || size % 16 != 0) {
        throw new IllegalArgumentException("tile size must be a positive multiple of 16, got " + size);
      }
      this.tileSize = size;
      return this;
    }

    /** Context read around each core, in grid pixels. */
    public Builder halo(int pixels) {
      if (pixels < 0) {
        throw new IllegalArgumentException("halo must not be negative, got " + pixels);
      }
      this.halo = pixels;
      return this;
    }

    /**
     * Keeps only tiles whose core holds more than {@code minFraction} tissue (0: any tissue at
     * all). Without a tissue mask every tile of the slide is kept.
     */
    public Builder tissue(TissueMask mask, double minFraction) {
      if (minFraction < 0 || minFraction >= 1) {
        throw new IllegalArgumentException("minimum tissue fraction must be in [0, 1), got " + minFraction);
      }
      this.tissue = mask;
      this.minTissueFraction = minFraction;
      return this;
    }

    public TileGrid build() {
      if (Double.isNaN(downsample)) {
        throw new IllegalStateException("set targetMicronsPerPixel or downsample");
      }
      long gw = (long) Math.ceil(info.width() / downsample - 1e-9);
      long gh = (long) Math.ceil(info.height() / downsample - 1e-9);
      long cols = (gw + tileSize - 1) / tileSize;
      long rows = (gh + tileSize - 1) / tileSize;
      if (cols * rows > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("grid of " + cols + " x " + rows + " tiles is too large");
      }
      PatchGrid cells = PatchGrid.of(gw, gh, tileSize, halo);
      List<Tile> tiles = new ArrayList<>();
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          double cx = cells.x().coreStart(c) * downsample;
          double cy = cells.y().coreStart(r) * downsample;
          double side = tileSize * downsample;
          if (tissue != null && !(tissue.fraction(cx, cy, side, side) > minTissueFraction)) {
            continue;
          }
          tiles.add(new Tile(tiles.size(), c, r, level0(cells.x().patchStart(c), downsample),
              level0(cells.y().patchStart(r), downsample)));
        }
      }
      return new TileGrid(this, cells, tiles);
    }
  }
}
