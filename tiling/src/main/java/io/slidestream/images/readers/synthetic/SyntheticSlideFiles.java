package io.slidestream.images.readers.synthetic;

import io.slidestream.files.PublishedFile;
import io.slidestream.masks.MaskOutput;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A synthetic slide with all its truth, as files: what {@link #write} produces.
 *
 * @param slide       {@code <name>.svs}: pyramidal JPEG BigTIFF, Aperio-style description
 * @param denseMask   {@code <name>.truth.mask.tif}: dense ground truth, ids 1..6
 * @param sparseMask  {@code <name>.sparse.mask.tif}: simulated annotations, 0 = not annotated
 * @param annotations {@code <name>.annotations.geojson}: the same annotations as QuPath GeoJSON
 */
public record SyntheticSlideFiles(PublishedFile slide, MaskOutput denseMask, MaskOutput sparseMask,
    PublishedFile annotations) {

  /**
   * Writes everything for {@code spec} into {@code directory}.
   *
   * @param name           file-name stem (letters, digits, '.', '_', '-')
   * @param maskDownsample level-0 pixels per mask pixel for both masks (e.g. 4 or 8)
   * @param threads        threads rendering slide tiles
   */
  public static SyntheticSlideFiles write(SyntheticSlideSpec spec, Path directory, String name, int maskDownsample,
      int threads) throws IOException {
    SyntheticSlide slide = SyntheticSlide.of(spec);
    Path slideFile = directory.resolve(io.slidestream.images.writers.OutputFileName.of(name, ".svs"));
    PublishedFile s = SyntheticSlideWriter.write(slide, slideFile, threads);
    MaskOutput dense = SyntheticGroundTruth.writeDenseMask(slide, directory, name + ".truth", maskDownsample);
    MaskOutput sparse = SyntheticGroundTruth.writeSparseMask(slide, directory, name + ".sparse", maskDownsample);
    PublishedFile geo = SyntheticGroundTruth.writeGeoJson(slide, directory, name + ".annotations");
    return new SyntheticSlideFiles(s, dense, sparse, geo);
  }
}
