package io.slidestream.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageMaskDirectoryTest {

  @TempDir
  Path dir;

  @Test
  void pairsTheRealGlasTrainingSetInNaturalOrder() throws IOException {
    List<ImageMaskPair> pairs = ImageMaskDirectory.scan(Glas.images(), Glas.masks());
    assertThat(pairs).hasSize(85);
    assertThat(pairs.get(0).id()).isEqualTo("train_1");
    assertThat(pairs.get(1).id()).isEqualTo("train_2");
    assertThat(pairs.get(84).id()).isEqualTo("train_85");
    assertThat(pairs.get(9).mask()).isEqualTo(Glas.masks().resolve("train_10.png"));
  }

  @Test
  void unpairedFilesAreNamed() throws IOException {
    Path images = Files.createDirectory(dir.resolve("images"));
    Path masks = Files.createDirectory(dir.resolve("masks"));
    Files.write(images.resolve("a.png"), new byte[0]);
    Files.write(images.resolve("b.png"), new byte[0]);
    Files.write(masks.resolve("a.tif"), new byte[0]);
    Files.write(masks.resolve("c.png"), new byte[0]);
    Files.write(masks.resolve("notes.txt"), new byte[0]);
    assertThatThrownBy(() -> ImageMaskDirectory.scan(images, masks))
        .hasMessageContaining("images without a mask: b").hasMessageContaining("masks without an image: c");
    Files.write(masks.resolve("a.png"), new byte[0]);
    assertThatThrownBy(() -> ImageMaskDirectory.scan(images, masks)).hasMessageContaining("two files for 'a'");
  }

  @Test
  void naturalOrderComparesDigitRunsAsNumbers() {
    assertThat(ImageMaskDirectory.natural("train_2", "train_10")).isNegative();
    assertThat(ImageMaskDirectory.natural("train_10", "train_9")).isPositive();
    assertThat(ImageMaskDirectory.natural("a007", "a7")).isNotZero();
    assertThat(ImageMaskDirectory.natural("b1", "a2")).isPositive();
    assertThat(ImageMaskDirectory.natural("x", "x")).isZero();
  }
}
