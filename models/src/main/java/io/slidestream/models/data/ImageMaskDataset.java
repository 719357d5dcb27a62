package io.slidestream.models.data;

import io.slidestream.annotations.protocol.LabelingProtocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An image/mask dataset (such as GlaS) split into training and validation images by seed and
 * loaded into memory as two patch sources: training images with their labels as the protocol
 * reads them, or sparse labels simulated from them; validation images always dense. Both keep the
 * dense reference for evaluation. Label sets are held a byte per pixel (see
 * {@link InMemoryPatchSource}); whole samples are rebuilt on request.
 */
public final class ImageMaskDataset {

  private final DatasetSplit<ImageMaskPair> split;
  private final InMemoryPatchSource train;
  private final InMemoryPatchSource validation;
  private final LabelingProtocol protocol;

  private ImageMaskDataset(DatasetSplit<ImageMaskPair> split, InMemoryPatchSource train,
      InMemoryPatchSource validation, LabelingProtocol protocol) {
    this.split = split;
    this.train = train;
    this.validation = validation;
    this.protocol = protocol;
  }

  /**
   * Scans, splits and loads (images read in parallel).
   *
   * @param sparsifier null for dense training labels
   */
  public static ImageMaskDataset load(Path images, Path masks, LabelingProtocol protocol, double validationFraction,
      long seed, SparseAnnotationSimulator sparsifier) throws IOException {
    return load(ImageMaskDirectory.scan(images, masks), protocol, validationFraction, seed, sparsifier);
  }

  /** Splits and loads the given pairs (a scan's, or some of them), as {@link #load(Path, Path, LabelingProtocol, double, long, SparseAnnotationSimulator)}. */
  public static ImageMaskDataset load(List<ImageMaskPair> pairs, LabelingProtocol protocol, double validationFraction,
      long seed, SparseAnnotationSimulator sparsifier) throws IOException {
    DatasetSplit<ImageMaskPair> split = DatasetSplit.of(pairs, validationFraction, seed);
    ImageMaskReader reader = new ImageMaskReader(protocol);
    try {
      List<TrainingSample> train = split.train().parallelStream()
          .map(p -> read(reader, p, sparsifier)).toList();
      List<TrainingSample> validation = split.validation().parallelStream()
          .map(p -> read(reader, p, null)).toList();
      return new ImageMaskDataset(split, InMemoryPatchSource.of(train),
          validation.isEmpty() ? null : InMemoryPatchSource.of(validation), protocol);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static TrainingSample read(ImageMaskReader reader, ImageMaskPair pair, SparseAnnotationSimulator sparse) {
    try {
      return sparse == null ? reader.read(pair) : reader.readSparse(pair, sparse);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public DatasetSplit<ImageMaskPair> split() {
    return split;
  }

  public LabelingProtocol protocol() {
    return protocol;
  }

  /** Whole training images, in id order. */
  public List<TrainingSample> train() {
    return whole(train);
  }

  /** Whole validation images with dense labels, in id order; empty without a validation part. */
  public List<TrainingSample> validation() {
    return validation == null ? List.of() : whole(validation);
  }

  private static List<TrainingSample> whole(InMemoryPatchSource s) {
    return java.util.stream.IntStream.range(0, s.regionCount()).mapToObj(s::whole).toList();
  }

  public InMemoryPatchSource trainSource() {
    return train;
  }

  /**
   * @throws IllegalStateException when the split has no validation images
   */
  public InMemoryPatchSource validationSource() {
    if (validation == null) {
      throw new IllegalStateException("this dataset was split without validation images");
    }
    return validation;
  }
}
