/**
 * Training data: samples (an RGB patch with its admissible label sets and, for evaluation, a
 * dense reference), the sources a trainer draws patches from (image/mask directories such as
 * GlaS, slides with annotation files), sparse annotations simulated from dense masks, patch
 * samplers, and the assembly of network input batches.
 *
 * <p>Typical use by a training loop:
 * <pre>{@code
 * ImageMaskDataset glas = ImageMaskDataset.load(images, masks, protocol, 0.2, seed, sparsifier);
 * PatchSource train = glas.trainSource();
 * TrainingBatches batches = TrainingBatches.builder(train, new UniformPatchSampler(train, 256, 256, seed))
 *     .augmentation(AugmentationPipeline.parse(config)).batchSize(8).seed(seed).build();
 * Batch b = batches.batch(iteration);      // b.features() [8,3,256,256], b.labels() for the loss
 * }</pre>
 */
package io.slidestream.models.data;
