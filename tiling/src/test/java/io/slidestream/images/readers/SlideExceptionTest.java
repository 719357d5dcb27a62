package io.slidestream.images.readers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SlideExceptionTest {

  static final Path FILE = Path.of("/slides/WARD7-DOE-JANE/S24-31337.svs");

  @Test
  void eachKindReportsItsWordsAndTheDetailWithoutThePath() {
    assertThat(new SlideException.NotFound(FILE, "no such file").report()).isEqualTo("slide not found: no such file");
    assertThat(new SlideException.Unsupported(FILE, "NDPI").report()).isEqualTo("unsupported slide: NDPI");
    assertThat(new SlideException.Corrupt(FILE, "a loop").report()).isEqualTo("corrupt slide: a loop");
    assertThat(new SlideException.TooLarge(FILE, "2^32 px").report()).isEqualTo("slide too large: 2^32 px");
    assertThat(new SlideException(FILE, "I/O error").report()).isEqualTo("the slide could not be read: I/O error");
  }

  @Test
  void theMessageKeepsThePathForTheUsersOwnTerminal() {
    SlideException e = new SlideException.Corrupt(FILE, "a loop");
    assertThat(e.getMessage()).isEqualTo(FILE + ": a loop");
    assertThat(e.report()).doesNotContain("WARD7").doesNotContain("S24-31337");
    assertThat(e.file()).isEqualTo(FILE);
  }
}
