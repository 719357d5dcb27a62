package io.slidestream.images.readers.synthetic;

import io.slidestream.images.LabelClass;
import java.util.List;

/**
 * The classes of synthetic slides, in one place: the id each has in the dense ground truth and
 * in sparse annotation masks, the QuPath classification name, and the display colour. Dense
 * ground truth uses 1..6 everywhere; sparse masks use 0 for "not annotated".
 *
 * <table>
 * <caption>classes</caption>
 * <tr><th>id</th><th>name</th><th>looks like</th></tr>
 * <tr><td>0</td><td>Unannotated</td><td>(sparse masks only)</td></tr>
 * <tr><td>1</td><td>Glass</td><td>empty slide, near white</td></tr>
 * <tr><td>2</td><td>Stroma</td><td>pink wavy collagen fibres, sparse spindle nuclei</td></tr>
 * <tr><td>3</td><td>Tumor</td><td>purple, densely packed dark round nuclei</td></tr>
 * <tr><td>4</td><td>Adipose</td><td>large white cells with thin pink membranes</td></tr>
 * <tr><td>5</td><td>Immune cells</td><td>very dense small black-purple round nuclei</td></tr>
 * <tr><td>6</td><td>Carcinoma in situ</td><td>rare small nests inside tumour: like tumour, nuclei a
 *     little larger and darker — the hard class</td></tr>
 * </table>
 */
public final class SyntheticClasses {

  private SyntheticClasses() {}

  public static final int UNANNOTATED = 0;
  public static final int GLASS = 1;
  public static final int STROMA = 2;
  public static final int TUMOR = 3;
  public static final int ADIPOSE = 4;
  public static final int IMMUNE = 5;
  public static final int CARCINOMA_IN_SITU = 6;

  /** The largest class id. */
  public static final int MAX_ID = 6;

  public static final LabelClass UNANNOTATED_CLASS = new LabelClass(UNANNOTATED, "Unannotated", 0x000000);

  /** The tissue classes 1..6, id order. */
  public static final List<LabelClass> CLASSES = List.of(
      new LabelClass(GLASS, "Glass", 0xb4b4b4),
      new LabelClass(STROMA, "Stroma", 0x96c896),
      new LabelClass(TUMOR, "Tumor", 0xc80000),
      new LabelClass(ADIPOSE, "Adipose", 0xffc800),
      new LabelClass(IMMUNE, "Immune cells", 0xa05aa0),
      new LabelClass(CARCINOMA_IN_SITU, "Carcinoma in situ", 0x00b4ff));

  /** {@link #UNANNOTATED_CLASS} followed by {@link #CLASSES}: the classes of a sparse mask. */
  public static final List<LabelClass> WITH_UNANNOTATED = List.of(UNANNOTATED_CLASS, CLASSES.get(0), CLASSES.get(1),
      CLASSES.get(2), CLASSES.get(3), CLASSES.get(4), CLASSES.get(5));

  public static LabelClass byId(int id) {
    if (id < 0 || id > MAX_ID) {
      throw new IllegalArgumentException("no synthetic class " + id);
    }
    return WITH_UNANNOTATED.get(id);
  }
}
