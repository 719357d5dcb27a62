package io.slidestream.models.data;

import static io.slidestream.models.random.SplitMix.mix;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.models.random.SplitMix;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Sparse annotations made from dense ones, the way a pathologist annotates sparsely (Bokhorst et
 * al.): a few blobs well inside each region, nothing near the borders between regions, everything
 * else unannotated. Deterministic: the same dense labels, region ids, sample id and seed give the
 * same sparse labels, whatever else is simulated in what order.
 *
 * <p>The procedure, per image:
 * <ol>
 *   <li>Regions are the 4-connected components of pixels with equal label set and equal region id
 *       (e.g. the instance ids of a GlaS mask, so touching glands stay separate regions). Pixels
 *       that are already unannotated belong to no region.</li>
 *   <li>A region's <em>interior</em> is its pixels at least {@code margin} steps (4-neighbour
 *       distance) from any pixel of another region or an unannotated pixel: annotators stay clear
 *       of uncertain boundaries. The image edge is not a boundary.</li>
 *   <li>Regions smaller than {@code minRegionPixels} are skipped: nobody annotates specks.</li>
 *   <li>Each other region keeps about {@code keepFraction} of its area (varied per region by
 *       {@code spread}): discs of radius
 *       {@code r = sqrt(target / (π·blobsPerRegion))} (at least 2, at most {@code maxBlobRadius})
 *       centred on interior pixels drawn at random, clipped to the interior, until the target is
 *       reached; the last disc shrinks to what is missing. A region whose whole interior is below the
 *       target keeps its whole interior.</li>
 *   <li>Kept pixels keep their dense set; every other pixel becomes "all classes".</li>
 * </ol>
 * With the defaults (15 % ± 7.5 %, margin 3) GlaS masks keep 10–20 % of their pixels overall (see the tests).
 */
public final class SparseAnnotationSimulator {

  /**
   * @param keepFraction    share of each region's area to keep, on average, 0..1
   * @param spread          each region keeps {@code keepFraction·(1 + spread·u)}, u uniform in −1..1: annotators
   *                        annotate some regions more than others
   * @param margin          distance in pixels kept clear of region boundaries
   * @param blobsPerRegion  about how many discs make up a region's annotation
   * @param minRegionPixels regions smaller than this are not annotated at all
   * @param maxBlobRadius   largest disc radius in pixels
   */
  public record Options(double keepFraction, double spread, int margin, int blobsPerRegion, int minRegionPixels,
      int maxBlobRadius) {
    public Options {
      if (!(keepFraction >= 0 && keepFraction <= 1)) {
        throw new IllegalArgumentException("keepFraction must be in 0..1, got " + keepFraction);
      }
      if (!(spread >= 0 && spread <= 1)) {
        throw new IllegalArgumentException("spread must be in 0..1, got " + spread);
      }
      if (margin < 0 || blobsPerRegion < 1 || minRegionPixels < 1 || maxBlobRadius < 2) {
        throw new IllegalArgumentException("bad sparse-annotation options: " + this);
      }
    }

    /** 15 % ± half of it per region, 3 px margin, 3 blobs, regions of 64 px or more, discs up to 48 px. */
    public static Options defaults() {
      return new Options(0.15, 0.5, 3, 3, 64, 48);
    }

    public Options withKeepFraction(double f) {
      return new Options(f, spread, margin, blobsPerRegion, minRegionPixels, maxBlobRadius);
    }
  }

  private final Options options;
  private final long seed;

  public SparseAnnotationSimulator(Options options, long seed) {
    this.options = options;
    this.seed = seed;
  }

  public Options options() {
    return options;
  }

  public long seed() {
    return seed;
  }

  /**
   * The sample with sparse labels; its reference is kept, or made from the dense labels when it
   * had none, so that evaluation still sees the dense truth.
   *
   * @param regionIds one id per pixel separating regions of the same set (instance ids), or null
   */
  public TrainingSample simulate(TrainingSample dense, int[] regionIds) {
    LabelSetRaster sparse = simulate(dense.labels(), regionIds, dense.id());
    return new TrainingSample(dense.id(), dense.image(), sparse,
        dense.reference().or(() -> Optional.of(TrainingSample.referenceOf(dense.labels()))));
  }

  /** Sparse label sets from dense ones; {@code sampleId} seeds this image's draws. */
  public LabelSetRaster simulate(LabelSetRaster dense, int[] regionIds, String sampleId) {
    int w = dense.width();
    int h = dense.height();
    int n = w * h;
    if (regionIds != null && regionIds.length != n) {
      throw new IllegalArgumentException(regionIds.length + " region ids for " + n + " pixels");
    }
    long[] sets = dense.data();
    long all = dense.universe();
    int[] region = components(sets, regionIds, all, w, h);
    int regions = 0;
    for (int r : region) {
      regions = Math.max(regions, r + 1);
    }
    int[] area = new int[regions];
    for (int r : region) {
      if (r >= 0) {
        area[r]++;
      }
    }
    boolean[] interior = interior(region, w, h, options.margin());
    // Interior pixels grouped by region (counting sort): the candidates for blob centres.
    int[] start = new int[regions + 1];
    for (int i = 0; i < n; i++) {
      if (interior[i]) {
        start[region[i] + 1]++;
      }
    }
    for (int r = 0; r < regions; r++) {
      start[r + 1] += start[r];
    }
    int[] members = new int[start[regions]];
    int[] fill = Arrays.copyOf(start, regions);
    for (int i = 0; i < n; i++) {
      if (interior[i]) {
        members[fill[region[i]]++] = i;
      }
    }
    long[] out = new long[n];
    Arrays.fill(out, all);
    SplittableRandom rng = new SplittableRandom(mix(seed ^ mix(sampleId.hashCode() * SplitMix.GOLDEN)));
    for (int r = 0; r < regions; r++) {
      if (area[r] < options.minRegionPixels()) {
        continue;
      }
      int candidates = start[r + 1] - start[r];
      double fraction = Math.min(1, options.keepFraction() * (1 + options.spread() * (2 * rng.nextDouble() - 1)));
      long target = Math.round(fraction * area[r]);
      if (target == 0 || candidates == 0) {
        continue;
      }
      if (candidates <= target) {
        for (int k = start[r]; k < start[r + 1]; k++) {
          out[members[k]] = sets[members[k]];
        }
        continue;
      }
      double radius = Math.min(options.maxBlobRadius(),
          Math.max(2, Math.sqrt(target / (Math.PI * options.blobsPerRegion()))));
      long kept = 0;
      for (int attempt = 0; kept < target && attempt < 50 * options.blobsPerRegion(); attempt++) {
        int centre = members[start[r] + rng.nextInt(candidates)];
        double rr = Math.min(radius, Math.max(1, Math.sqrt((target - kept) / Math.PI)));
        kept += disc(centre % w, centre / w, rr, r, region, interior, sets, out, w, h);
      }
    }
    return LabelSetRaster.wrap(w, h, dense.classCount(), out);
  }

