package io.slidestream.bench;

import io.slidestream.images.LabelClass;
import io.slidestream.images.readers.synthetic.SyntheticClasses;
import io.slidestream.models.io.ModelFile;
import io.slidestream.models.io.ModelMetadata;
import io.slidestream.models.io.TrainedModel;
import io.slidestream.models.unet.UNet;
import io.slidestream.models.unet.UNetConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Untrained U-Nets for benchmarks of the plumbing: the network's cost depends on its shape, not on
 * its weights, so an untrained one of the production shape times inference truly. Written once
 * into a model store directory (fixed seed and date: the same file every time) and reused.
 */
final class BenchModels {

  /** Glass first: the background class of tiles without tissue. */
  static final List<LabelClass> CLASSES = List.of(SyntheticClasses.byId(SyntheticClasses.GLASS),
      SyntheticClasses.byId(SyntheticClasses.STROMA), SyntheticClasses.byId(SyntheticClasses.TUMOR));

  private BenchModels() {}

  /** The model id for a shape, e.g. {@code bench-l4-f16-p256-h16-1.0um}. */
  static String id(int levels, int filters, int patch, int halo, double mpp) {
    return String.format(Locale.ROOT, "bench-l%d-f%d-p%d-h%d-%.1fum", levels, filters, patch, halo, mpp);
  }

  /** {@code <store>/<id>.model.zip}, written if missing; returns its id. */
  static String ensure(Path store, int levels, int filters, int patch, int halo, double mpp) throws IOException {
    String id = id(levels, filters, patch, halo, mpp);
    Path file = store.resolve(id + ".model.zip");
    if (!Files.isRegularFile(file)) {
      UNetConfig config = UNetConfig.builder().levels(levels).filters(filters).patchSize(patch).classes(CLASSES.size())
          .seed(20261122L).build();
      ModelMetadata meta = ModelMetadata.builder(id, config, CLASSES).micronsPerPixel(mpp).halo(halo)
          .createdAt(Instant.parse("2026-01-01T00:00:00Z")).build();
      Files.createDirectories(store);
      ModelFile.save(file, new TrainedModel(UNet.create(config), meta));
    }
    return id;
  }
}
