package io.slidestream.models.data;

import io.slidestream.annotations.protocol.LabelingProtocol;
import io.slidestream.annotations.protocol.LabelingProtocolConfig;
import io.slidestream.testdata.SharedData;
import java.nio.file.Path;

/** The real GlaS training set beside the checkout, and its labeling protocol as configuration. */
final class Glas {

  /** Gland instances 1..N are all one class; 0 is background. */
  static final String PROTOCOL = """
      name = glas
      classes = [
        { name = background, color = "#ffffff" }
        { name = gland,      color = "#c80000" }
      ]
      values { 0 = background, "1-255" = gland }
      """;

  private Glas() {}

  static LabelingProtocol protocol() {
    return LabelingProtocolConfig.parse(PROTOCOL, "GlaS protocol");
  }

  static Path images() {
    return SharedData.root().resolve("glas/train/images");
  }

  static Path masks() {
    return SharedData.root().resolve("glas/train/masks");
  }

  static ImageMaskPair pair(int n) {
    return new ImageMaskPair("train_" + n, SharedData.file("glas/train/images/train_" + n + ".png"),
        SharedData.file("glas/train/masks/train_" + n + ".png"));
  }
}
