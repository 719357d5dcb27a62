package io.slidestream.images.readers.synthetic.internals;

import static io.slidestream.images.readers.synthetic.SyntheticClasses.ADIPOSE;
import static io.slidestream.images.readers.synthetic.SyntheticClasses.CARCINOMA_IN_SITU;
import static io.slidestream.images.readers.synthetic.SyntheticClasses.GLASS;
import static io.slidestream.images.readers.synthetic.SyntheticClasses.IMMUNE;
import static io.slidestream.images.readers.synthetic.SyntheticClasses.STROMA;
import static io.slidestream.images.readers.synthetic.SyntheticClasses.TUMOR;

/**
 * The colour of one level-0 sample given its class: H&E-like textures built from hashed nuclei,
 * noise contour "fibres" and cell walls, all pure functions of the seed and the position (the
 * caches inside only remember the last lattice cell). Not thread-safe: one per render.
 */
final class TissueShader {

  static final int GLASS_RGB = 0xf2f1ef;

  private static final int STROMA_LIGHT = 0xf4c4dc;
  private static final int STROMA_DARK = 0xd4729e;
  private static final int SPINDLE = 0x7c3c8c;
  private static final int TUMOR_CYTOPLASM = 0xd296ce;
  private static final int TUMOR_NUCLEUS = 0x5c3494;
  private static final int CIS_CYTOPLASM = 0xd892cc;
  private static final int CIS_NUCLEUS = 0x462680;
  private static final int FAT_INSIDE = 0xfaf5f8;
  private static final int FAT_WALL = 0xdc96be;
  private static final int IMMUNE_GROUND = 0xd4a8d0;
  private static final int IMMUNE_NUCLEUS = 0x301c60;

  private final int seed;
  /** Texture units (1/16 reference pixel) per level-0 pixel, in 1/256: 4096 at 0.5 µm/px. */
  private final long unitsPerPixel;
  private final SmoothField fibreCoarse;
  private final SmoothField fibreFine;
  private final SmoothField stain;
  private final NucleusField spindles;
  private final NucleusField tumorNuclei;
  private final NucleusField cisNuclei;
  private final NucleusField lymphocytes;
  private final CellWalls fat;

  TissueShader(long seed, double micronsPerPixel) {
    this.seed = (int) (seed ^ (seed >>> 32));
    this.unitsPerPixel = Math.round(4096 * micronsPerPixel / 0.5);
    fibreCoarse = new SmoothField(this.seed, 1, 64);
    fibreFine = new SmoothField(this.seed, 2, 16);
    stain = new SmoothField(this.seed, 3, 128);
    spindles = new NucleusField(this.seed, 4, 32, 70, 2.0, 3.2);
    tumorNuclei = new NucleusField(this.seed, 5, 16, 215, 4.2, 6.2);
    cisNuclei = new NucleusField(this.seed, 6, 16, 205, 5.6, 7.3);
    lymphocytes = new NucleusField(this.seed, 7, 8, 245, 2.7, 3.4);
    fat = new CellWalls(this.seed, 8, 128);
  }

  /** The colour of level-0 pixel (x, y) of class {@code cls}. */
  int shade(int cls, int x, int y) {
    if (cls == GLASS) {
      return GLASS_RGB;
    }
    int u = (int) (x * unitsPerPixel >> 8);
    int v = (int) (y * unitsPerPixel >> 8);
    int grain = (HashNoise.hash32(seed, x, y, 99) & 7) - 3;
    int c = switch (cls) {
      case STROMA -> stroma(u, v);
      case TUMOR -> epithelium(u, v, TUMOR_CYTOPLASM, TUMOR_NUCLEUS, tumorNuclei, 15);
      case CARCINOMA_IN_SITU -> epithelium(u, v, CIS_CYTOPLASM, CIS_NUCLEUS, cisNuclei, 24);
      case ADIPOSE -> adipose(u, v);
      case IMMUNE -> immune(u, v);
      default -> GLASS_RGB;
    };
    return Rgb.shift(c, grain);
  }

  private int stroma(int u, int v) {
    // Fibres are the contour bands of smooth noise stretched along one axis, the other axis bent by
    // a large smooth displacement: wavy, roughly parallel bundles that turn gradually, no grid.
    int along = u;
    int across = v + (stain.at(u, v) - 2048) * 3;
    int n = (fibreCoarse.at(along >> 2, across << 1) * 3 + fibreFine.at(along >> 1, across << 1)) >> 2;
    int t = (n * 10) & 0xfff;
    int tri = t < 2048 ? t : 4095 - t;
    int f = (tri * tri) >> 14;
    int c = Rgb.mix(STROMA_LIGHT, STROMA_DARK, Math.min(255, f));
    int nucleus = spindles.at(u, v);
    if (nucleus != 0) {
      c = Rgb.mix(c, SPINDLE, nucleus & 0xff);
    }
    return c;
  }

  private int epithelium(int u, int v, int cytoplasm, int nucleusColour, NucleusField nuclei, int speckle) {
    int s = stain.at(u, v);
    int c = Rgb.shift(cytoplasm, (s >> 8) - 8);
    int nucleus = nuclei.at(u, v);
    if (nucleus != 0) {
      int variation = ((nucleus >> 8) & 0xff) / 12 - 10;
      int chromatin = (HashNoise.hash32(seed, u >> 4, v >> 4, 77) % speckle);
      c = Rgb.mix(c, Rgb.shift(nucleusColour, variation + chromatin), nucleus & 0xff);
    }
    return c;
  }

  private int adipose(int u, int v) {
    int gap = fat.gap(u, v);
    if (gap >= 48) {
      return FAT_INSIDE;
    }
    int wall = gap <= 16 ? 255 : (48 - gap) * 255 / 32;
    return Rgb.mix(FAT_INSIDE, FAT_WALL, wall);
  }

  private int immune(int u, int v) {
    int nucleus = lymphocytes.at(u, v);
    if (nucleus == 0) {
      return IMMUNE_GROUND;
    }
    int variation = ((nucleus >> 8) & 0xff) / 16 - 8;
    return Rgb.mix(IMMUNE_GROUND, Rgb.shift(IMMUNE_NUCLEUS, variation), nucleus & 0xff);
  }
}
