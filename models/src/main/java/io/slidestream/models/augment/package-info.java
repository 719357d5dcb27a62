/**
 * On-the-fly augmentation of training samples (methods §5): a pipeline written as configuration
 * text, applied identically to an RGB patch and its admissible label sets, deterministic from a
 * per-sample seed.
 *
 * <h2>Grammar</h2>
 *
 * <pre>
 * pipeline := [ step { "," step } ]            blank text is the empty pipeline (identity)
 * step     := name [ "(" [ arg { "," arg } ] ")" ]
 * arg      := [ key "=" ] value                  a value without key is the op's first parameter
 * value    := number | number ".." number        a range: drawn uniformly per sample
 * number   := [+-] digits [ "." digits ] [ exponent ]   or [+-] "." digits
 * </pre>
 *
 * Whitespace between tokens is ignored; names and keys are case-sensitive lower-case words
 * ({@code [a-z][a-z0-9_-]*}). Every op accepts {@code p} (0..1, default 1): the probability that
 * the op acts on a given sample. A parameter given as a single number means either that value
 * ("fixed") or the symmetric range {@code -v..v} ("±"), as the table says; a range {@code a..b}
 * always means a value drawn uniformly from it for each sample ({@code a..a} fixes it). Integer
 * parameters draw each integer of the range with equal probability. Unknown ops, unknown keys,
 * a key given twice, a value outside the parameter's bounds or an empty range ({@code 2..1}) are
 * errors that name the column and list what is allowed ({@link AugmentationConfigException}).
 *
 * <table>
 * <caption>Built-in ops (defaults in brackets)</caption>
 * <tr><th>op</th><th>parameters</th><th>effect</th></tr>
 * <tr><td>{@code flip}</td><td>{@code h} [0.5], {@code v} [0.5]: probabilities of a left–right and of a
 *     top–bottom mirror, drawn independently</td><td>geometric, exact</td></tr>
 * <tr><td>{@code rot90}</td><td>{@code k} [0..3], integer: quarter turns counter-clockwise as
 *     displayed</td><td>geometric, exact</td></tr>
 * <tr><td>{@code rotate}</td><td>{@code degrees} [180, ±]: free rotation counter-clockwise as displayed,
 *     about the sample's centre</td><td>geometric</td></tr>
 * <tr><td>{@code elastic}</td><td>{@code alpha} [30], {@code sigma} [6] (px): Simard et al. (2003)
 *     deformation, uniform(−1, 1) noise smoothed by a normalised Gaussian of {@code sigma} and scaled
 *     by {@code alpha}; the displacement RMS is about {@code 0.163·alpha/sigma} px</td><td>geometric</td></tr>
 * <tr><td>{@code blur}</td><td>{@code sigma} [0..1.5] (px): Gaussian blur</td><td>photometric</td></tr>
 * <tr><td>{@code gamma}</td><td>{@code gamma} [0.8..1.25]: {@code out = 255·(in/255)^gamma}</td>
 *     <td>photometric</td></tr>
 * <tr><td>{@code brightness}</td><td>{@code delta} [0.1, ±]: adds {@code 255·delta} to every channel</td>
 *     <td>photometric</td></tr>
 * <tr><td>{@code contrast}</td><td>{@code factor} [0.8..1.2]: scales every channel's distance from the
 *     sample's mean luminance</td><td>photometric</td></tr>
 * <tr><td>{@code hsv}</td><td>{@code h} [0.04, ±] (turns of the hue circle, added), {@code s} [0.1, ±] and
 *     {@code v} [0.1, ±] (relative: saturation and value are multiplied by {@code 1+s}, {@code 1+v})</td>
 *     <td>photometric</td></tr>
 * </table>
 *
 * Further ops plug in through {@link java.util.ServiceLoader} as implementations of
 * {@link io.slidestream.models.augment.AugmentOp}.
 *
 * <h2>Geometry</h2>
 *
 * Every op keeps the sample's size. Geometric ops move image, label sets and (when given) a dense
 * reference together: each output pixel takes the source point that the chain of inverse
 * transforms gives for its centre; the image is interpolated bilinearly there, labels take the
 * nearest source pixel and are never interpolated. A run of consecutive geometric ops is fused
 * into one resampling, so the image is interpolated once however many ops the run has, and flips
 * and quarter turns map pixels onto pixels exactly. A source point outside the sample gets, in the
 * image, the mirror image of the sample across its edge (reflection, so that no artificial edge or
 * colour appears for the network to learn), and in the labels the set of all classes: nothing is
 * known there, so those pixels contribute nothing to a partial loss. A dense reference gets its
 * ignore value there.
 *
 * <h2>Determinism</h2>
 *
 * The same pipeline, input and seed give the same output. Each step draws from its own random
 * stream, derived from the sample's seed and the step's position, so editing one step's parameters
 * does not change what the other steps draw. Use
 * {@link io.slidestream.models.augment.AugmentationPipeline#sampleSeed(long, long)} to derive
 * independent per-sample seeds from a run seed.
 */
package io.slidestream.models.augment;
