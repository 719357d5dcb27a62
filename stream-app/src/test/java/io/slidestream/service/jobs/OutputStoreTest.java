package io.slidestream.service.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.images.LabelRaster;
import io.slidestream.masks.MaskOutput;
import io.slidestream.masks.MaskSpec;
import io.slidestream.masks.MaskWriter;
import io.slidestream.service.fixtures.TinyModels;
import io.slidestream.service.records.OutputFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputStoreTest {

  @TempDir Path dir;

  @Test
  void eachJobHasItsOwnDirectoryAndUnsafeIdsHaveNone() {
    OutputStore store = new OutputStore(dir, Duration.ofMinutes(10));
    assertThat(store.directoryOf("job-1")).isEqualTo(dir.resolve("job-1"));
    assertThatThrownBy(() -> store.directoryOf("../escape")).isInstanceOf(IllegalArgumentException.class);
    assertThat(OutputStore.isValidJobId("job_2.a-b")).isTrue();
    assertThat(OutputStore.isValidJobId("a/b")).isFalse();
    assertThat(OutputStore.isValidJobId("..")).isFalse();
    assertThat(OutputStore.isValidJobId("")).isFalse();
  }

  @Test
  void aClaimIsPublishedOnceWholeAndOtherContentUnderItsIdIsRefused() throws Exception {
    OutputStore store = new OutputStore(dir, Duration.ofMinutes(10));
    JobClaim claim = new JobClaim("job-1", "ab".repeat(32));
    store.claim(claim);
    store.claim(claim);
    Path file = dir.resolve("job-1").resolve(OutputStore.CLAIM_FILE);
    assertThat(file).hasContent("sha256=" + "ab".repeat(32));
    assertThatThrownBy(() -> store.claim(new JobClaim("job-1", "cd".repeat(32))))
        .isInstanceOfSatisfying(JobRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.JOB_ID_REUSED));
    assertThat(file).hasContent("sha256=" + "ab".repeat(32));
    try (var files = Files.list(file.getParent())) {
      assertThat(files).as("no part of either claim is left").containsExactly(file);
    }
  }

  @Test
  void writersPublishCompleteFilesNamedBySlideIdDescribedAsFileUris() throws Exception {
    OutputStore store = new OutputStore(dir, Duration.ofMinutes(10));
    MaskSpec spec = new MaskSpec("0123456789abcdef", 40, 30, 16, 1.0, 2.0, TinyModels.CLASSES);
    List<MaskOutput> outputs = new ArrayList<>();
    List<MaskWriter> writers = store.openWriters("job-1", List.of("mask-tiff", "areas-json"), spec);
    for (MaskWriter w : writers) {
      for (int r = 0; r < spec.rows(); r++) {
        for (int c = 0; c < spec.columns(); c++) {
          LabelRaster t = LabelRaster.create(spec.tileWidth(c), spec.tileHeight(r));
          t.fill(2);
          w.writeTile(c, r, t);
        }
      }
      outputs.addAll(w.finish());
      w.close();
    }
    assertThat(outputs).extracting(o -> o.file().getFileName().toString())
        .containsExactly("0123456789abcdef.mask.tif", "0123456789abcdef.areas.json");
    OutputFile described = store.describe(outputs.get(0));
    assertThat(described.uri()).startsWith("file:///").endsWith("/job-1/0123456789abcdef.mask.tif");
    assertThat(Path.of(java.net.URI.create(described.uri()))).exists().hasSize(outputs.get(0).bytes());
    assertThat(described.sha256()).isEqualTo(outputs.get(0).sha256());
  }

  @Test
  void temporariesOfTheSlideThatNoWriterHoldsAreRemovedHoweverRecentLiveOnesKept() throws Exception {
    OutputStore store = new OutputStore(dir, Duration.ofMinutes(10));
    Path jobDir = Files.createDirectories(dir.resolve("job-1"));
    Path old = Files.writeString(jobDir.resolve(".0123456789abcdef.mask.tif.1b2c.part"), "half");
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    // A crashed run's part of a second ago: no process holds it, so it goes too.
    Path recent = Files.writeString(jobDir.resolve(".0123456789abcdef.geojson.3d4e.part"), "crashed");
    Path otherSlide = Files.writeString(jobDir.resolve(".fedcba9876543210.mask.tif.5f6a.part"), "other");
    Files.setLastModifiedTime(otherSlide, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    MaskSpec spec = new MaskSpec("0123456789abcdef", 16, 16, 16, 1.0, 1.0, TinyModels.CLASSES);
    try (io.slidestream.files.PendingFile live =
        io.slidestream.files.PendingFile.create(jobDir.resolve("0123456789abcdef.overview.png"))) {
      store.openWriters("job-1", List.of("areas-json"), spec).forEach(MaskWriter::close);
      assertThat(live.tempPath()).as("a live writer's part").exists();
    }
    assertThat(old).doesNotExist();
    assertThat(recent).doesNotExist();
    assertThat(otherSlide).exists();
  }
}
