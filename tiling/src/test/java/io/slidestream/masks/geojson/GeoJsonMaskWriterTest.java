package io.slidestream.masks.geojson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slidestream.annotations.LabelSetRaster;
import io.slidestream.annotations.PolygonAnnotation;
import io.slidestream.annotations.PolygonAnnotationSource;
import io.slidestream.annotations.RegionRequest;
import io.slidestream.annotations.io.GeoJsonAnnotationReader;
import io.slidestream.annotations.protocol.LabelingProtocol;
import io.slidestream.images.LabelClass;
import io.slidestream.images.LabelRaster;
import io.slidestream.masks.MaskOutput;
import io.slidestream.masks.MaskSpec;
import io.slidestream.masks.MaskWriter;
import io.slidestream.masks.MaskWriterProvider;
import io.slidestream.testdata.SharedData;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoJsonMaskWriterTest {

  @TempDir
  Path dir;

  static final List<LabelClass> CLASSES = List.of(new LabelClass(0, "Background", 0xffffff),
      new LabelClass(1, "Tumor", 0xc80000), new LabelClass(2, "Stroma", 0x00a000),
      new LabelClass(3, "Necrosis", 0x303030));

  /** Reads back with the project's own GeoJSON reader: each class name to its id, nothing covered is background. */
  static LabelingProtocol protocolFor(List<LabelClass> classes) {
    LabelingProtocol.Builder b = LabelingProtocol.builder();
    for (LabelClass c : classes) {
      b.addClass(c.id(), c.name(), c.rgb());
    }
    return b.unannotatedArea(classes.get(0).name()).build();
  }

  /** Writes the mask tile by tile in shuffled order and returns the published output. */
  static MaskOutput write(MaskWriter w, MaskSpec spec, LabelRaster mask, long seed) throws IOException {
    List<int[]> tiles = new ArrayList<>();
    for (int row = 0; row < spec.rows(); row++) {
      for (int col = 0; col < spec.columns(); col++) {
        tiles.add(new int[] {col, row});
      }
    }
    Collections.shuffle(tiles, new Random(seed));
    for (int[] t : tiles) {
      w.writeTile(t[0], t[1], mask.crop(t[0] * spec.tileSize(), t[1] * spec.tileSize(), spec.tileWidth(t[0]),
          spec.tileHeight(t[1])));
    }
    List<MaskOutput> out = w.finish();
    assertThat(out).hasSize(1);
    return out.get(0);
  }

  /** The published file read back and rasterised over the whole mask at its resolution: class per pixel. */
  static byte[] readBack(Path file, MaskSpec spec) throws IOException {
    List<PolygonAnnotation> anns = new GeoJsonAnnotationReader().read(file);
    PolygonAnnotationSource s = PolygonAnnotationSource.of(anns, protocolFor(spec.classes()));
    LabelSetRaster r = s.rasterize(new RegionRequest(0, 0, spec.downsample(), (int) spec.width(), (int) spec.height()));
    return r.toLabels(255).data();
  }

  /** Several classes with holes, islands in holes, diagonal touches, thin lines and single pixels. */
  static LabelRaster syntheticMask(int w, int h, long seed) {
    Random rnd = new Random(seed);
    LabelRaster m = LabelRaster.create(w, h);
    for (int k = 0; k < 25; k++) {
      int cls = 1 + rnd.nextInt(3);
      int cx = rnd.nextInt(w);
      int cy = rnd.nextInt(h);
      int r = 3 + rnd.nextInt(30);
      int hole = rnd.nextBoolean() ? r / 2 : 0;
      for (int y = Math.max(0, cy - r); y < Math.min(h, cy + r); y++) {
        for (int x = Math.max(0, cx - r); x < Math.min(w, cx + r); x++) {
          int d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
          if (d2 < r * r && d2 >= hole * hole) {
            m.set(x, y, cls);
          }
        }
      }
    }
    for (int i = 0; i < 60; i++) { // specks and diagonal pairs
      int x = rnd.nextInt(w - 1);
      int y = rnd.nextInt(h - 1);
      int cls = 1 + rnd.nextInt(3);
      m.set(x, y, cls);
      if (i % 3 == 0) {
        m.set(x + 1, y + 1, cls);
      }
    }
    for (int x = 0; x < w; x++) { // a one-pixel line across, touching the mask edges
      m.set(x, h / 3, 2);
    }
    return m;
  }

  static String sha256(Path f) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
  }

  @Test
  void theProviderIsFoundByName() {
    MaskWriterProvider p = ServiceLoader.load(MaskWriterProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(x -> x.name().equals("geojson")).findFirst().orElseThrow();
    MaskSpec spec = new MaskSpec("s", 64, 64, 32, 1.0, 1.0, CLASSES);
    try (MaskWriter w = p.open(spec, dir)) {
      assertThat(w).isInstanceOf(GeoJsonMaskWriter.class);
    }
  }

  @Test
  void withoutSimplificationTheRoundTripIsPixelExact() throws Exception {
    LabelRaster mask = syntheticMask(333, 250, 1);
    MaskSpec spec = new MaskSpec("slide-1", 333, 250, 64, 0.5, 2.0, CLASSES);
    MaskOutput out;
    try (GeoJsonMaskWriter w = new GeoJsonMaskWriter(spec, dir, new GeoJsonMaskOptions(8192, 0))) {
      assertThat(w.reduction()).isEqualTo(1);
      out = write(w, spec, mask, 2);
    }
    assertThat(out.kind()).isEqualTo("geojson");
    assertThat(out.file()).isEqualTo(dir.resolve("slide-1.geojson"));
    assertThat(out.bytes()).isEqualTo(Files.size(out.file()));
    assertThat(out.sha256()).isEqualTo(sha256(out.file()));
    assertThat(readBack(out.file(), spec)).isEqualTo(mask.data());
  }

  @Test
  void theFileIsQuPathGeoJsonWithOneFeaturePerClassPresent() throws Exception {
    LabelRaster mask = LabelRaster.create(64, 48);
    for (int y = 8; y < 24; y++) {
      for (int x = 4; x < 20; x++) {
        mask.set(x, y, 1);
      }
    }
    mask.set(40, 40, 7); // an id the spec does not name
    MaskSpec spec = new MaskSpec("slide-7.a_b", 64, 48, 16, 0.25, 4.0, CLASSES);
    MaskOutput out;
    try (GeoJsonMaskWriter w = new GeoJsonMaskWriter(spec, dir, new GeoJsonMaskOptions(1024, 0))) {
      out = write(w, spec, mask, 3);
    }
    assertThat(out.file()).isEqualTo(dir.resolve("slide-7.a_b.geojson"));
    JsonNode root = new ObjectMapper().readTree(out.file().toFile());
    assertThat(root.get("type").asText()).isEqualTo("FeatureCollection");
    JsonNode features = root.get("features");
    assertThat(features).hasSize(2); // Tumor and class 7; background and absent classes are not written
    JsonNode tumor = features.get(0);
    assertThat(tumor.get("type").asText()).isEqualTo("Feature");
    assertThat(tumor.at("/geometry/type").asText()).isEqualTo("MultiPolygon");
    assertThat(tumor.at("/properties/objectType").asText()).isEqualTo("annotation");
    assertThat(tumor.at("/properties/classification/name").asText()).isEqualTo("Tumor");
    assertThat(tumor.at("/properties/classification/color").toString()).isEqualTo("[200,0,0]");
    // 16x16 mask pixels at downsample 4: level-0 square [16, 80) x [32, 96), 4096 px^2.
    assertThat(tumor.at("/geometry/coordinates/0/0").toString())
        .isEqualTo("[[16,32],[80,32],[80,96],[16,96],[16,32]]");
    assertThat(tumor.at("/properties/measurements/Area px^2").asDouble()).isEqualTo(4096.0);
    // 0.25 µm per mask pixel is 0.0625 µm per level-0 pixel.
    assertThat(tumor.at("/properties/measurements/Area µm^2").asDouble()).isEqualTo(16.0);
    assertThat(features.get(1).at("/properties/classification/name").asText()).isEqualTo("Class 7");
  }

  @Test
  void slideIdsThatCannotNameAFileAreRefusedNotRewritten() throws IOException {
    // Rewriting unsafe characters made "a b" and "a_b" both publish a_b.geojson, the second
    // silently replacing the first; like every mask writer, the GeoJSON one now refuses such ids.
    for (String id : List.of("a b", "s/../x", ".hidden", "")) {
      MaskSpec spec = new MaskSpec(id, 32, 32, 32, 1.0, 1.0, CLASSES);
      assertThatThrownBy(() -> new GeoJsonMaskWriter(spec, dir, GeoJsonMaskOptions.defaults()))
          .as("id '%s'", id).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot name an output file");
    }
    MaskSpec safe = new MaskSpec("a_b", 32, 32, 32, 1.0, 1.0, CLASSES);
    try (GeoJsonMaskWriter w = new GeoJsonMaskWriter(safe, dir, GeoJsonMaskOptions.defaults())) {
      w.writeTile(0, 0, LabelRaster.create(32, 32));
      assertThat(w.finish()).singleElement().extracting(MaskOutput::file).isEqualTo(dir.resolve("a_b.geojson"));
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(dir.resolve("a_b.geojson"));
    }
  }

  @Test
  void nothingButBackgroundGivesAnEmptyCollection() throws IOException {
    MaskSpec spec = new MaskSpec("empty", 40, 40, 16, Double.NaN, 1.0, CLASSES);
    MaskOutput out;
    try (GeoJsonMaskWriter w = new GeoJsonMaskWriter(spec, dir, GeoJsonMaskOptions.defaults())) {
      w.writeTile(0, 0, LabelRaster.create(16, 16));
      out = w.finish().get(0); // the other tiles were never written: background
    }
    JsonNode root = new ObjectMapper().readTree(out.file().toFile());
    assertThat(root.get("features")).isEmpty();
    assertThat(new GeoJsonAnnotationReader().read(out.file())).isEmpty();
  }

  @Test
  void simplifiedOutlinesMoveNoPixelFartherThanTheToleranceFromTheTrueBoundary() throws Exception {
    LabelRaster mask = syntheticMask(300, 220, 4);
    double tol = 1.0;
    MaskSpec spec = new MaskSpec("simplified", 300, 220, 48, Double.NaN, 1.0, CLASSES);
    MaskOutput out;
    try (GeoJsonMaskWriter w = new GeoJsonMaskWriter(spec, dir, new GeoJsonMaskOptions(8192, tol))) {
      out = write(w, spec, mask, 5);
    }
    byte[] back = readBack(out.file(), spec);
    // Douglas-Peucker keeps the outline within the tolerance of the pixel-edge outline (Hausdorff
    // distance), so a pixel can change class only if its centre is within the tolerance of a
    // boundary between classes. Overlaps between simplified classes resolve to one of the two
    // neighbouring classes, which is also only possible within that band.
    boolean[] band = boundaryBand(mask, tol);
    int mismatches = 0;
    for (int i = 0; i < back.length; i++) {
      if (back[i] != mask.data()[i]) {
        mismatches++;
        assertThat(band[i]).as("pixel (%d, %d) changed class away from any boundary", i % 300, i / 300).isTrue();
      }
    }
    assertThat(mismatches).isPositive(); // it did simplify
    // Per class: only pixels of the band can leave or join a class, so IoU >= (n - b) / (n + b)
    // with n the class's pixels and b the band pixels of that class's own outline.
    for (int c = 1; c <= 3; c++) {
      LabelRaster only = LabelRaster.create(300, 220);
      long n = 0;
      for (int i = 0; i < back.length; i++) {
        if (mask.data()[i] == c) {
          only.data()[i] = 1;
          n++;
        }
      }
      boolean[] own = boundaryBand(only, tol);
      long b = 0;
      for (boolean inBand : own) {
        b += inBand ? 1 : 0;
      }
      double iou = iou(mask.data(), back, c);
      System.out.printf("synthetic class %d: %d px, IoU %.4f (bound %.4f)%n", c, n, iou, (double) (n - b) / (n + b));
      assertThat(iou).isGreaterThanOrEqualTo((double) (n - b) / (n + b));
    }
    System.out.printf("synthetic 3-class mask, 1-px tolerance: pixel agreement %.4f%n", agreement(mask.data(), back));
    assertThat(agreement(mask.data(), back)).isGreaterThan(1 - (double) count(band) / band.length);
  }

  private static long count(boolean[] a) {
    long n = 0;
    for (boolean v : a) {
      n += v ? 1 : 0;
    }
    return n;
  }

  @Test
  void aClassWithOneRegionIsSimplifiedToo() throws IOException {
    LabelRaster mask = LabelRaster.create(100, 100);
    for (int y = 0; y < 100; y++) {
      for (int x = 0; x < 100; x++) {
        if ((x - 50) * (x - 50) + (y - 50) * (y - 50) < 40 * 40) {
          mask.set(x, y, 1);
        }
      }
    }
    MaskSpec spec = new MaskSpec("disc", 100, 100, 32, 1.0, 1.0, CLASSES);
    int[] vertices = new int[2];
    double[] tolerances = {0, 1};
    for (int k = 0; k < 2; k++) {
      Path d = Files.createDirectories(dir.resolve("t" + k));
      try (GeoJsonMaskWriter w = new GeoJsonMaskWriter(spec, d, new GeoJsonMaskOptions(8192, tolerances[k]))) {
        vertices[k] = new GeoJsonAnnotationReader().read(write(w, spec, mask, k).file()).get(0).geometry()
            .getNumPoints();
      }
    }
    // The staircase of a disc of radius 40 has about 180 corners; within a pixel it needs far fewer.
    assertThat(vertices[0]).isGreaterThan(150);
    System.out.printf("disc outline: %d points exact, %d at 1-px tolerance%n", vertices[0], vertices[1]);
    assertThat(vertices[1]).isLessThan(vertices[0] / 3);
  }

  /**
   * Pixels whose centre lies within {@code tol} of the exported outlines: an edge between two
   * differently labelled pixels, or an edge of the mask where a non-background pixel meets it
   * (outside the mask counts as background, which is not exported).
   */
  static boolean[] boundaryBand(LabelRaster m, double tol) {
    int w = m.width();
    int h = m.height();
    boolean[] band = new boolean[w * h];
    int reach = (int) Math.ceil(tol) + 1;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double cx = x + 0.5;
        double cy = y + 0.5;
        search:
        for (int yy = Math.max(0, y - reach); yy <= Math.min(h, y + reach); yy++) {
          for (int xx = Math.max(0, x - reach); xx <= Math.min(w, x + reach); xx++) {
            // Vertical edge x = xx from yy to yy+1, between pixels (xx-1, yy) and (xx, yy).
            if (yy < h && label(m, xx - 1, yy) != label(m, xx, yy) && dist(cx, cy, xx, yy, xx, yy + 1) <= tol) {
              band[y * w + x] = true;
              break search;
            }
            // Horizontal edge y = yy from xx to xx+1, between pixels (xx, yy-1) and (xx, yy).
            if (xx < w && label(m, xx, yy - 1) != label(m, xx, yy) && dist(cx, cy, xx, yy, xx + 1, yy) <= tol) {
              band[y * w + x] = true;
              break search;
            }
          }
        }
      }
    }
    return band;
  }

  private static int label(LabelRaster m, int x, int y) {
    return x < 0 || y < 0 || x >= m.width() || y >= m.height() ? 0 : m.get(x, y);
  }

  private static double dist(double px, double py, double ax, double ay, double bx, double by) {
    double t = ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) * (bx - ax) + (by - ay) * (by - ay));
    t = Math.max(0, Math.min(1, t));
    double dx = px - (ax + t * (bx - ax));
    double dy = py - (ay + t * (by - ay));
    return Math.sqrt(dx * dx + dy * dy);
  }

  static LabelRaster glandMask(Path png) throws IOException {
    BufferedImage img = ImageIO.read(png.toFile());
    Raster r = img.getRaster();
    LabelRaster m = LabelRaster.create(img.getWidth(), img.getHeight());
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        m.set(x, y, r.getSample(x, y, 0) > 0 ? 1 : 0);
      }
    }
    return m;
  }

  static List<Path> glasMasks(int n) throws IOException {
    try (Stream<Path> s = Files.list(SharedData.root().resolve("glas/train/masks"))) {
      List<Path> all = s.filter(p -> p.getFileName().toString().endsWith(".png")).sorted().toList();
      assertThat(all).as("GlaS training masks").hasSizeGreaterThanOrEqualTo(n);
      return all.subList(0, n);
    }
  }

  @Test
  void realGlasGlandsSurviveTheRoundTrip() throws Exception {
    List<LabelClass> classes = List.of(new LabelClass(0, "Background", 0xffffff), new LabelClass(1, "Gland", 0xff0000));
    double worstExactIou = 1;
    double worstSimplifiedIou = 1;
    double worstAgreement = 1;
    double worstBound = 1;
    long exactBytes = 0;
    long simplifiedBytes = 0;
    for (Path png : glasMasks(85)) {
      LabelRaster mask = glandMask(png);
      int w = mask.width();
      int h = mask.height();
      MaskSpec spec = new MaskSpec(png.getFileName().toString().replace(".png", ""), w, h, 128, 0.62, 2.0, classes);
      // Exact outlines: the gland pixels come back exactly.
      Path exactDir = Files.createDirectories(dir.resolve("exact"));
      MaskOutput exact;
      try (GeoJsonMaskWriter wr = new GeoJsonMaskWriter(spec, exactDir, new GeoJsonMaskOptions(8192, 0))) {
        exact = write(wr, spec, mask, w);
      }
      byte[] back = readBack(exact.file(), spec);
      assertThat(back).as(png.getFileName().toString()).isEqualTo(mask.data());
      worstExactIou = Math.min(worstExactIou, iou(mask.data(), back, 1));
      exactBytes += exact.bytes();
      // Default simplification (1 pixel): every changed pixel lies in the 1-pixel band around a
      // gland boundary, so IoU >= (G - B) / (G + B) with G gland pixels and B band pixels.
      Path simpleDir = Files.createDirectories(dir.resolve("simple"));
      MaskOutput simple;
      try (GeoJsonMaskWriter wr = new GeoJsonMaskWriter(spec, simpleDir, GeoJsonMaskOptions.defaults())) {
        simple = write(wr, spec, mask, h);
      }
      byte[] simplified = readBack(simple.file(), spec);
      boolean[] band = boundaryBand(mask, GeoJsonMaskOptions.DEFAULT_TOLERANCE);
      long glands = 0;
      long bandPixels = 0;
      for (int i = 0; i < band.length; i++) {
        glands += mask.data()[i] == 1 ? 1 : 0;
        bandPixels += band[i] ? 1 : 0;
        if (simplified[i] != mask.data()[i]) {
          assertThat(band[i]).as("%s pixel %d", png.getFileName(), i).isTrue();
        }
      }
      double bound = (double) (glands - bandPixels) / (glands + bandPixels);
      double iou = iou(mask.data(), simplified, 1);
      assertThat(iou).as(png.getFileName().toString()).isGreaterThanOrEqualTo(bound);
      // A stated floor as well: GlaS glands are large, smooth regions (hundreds to thousands of
      // pixels with perimeters of a few hundred), and a 1-pixel tolerance moves only part of the
      // boundary by under a pixel, so it changes under 2% of their area.
      assertThat(iou).as(png.getFileName().toString()).isGreaterThan(0.98);
      double agree = agreement(mask.data(), simplified);
      assertThat(agree).isGreaterThan(0.99);
      worstAgreement = Math.min(worstAgreement, agree);
      worstSimplifiedIou = Math.min(worstSimplifiedIou, iou);
      worstBound = Math.min(worstBound, bound);
      simplifiedBytes += simple.bytes();
    }
    System.out.printf("GlaS round trip, 85 masks: exact IoU min %.4f (%d bytes); 1-px simplified IoU min %.4f"
        + " (band bound min %.4f), pixel agreement min %.4f (%d bytes)%n", worstExactIou, exactBytes,
        worstSimplifiedIou, worstBound, worstAgreement, simplifiedBytes);
    assertThat(simplifiedBytes).isLessThan(exactBytes);
  }

  @Test
  void aReducedCopySamplesTheMaskAndStaysWithinOneCellOfIt() throws Exception {
    Path png = glasMasks(1).get(0);
    LabelRaster mask = glandMask(png);
    int w = mask.width();
    int h = mask.height();
    List<LabelClass> classes = List.of(new LabelClass(0, "Background", 0xffffff), new LabelClass(1, "Gland", 0xff0000));
    MaskSpec spec = new MaskSpec("reduced", w, h, 64, 0.62, 1.0, classes);
    MaskOutput out;
    int factor;
    try (GeoJsonMaskWriter wr = new GeoJsonMaskWriter(spec, dir, new GeoJsonMaskOptions(256, 0))) {
      factor = wr.reduction();
      out = write(wr, spec, mask, 9);
    }
    assertThat(factor).isEqualTo((Math.max(w, h) + 255) / 256);
    byte[] back = readBack(out.file(), spec);
    // At each cell's sample pixel the outline holds the mask's value exactly.
    for (int j = 0; j * factor < h; j++) {
      for (int i = 0; i * factor < w; i++) {
        int sx = Math.min(i * factor + factor / 2, w - 1);
        int sy = Math.min(j * factor + factor / 2, h - 1);
        assertThat(back[sy * w + sx]).isEqualTo(mask.data()[sy * w + sx]);
      }
    }
    // Elsewhere a pixel can differ only within a cell of a gland boundary.
    boolean[] band = boundaryBand(mask, factor * Math.sqrt(2));
    for (int i = 0; i < back.length; i++) {
      if (back[i] != mask.data()[i]) {
        assertThat(band[i]).isTrue();
      }
    }
    System.out.printf("GlaS %s reduced by %d: pixel agreement %.4f, gland IoU %.4f%n", png.getFileName(), factor,
        agreement(mask.data(), back), iou(mask.data(), back, 1));
    assertThat(iou(mask.data(), back, 1)).isGreaterThan(0.9);
  }

  static double iou(byte[] a, byte[] b, int cls) {
    long inter = 0;
    long union = 0;
    for (int i = 0; i < a.length; i++) {
      boolean x = a[i] == cls;
      boolean y = b[i] == cls;
      inter += x && y ? 1 : 0;
      union += x || y ? 1 : 0;
    }
    return union == 0 ? 1 : (double) inter / union;
  }

  static double agreement(byte[] a, byte[] b) {
    long same = 0;
    for (int i = 0; i < a.length; i++) {
      same += a[i] == b[i] ? 1 : 0;
    }
    return (double) same / a.length;
  }

  @Test
  void outputIsDeterministic() throws Exception {
    LabelRaster mask = syntheticMask(200, 150, 8);
    MaskSpec spec = new MaskSpec("det", 200, 150, 32, 1.0, 1.5, CLASSES);
    String[] sums = new String[2];
    for (int k = 0; k < 2; k++) {
      Path d = Files.createDirectories(dir.resolve("run" + k));
      try (GeoJsonMaskWriter w = new GeoJsonMaskWriter(spec, d, GeoJsonMaskOptions.defaults())) {
        sums[k] = write(w, spec, mask, k).sha256(); // tiles in a different order each time
      }
    }
    assertThat(sums[0]).isEqualTo(sums[1]);
  }

  @Test
  void abandonedOrFailedWritesLeaveNoFile() throws IOException {
    MaskSpec spec = new MaskSpec("gone", 64, 64, 32, 1.0, 1.0, CLASSES);
    try (GeoJsonMaskWriter w = new GeoJsonMaskWriter(spec, dir, GeoJsonMaskOptions.defaults())) {
      w.writeTile(0, 0, LabelRaster.create(32, 32));
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
    // A directory that cannot be created, under a plain file: finish fails and leaves nothing.
    Path blocker = Files.writeString(dir.resolve("blocker"), "not a directory");
    try (GeoJsonMaskWriter w = new GeoJsonMaskWriter(spec, blocker.resolve("out"), GeoJsonMaskOptions.defaults())) {
      assertThatThrownBy(w::finish).isInstanceOf(IOException.class);
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(blocker);
    }
  }

  @Test
  void tilesAreChecked() throws IOException {
    MaskSpec spec = new MaskSpec("t", 80, 50, 32, 1.0, 1.0, CLASSES);
    try (GeoJsonMaskWriter w = new GeoJsonMaskWriter(spec, dir, GeoJsonMaskOptions.defaults())) {
      assertThatThrownBy(() -> w.writeTile(3, 0, LabelRaster.create(32, 32)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
      assertThatThrownBy(() -> w.writeTile(2, 1, LabelRaster.create(32, 32)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be 16x18");
      w.writeTile(2, 1, LabelRaster.create(16, 18));
      assertThatThrownBy(() -> w.writeTile(2, 1, LabelRaster.create(16, 18)))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("already written");
      w.finish();
      assertThatThrownBy(() -> w.writeTile(0, 0, LabelRaster.create(32, 32)))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("finished");
      assertThatThrownBy(w::finish).isInstanceOf(IllegalStateException.class);
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(dir.resolve("t.geojson")); // no temporary file left
    }
    // Published with the same permissions as any file the process creates, not owner-only.
    Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
    if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      assertThat(Files.getPosixFilePermissions(dir.resolve("t.geojson")))
          .isEqualTo(Files.getPosixFilePermissions(plain));
    }
  }

  @Test
  void memoryIsBoundedForAGiganticMask() throws IOException {
    // A 1,000,000 x 800,000 mask pixel slide (800 GB as labels): the kept grid is at most 1024 x
    // 1024 cells, so writing it must allocate megabytes, not anything like the mask.
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    MaskSpec spec = new MaskSpec("huge", 1_000_000, 800_000, 512, 0.5, 1.0, CLASSES);
    LabelRaster tile = LabelRaster.create(512, 512);
    tile.fill(2);
    long before = threads.getThreadAllocatedBytes(thread);
    MaskOutput out;
    try (GeoJsonMaskWriter w = new GeoJsonMaskWriter(spec, dir, new GeoJsonMaskOptions(1024, 1.0))) {
      assertThat(w.reduction()).isEqualTo(977);
      for (int c = 0; c < 4; c++) {
        w.writeTile(1000 + c, 700, tile);
        w.writeTile(1000 + c, 701, tile);
      }
      out = w.finish().get(0);
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    System.out.printf("GeoJSON of a 1,000,000 x 800,000 mask: %.1f MB allocated in all%n", allocated / 1e6);
    // The grid is 1024 x 819 bytes; tracing it takes a few bits a cell and the file a few kilobytes.
    assertThat(allocated).as("bytes allocated to write the mask").isLessThan(16L << 20);
    List<PolygonAnnotation> back = new GeoJsonAnnotationReader().read(out.file());
    assertThat(back).singleElement().satisfies(a -> {
      assertThat(a.classNames()).containsExactly("Stroma");
      // The tiles span level-0 x [512000, 514048): the cells sampled inside them, scaled back, lie within a cell of it.
      assertThat(a.geometry().getEnvelopeInternal().getMinX()).isBetween(512000.0 - 977, 512000.0 + 977);
      assertThat(a.geometry().getEnvelopeInternal().getMaxX()).isBetween(514048.0 - 977, 514048.0 + 977);
    });
  }
}
