package io.slidestream.models.augment;

import java.util.List;

/**
 * A kind of augmentation that pipeline text can name: the service interface through which ops
 * are found ({@link java.util.ServiceLoader}, see {@link AugmentOps}). Implementations are
 * stateless factories; what they create holds the parsed parameters.
 */
public interface AugmentOp {

  /** The name used in pipeline text, e.g. {@code "rotate"}. */
  String name();

  /** One line saying what the op does, for documentation and error messages. */
  String description();

  /**
   * The op's parameters. The first, if any, may be given without its key. The pipeline adds
   * {@code p} (the probability that the op acts) to every op, so ops must not declare it.
   */
  List<Parameter> parameters();

  /** A configured step; {@code arguments} has a range for every declared parameter. */
  AugmentStep create(Arguments arguments);
}
