package io.slidestream.models.data;

import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.images.LabelRaster;
import io.slidestream.images.RgbRaster;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whole images held in memory (image/mask datasets such as GlaS), patches cut on request. Label
 * sets are kept a byte per pixel ({@link PalettedLabelSets}). Where a patch reaches past an
 * image's edge, the image is mirrored across the edge (as augmentation fills) while labels are
 * "all classes" and the reference {@link TrainingSample#IGNORE}: nothing is known there.
 * Immutable and thread-safe.
 */
public final class InMemoryPatchSource implements PatchSource {

  /** Side of the cells annotated pixels are counted in. */
  public static final int CELL = 16;

  private final int classCount;
  private final List<String> ids = new ArrayList<>();
  private final List<RgbRaster> images = new ArrayList<>();
  private final List<PalettedLabelSets> labels = new ArrayList<>();
  private final List<Optional<LabelRaster>> references = new ArrayList<>();
  private final List<AnnotatedArea> areas = new ArrayList<>();

  private InMemoryPatchSource(List<TrainingSample> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("a patch source needs at least one sample");
    }
    this.classCount = samples.get(0).classCount();
    for (TrainingSample s : samples) {
      if (s.classCount() != classCount) {
        throw new IllegalArgumentException(s.id() + " has " + s.classCount() + " classes, " + samples.get(0).id()
            + " has " + classCount);
      }
      ids.add(s.id());
      images.add(s.image());
      PalettedLabelSets p = PalettedLabelSets.of(s.labels());
      labels.add(p);
      references.add(s.reference());
      areas.add(area(s.labels(), p));
    }
  }

  /** A source over whole samples (not copied: do not modify them afterwards). */
  public static InMemoryPatchSource of(List<TrainingSample> samples) {
    return new InMemoryPatchSource(List.copyOf(samples));
  }

  private static AnnotatedArea area(LabelSetRaster sets, PalettedLabelSets compact) {
    AnnotatedArea exact = AnnotatedArea.of(sets, CELL);
    // Same counts, but the per-pixel test reads the compact copy, not the full raster.
    return new AnnotatedArea(exact.width(), exact.height(), CELL, exact.counts(), true, compact::isAnnotated);
  }

  @Override
  public int classCount() {
    return classCount;
  }

  @Override
  public int regionCount() {
    return ids.size();
  }

  @Override
  public String regionId(int region) {
    return ids.get(region);
  }

  @Override
  public int regionWidth(int region) {
    return images.get(region).width();
  }

  @Override
  public int regionHeight(int region) {
    return images.get(region).height();
  }

  @Override
  public AnnotatedArea annotatedArea(int region) {
    return areas.get(region);
  }

  /**
   * The same images, ids and references with other label sets, one raster per region in region
   * order (SMILEr's relabelled sets, say); the annotated area is counted again from them.
   */
  public InMemoryPatchSource withLabels(List<LabelSetRaster> replacement) {
    if (replacement.size() != ids.size()) {
      throw new IllegalArgumentException(replacement.size() + " label rasters for " + ids.size() + " images");
    }
    List<TrainingSample> samples = new ArrayList<>(ids.size());
    for (int r = 0; r < ids.size(); r++) {
      LabelSetRaster l = replacement.get(r);
      if (l.classCount() != classCount) {
        throw new IllegalArgumentException(ids.get(r) + ": replacement labels of " + l.classCount() + " classes for a"
            + " source of " + classCount);
      }
      // TrainingSample checks that the raster has the image's size.
      samples.add(new TrainingSample(ids.get(r), images.get(r), l, references.get(r)));
    }
    return new InMemoryPatchSource(samples);
  }

  /** The label sets of a whole region (a new raster). */
  public LabelSetRaster labels(int region) {
    RgbRaster img = images.get(region);
    return labels.get(region).read(0, 0, img.width(), img.height());
  }

  /** The whole sample of a region, as given (for validation on whole images). */
  public TrainingSample whole(int region) {
    RgbRaster img = images.get(region);
    return new TrainingSample(ids.get(region), img, labels.get(region).read(0, 0, img.width(), img.height()),
        references.get(region));
  }

  @Override
  public TrainingSample read(PatchRequest r) {
    if (r.region() >= ids.size()) {
      throw new IndexOutOfBoundsException("region " + r.region() + " of " + ids.size());
    }
    RgbRaster src = images.get(r.region());
    RgbRaster image = mirroredCrop(src, r.x(), r.y(), r.width(), r.height());
    LabelSetRaster sets = labels.get(r.region()).read(r.x(), r.y(), r.width(), r.height());
    Optional<LabelRaster> ref = references.get(r.region()).map(l -> paddedCrop(l, r.x(), r.y(), r.width(),
        r.height()));
    return new TrainingSample(ids.get(r.region()) + "@" + r.x() + "," + r.y(), image, sets, ref);
  }

  private static RgbRaster mirroredCrop(RgbRaster src, int x, int y, int w, int h) {
    if (x >= 0 && y >= 0 && x + w <= src.width() && y + h <= src.height()) {
      return src.crop(x, y, w, h);
    }
    RgbRaster out = RgbRaster.create(w, h);
    byte[] s = src.data();
    byte[] d = out.data();
    int[] cols = new int[w];
    for (int i = 0; i < w; i++) {
      cols[i] = mirror(x + i, src.width()) * 3;
    }
    for (int j = 0; j < h; j++) {
      int row = mirror(y + j, src.height()) * src.width() * 3;
      int o = j * w * 3;
      for (int i = 0; i < w; i++, o += 3) {
        int p = row + cols[i];
        d[o] = s[p];
        d[o + 1] = s[p + 1];
        d[o + 2] = s[p + 2];
      }
    }
    return out;
  }

  private static LabelRaster paddedCrop(LabelRaster src, int x, int y, int w, int h) {
    LabelRaster out = LabelRaster.create(w, h);
    out.fill(TrainingSample.IGNORE);
    int x0 = Math.max(0, x);
    int y0 = Math.max(0, y);
    int x1 = Math.min(src.width(), x + w);
    int y1 = Math.min(src.height(), y + h);
    if (x1 > x0 && y1 > y0) {
      out.copyFrom(src, x0, y0, x0 - x, y0 - y, x1 - x0, y1 - y0);
    }
    return out;
  }

  /** Index mirrored into {@code 0..n-1}, the edge pixel repeated once (as augmentation reflects). */
  static int mirror(int i, int n) {
    if (i >= 0 && i < n) {
      return i;
    }
    int period = 2 * n;
    int m = Math.floorMod(i, period);
    return m < n ? m : period - 1 - m;
  }

  @Override
  public String toString() {
    return "InMemoryPatchSource[" + ids.size() + " images, " + classCount + " classes]";
  }
}