  /** Keeps the pixels of a disc that are interior to region {@code r} and not yet kept; how many it kept. */
  private static int disc(int cx, int cy, double radius, int r, int[] region, boolean[] interior, long[] sets,
      long[] out, int w, int h) {
    int ir = (int) Math.ceil(radius);
    double r2 = radius * radius;
    int kept = 0;
    for (int y = Math.max(0, cy - ir); y <= Math.min(h - 1, cy + ir); y++) {
      for (int x = Math.max(0, cx - ir); x <= Math.min(w - 1, cx + ir); x++) {
        int dx = x - cx;
        int dy = y - cy;
        int i = y * w + x;
        if (dx * dx + dy * dy <= r2 && region[i] == r && interior[i] && out[i] != sets[i]) {
          out[i] = sets[i];
          kept++;
        }
      }
    }
    return kept;
  }

  /** 4-connected components of equal set (and region id); -1 for unannotated pixels. */
  static int[] components(long[] sets, int[] ids, long all, int w, int h) {
    int n = w * h;
    int[] comp = new int[n];
    Arrays.fill(comp, -1);
    int[] queue = new int[n];
    int next = 0;
    for (int seedPixel = 0; seedPixel < n; seedPixel++) {
      if (comp[seedPixel] >= 0 || sets[seedPixel] == all) {
        continue;
      }
      long s = sets[seedPixel];
      int id = ids == null ? 0 : ids[seedPixel];
      int head = 0;
      int tail = 0;
      queue[tail++] = seedPixel;
      comp[seedPixel] = next;
      while (head < tail) {
        int p = queue[head++];
        int x = p % w;
        int y = p / w;
        for (int k = 0; k < 4; k++) {
          int q;
          if (k == 0 && x > 0) {
            q = p - 1;
          } else if (k == 1 && x < w - 1) {
            q = p + 1;
          } else if (k == 2 && y > 0) {
            q = p - w;
          } else if (k == 3 && y < h - 1) {
            q = p + w;
          } else {
            continue;
          }
          if (comp[q] < 0 && sets[q] == s && (ids == null || ids[q] == id)) {
            comp[q] = next;
            queue[tail++] = q;
          }
        }
      }
      next++;
    }
    return comp;
  }

  /**
   * Pixels at 4-neighbour distance at least {@code margin} from any pixel outside their region
   * (another region or unannotated); the image edge does not count as outside.
   */
  static boolean[] interior(int[] region, int w, int h, int margin) {
    int n = w * h;
    int[] dist = new int[n];
    Arrays.fill(dist, Integer.MAX_VALUE);
    int[] queue = new int[n];
    int tail = 0;
    // Distance 0: pixels with a neighbour outside their region; unannotated pixels are no one's interior.
    for (int p = 0; p < n; p++) {
      int r = region[p];
      if (r < 0) {
        continue;
      }
      int x = p % w;
      int y = p / w;
      if (x > 0 && region[p - 1] != r || x < w - 1 && region[p + 1] != r
          || y > 0 && region[p - w] != r || y < h - 1 && region[p + w] != r) {
        dist[p] = 0;
        queue[tail++] = p;
      }
    }
    int head = 0;
    while (head < tail) {
      int p = queue[head++];
      int x = p % w;
      int y = p / w;
      int d = dist[p] + 1;
      if (d >= margin) {
        continue;
      }
      int r = region[p];
      if (x > 0 && region[p - 1] == r && dist[p - 1] > d) {
        dist[p - 1] = d;
        queue[tail++] = p - 1;
      }
      if (x < w - 1 && region[p + 1] == r && dist[p + 1] > d) {
        dist[p + 1] = d;
        queue[tail++] = p + 1;
      }
      if (y > 0 && region[p - w] == r && dist[p - w] > d) {
        dist[p - w] = d;
        queue[tail++] = p - w;
      }
      if (y < h - 1 && region[p + w] == r && dist[p + w] > d) {
        dist[p + w] = d;
        queue[tail++] = p + w;
      }
    }
    boolean[] inside = new boolean[n];
    for (int p = 0; p < n; p++) {
      inside[p] = region[p] >= 0 && dist[p] >= margin;
    }
    return inside;
  }


  @Override
  public String toString() {
    return "SparseAnnotationSimulator[" + options + ", seed " + seed + "]";
  }
}
