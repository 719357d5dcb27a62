package io.slidestream.images.readers.synthetic.internals;

import static io.slidestream.images.readers.synthetic.SyntheticClasses.ADIPOSE;
import static io.slidestream.images.readers.synthetic.SyntheticClasses.CARCINOMA_IN_SITU;
import static io.slidestream.images.readers.synthetic.SyntheticClasses.GLASS;
import static io.slidestream.images.readers.synthetic.SyntheticClasses.IMMUNE;
import static io.slidestream.images.readers.synthetic.SyntheticClasses.STROMA;
import static io.slidestream.images.readers.synthetic.SyntheticClasses.TUMOR;

import io.slidestream.images.readers.synthetic.SyntheticSlideSpec;
import java.util.Arrays;

/**
 * Which class each place of a synthetic slide belongs to, as a pure function of the spec and the
 * position. The class is constant on cells of {@link #CELL}×{@link #CELL} level-0 pixels (4 µm at
 * 0.5 µm/px, finer than any region border matters), which keeps it cheap enough to evaluate for
 * every cell of a gigapixel slide.
 *
 * <ol>
 * <li>Tissue or glass: fractal noise at the scale of the slide, pushed down near the slide's edges,
 *     thresholded at the quantile that leaves {@code tissueFraction} of the slide as tissue.</li>
 * <li>Tissue regions: a Voronoi partition on a jittered grid of about 500 µm, its input domain-warped
 *     by smooth noise so borders wander; each region draws its class by weight.</li>
 * <li>The rare class: small lobed nests on a sparse grid, only where the region is tumour, sized so
 *     that on average {@code rareFraction} of the tissue is rare.</li>
 * </ol>
 */
public final class TissueMap {

  /** Side of a class cell in level-0 pixels. */
  public static final int CELL = 8;

  private static final int[] REGION_CLASSES = {STROMA, TUMOR, ADIPOSE, IMMUNE};
  private static final double[] REGION_WEIGHTS = {0.36, 0.30, 0.16, 0.18};

  private static final long SALT_TISSUE = 11;
  private static final long SALT_ROUGH = 12;
  private static final long SALT_WARP_X = 21;
  private static final long SALT_WARP_Y = 22;
  private static final long SALT_REGION = 31;
  private static final long SALT_RARE = 41;

  private final long seed;
  private final double width;
  private final double height;
  private final double tissueScale;
  private final double roughScale;
  private final double edgeMargin;
  private final double threshold;
  private final double regionSize;
  private final double warpAmplitude;
  private final double warpScale;
  private final boolean rare;
  private final double rareRadius;
  private final double rareGrid;

  public TissueMap(SyntheticSlideSpec spec) {
    seed = spec.seed();
    width = spec.width();
    height = spec.height();
    double umToPx = 1 / spec.micronsPerPixel();
    tissueScale = Math.max(width, height) / 3.0;
    roughScale = 150 * umToPx;
    edgeMargin = 0.06 * Math.min(width, height);
    regionSize = 500 * umToPx;
    warpAmplitude = 0.35 * regionSize;
    warpScale = 0.9 * regionSize;
    rare = spec.rareFraction() > 0;
    rareRadius = 110 * umToPx;
    // Nests of mean radius 0.85 R on a grid G cover π(0.85R)²/G² of the area, and only the
    // tumour share of it counts: G follows from the wanted share of tissue.
    double tumourShare = REGION_WEIGHTS[1];
    rareGrid = rare ? 0.85 * rareRadius * Math.sqrt(Math.PI * tumourShare / spec.rareFraction()) : 1;
    threshold = tissueThreshold(spec.tissueFraction());
  }

