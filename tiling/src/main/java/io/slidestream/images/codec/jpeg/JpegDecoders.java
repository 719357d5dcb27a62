package io.slidestream.images.codec.jpeg;

import java.util.Locale;

/**
 * Chooses the JPEG decoder: libjpeg-turbo when its library loads, else the JDK's. The system
 * property {@value #PROPERTY} ({@code turbo} or {@code java}) forces one, e.g. to compare them.
 */
public final class JpegDecoders {

  public static final String PROPERTY = "slidestream.jpeg.decoder";

  private JpegDecoders() {}

  /** The decoder to use by default on this machine. */
  public static JpegDecoder preferred() {
    String forced = System.getProperty(PROPERTY);
    if (forced != null && !forced.isBlank()) {
      return named(forced);
    }
    return TurboJpegDecoder.isAvailable() ? TurboJpegDecoder.create() : JavaJpegDecoder.create();
  }

  /**
   * The decoder of that name.
   *
   * @throws IllegalArgumentException for an unknown name
   * @throws IllegalStateException when {@code turbo} is asked for but libturbojpeg is missing
   */
  public static JpegDecoder named(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "turbo" -> TurboJpegDecoder.create();
      case "java" -> JavaJpegDecoder.create();
      default -> throw new IllegalArgumentException(
          "unknown JPEG decoder '" + name + "' (" + PROPERTY + " must be turbo or java)");
    };
  }
}
