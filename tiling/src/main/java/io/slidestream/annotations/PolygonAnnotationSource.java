package io.slidestream.annotations;

import io.slidestream.annotations.internals.FlatPolygon;
import io.slidestream.annotations.internals.ScanlineFill;
import io.slidestream.annotations.protocol.LabelingProtocol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Polygon annotations of one slide (from QuPath GeoJSON or ASAP XML), rasterised into label sets
 * tile by tile. An STR-tree over the annotations' bounding boxes means a tile touches only the
 * annotations that reach it, however many the slide has.
 *
 * <p>Area that no annotation covers gets the protocol's {@link LabelingProtocol#unannotatedArea()}.
 * <b>Overlaps: the smaller annotation wins</b>, as with regions drawn inside regions in QuPath (a
 * necrosis region inside a tumour outline labels its own area); annotations are painted from the
 * largest area to the smallest, and of two with equal area the later in the file wins. The rule
 * replaces sets rather than intersecting them, because an annotator who draws a region inside
 * another means "this part is different", not "both".
 *
 * <p>Immutable after construction; {@link #rasterize} may be called from many threads.
 */
public final class PolygonAnnotationSource implements AnnotationSource {

  private final int classCount;
  private final long background;
  private final FlatPolygon[] polygons;
  private final long[] sets;
  private final STRtree index;

  private PolygonAnnotationSource(LabelingProtocol protocol, List<PolygonAnnotation> annotations) {
    classCount = protocol.classCount();
    background = protocol.unannotatedArea();
    long[] resolved = new long[annotations.size()];
    double[] areas = new double[annotations.size()];
    for (int i = 0; i < resolved.length; i++) {
      PolygonAnnotation a = annotations.get(i);
      resolved[i] = protocol.setForNames(a.classNames(), a.origin());
      areas[i] = a.geometry().getArea();
    }
    // Paint order: largest first, so smaller (nested) annotations overwrite; ties keep file order.
    Integer[] order = new Integer[resolved.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -areas[i]).thenComparingInt(i -> i));
    polygons = new FlatPolygon[order.length];
    sets = new long[order.length];
    index = new STRtree();
    for (int rank = 0; rank < order.length; rank++) {
      PolygonAnnotation a = annotations.get(order[rank]);
      polygons[rank] = FlatPolygon.of(a.geometry());
      sets[rank] = resolved[order[rank]];
      index.insert(a.geometry().getEnvelopeInternal(), rank);
    }
    // Built here, not lazily by the first query (JTS 1.20 synchronises that build, so it would be
    // safe too): the first tile does not pay for it, and the index takes no inserts after it.
    index.build();
  }

  /**
   * Binds annotations to a protocol.
   *
   * @throws AnnotationException.UnknownLabel naming the first annotation whose class the protocol
   *     does not know
   */
  public static PolygonAnnotationSource of(List<PolygonAnnotation> annotations, LabelingProtocol protocol) {
    return new PolygonAnnotationSource(protocol, annotations);
  }

  @Override
  public int classCount() {
    return classCount;
  }

  /** Number of annotations. */
  public int size() {
    return polygons.length;
  }

  @Override
  public LabelSetRaster rasterize(RegionRequest region) {
    LabelSetRaster out = LabelSetRaster.create(region.width(), region.height(), classCount, background);
    if (region.width() == 0 || region.height() == 0 || polygons.length == 0) {
      return out;
    }
    Envelope tile = new Envelope(region.x(), region.maxX(), region.y(), region.maxY());
    List<Integer> hits = new ArrayList<>();
    index.query(tile, item -> hits.add((Integer) item));
    if (hits.isEmpty()) {
      return out;
    }
    int[] ranks = new int[hits.size()];
    for (int i = 0; i < ranks.length; i++) {
      ranks[i] = hits.get(i);
    }
    Arrays.sort(ranks);
    ScanlineFill fill = new ScanlineFill();
    long[] data = out.data();
    for (int rank : ranks) {
      fill.fill(polygons[rank], region, data, sets[rank]);
    }
    return out;
  }
}