  /** The value below which a place is glass: the (1 − fraction) quantile over a 128² sample grid. */
  private double tissueThreshold(double fraction) {
    int n = 128;
    double[] v = new double[n * n];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < n; i++) {
        v[j * n + i] = tissueValue((i + 0.5) * width / n, (j + 0.5) * height / n);
      }
    }
    Arrays.sort(v);
    return v[(int) Math.min(v.length - 1, Math.round((1 - fraction) * v.length))];
  }

  private double tissueValue(double x, double y) {
    // Noise over a central bump: one or two large irregular pieces with ragged borders and a few
    // islands, rather than tissue cut straight by the slide's edges.
    double v = HashNoise.fractal(seed, x / tissueScale, y / tissueScale, 5, SALT_TISSUE);
    double bx = (x - width / 2) / (width / 2);
    double by = (y - height / 2) / (height / 2);
    v += 0.35 * (1 - Math.min(1, bx * bx + by * by));
    v += 0.08 * (HashNoise.value(seed, x / roughScale, y / roughScale, SALT_ROUGH) - 0.5);
    double edge = Math.min(Math.min(x, width - x), Math.min(y, height - y)) / edgeMargin;
    if (edge < 1) {
      double t = Math.max(0, edge);
      v -= 0.6 * (1 - t * t * (3 - 2 * t));
    }
    return v;
  }

  /** The class of level-0 pixel (x, y). */
  public int classAt(long x, long y) {
    return cellClass(Math.floorDiv(x, CELL), Math.floorDiv(y, CELL));
  }

  /** The class of cell (cx, cy), which covers level-0 pixels [cx·8, cx·8 + 8) × [cy·8, cy·8 + 8). */
  public int cellClass(long cx, long cy) {
    double x = cx * CELL + CELL / 2.0;
    double y = cy * CELL + CELL / 2.0;
    if (tissueValue(x, y) < threshold) {
      return GLASS;
    }
    int base = regionClass(x, y);
    if (base == TUMOR && rare && inRareNest(x, y)) {
      return CARCINOMA_IN_SITU;
    }
    return base;
  }

  private int regionClass(double x, double y) {
    double qx = x + warpAmplitude * 2 * (HashNoise.fractal(seed, x / warpScale, y / warpScale, 2, SALT_WARP_X) - 0.5);
    double qy = y + warpAmplitude * 2 * (HashNoise.fractal(seed, x / warpScale, y / warpScale, 2, SALT_WARP_Y) - 0.5);
    long gx = (long) Math.floor(qx / regionSize);
    long gy = (long) Math.floor(qy / regionSize);
    double best = Double.MAX_VALUE;
    long bestHash = 0;
    for (long j = gy - 1; j <= gy + 1; j++) {
      for (long i = gx - 1; i <= gx + 1; i++) {
        long h = HashNoise.hash(seed, i, j, SALT_REGION);
        double sx = (i + 0.1 + 0.8 * ((h & 0xffff) / 65536.0)) * regionSize;
        double sy = (j + 0.1 + 0.8 * (((h >>> 16) & 0xffff) / 65536.0)) * regionSize;
        double d = (sx - qx) * (sx - qx) + (sy - qy) * (sy - qy);
        if (d < best) {
          best = d;
          bestHash = h;
        }
      }
    }
    double u = ((bestHash >>> 32) & 0xffffff) / (double) (1 << 24);
    for (int k = 0; k < REGION_CLASSES.length; k++) {
      u -= REGION_WEIGHTS[k];
      if (u < 0) {
        return REGION_CLASSES[k];
      }
    }
    return REGION_CLASSES[REGION_CLASSES.length - 1];
  }

  /** A nest per rare-grid cell, away from the cell border so only the own cell can reach a point. */
  private boolean inRareNest(double x, double y) {
    long gx = (long) Math.floor(x / rareGrid);
    long gy = (long) Math.floor(y / rareGrid);
    double[] nest = rareNest(gx, gy);
    double dx = x - nest[0];
    double dy = y - nest[1];
    double r = nest[2];
    double d2 = dx * dx + dy * dy;
    if (d2 > 1.3 * 1.3 * r * r) {
      return false;
    }
    double theta = Math.atan2(dy, dx);
    double lobed = r * (1 + 0.18 * Math.sin(3 * theta + nest[3]) + 0.09 * Math.sin(5 * theta + nest[4]));
    return d2 < lobed * lobed;
  }

  /** Centre x, centre y, radius and two lobe phases of the nest in rare-grid cell (gx, gy). */
  public double[] rareNest(long gx, long gy) {
    long h = HashNoise.hash(seed, gx, gy, SALT_RARE);
    double r = rareRadius * (0.7 + 0.3 * HashNoise.unit(HashNoise.hash(seed, gx, gy, SALT_RARE + 1)));
    double margin = 1.3 * rareRadius;
    double span = Math.max(0, rareGrid - 2 * margin);
    double cx = gx * rareGrid + margin + span * ((h & 0xffff) / 65536.0);
    double cy = gy * rareGrid + margin + span * (((h >>> 16) & 0xffff) / 65536.0);
    return new double[] {cx, cy, r, ((h >>> 32) & 0xfff) / 4096.0 * 2 * Math.PI, ((h >>> 44) & 0xfff) / 4096.0 * 2 * Math.PI};
  }

  public boolean hasRareClass() {
    return rare;
  }

  /** Side of the rare-nest grid in level-0 pixels. */
  public double rareGrid() {
    return rareGrid;
  }

  /** Nominal side of a tissue region in level-0 pixels. */
  public double regionSize() {
    return regionSize;
  }
}
