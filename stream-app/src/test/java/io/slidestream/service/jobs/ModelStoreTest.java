package io.slidestream.service.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.files.PendingFile;
import io.slidestream.service.fixtures.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {

  @TempDir Path dir;

  @Test
  void modelsAreFoundByIdWithTheirFilesChecksumAsVersion() throws Exception {
    try (ModelStore store = new ModelStore(dir)) {
      Path file = TinyModels.save(dir, "tissue", 1.0);
      TinyModels.save(dir, "nuclei", 0.5);
      assertThat(store.ids()).containsExactly("nuclei", "tissue");
      ModelHandle h = store.resolve("tissue");
      assertThat(h.id()).isEqualTo("tissue");
      assertThat(h.version()).isEqualTo(PendingFile.sha256(file)).hasSize(64);
      assertThat(h.metadata().micronsPerPixel()).isEqualTo(1.0);
      assertThat(h.file()).isEqualTo(file);
    }
  }

  @Test
  void everyJobGetsTheSameHandleAndOneLazilyLoadedNetwork() throws Exception {
    try (ModelStore store = new ModelStore(dir)) {
      TinyModels.save(dir, "tissue", 1.0);
      ModelHandle a = store.resolve("tissue");
      assertThat(a.isLoaded()).as("metadata only until a job runs").isFalse();
      ModelHandle b = store.resolve("tissue");
      assertThat(b).isSameAs(a);
      assertThat(a.model()).isSameAs(b.model());
      assertThat(a.isLoaded()).isTrue();
      assertThat(a.model().patchSize()).isEqualTo(64);
    }
  }

  @Test
  void aReplacedFileIsANewVersion() throws Exception {
    try (ModelStore store = new ModelStore(dir)) {
      Path file = TinyModels.save(dir, "tissue", 1.0, 64, 8, 1);
      ModelHandle first = store.resolve("tissue");
      TinyModels.save(dir, "tissue", 1.0, 64, 8, 2);
      Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
      ModelHandle second = store.resolve("tissue");
      assertThat(second).isNotSameAs(first);
      assertThat(second.version()).isNotEqualTo(first.version()).isEqualTo(PendingFile.sha256(file));
    }
  }

  @Test
  void unknownIdsAndUnusableFilesAreUnknownModels() throws Exception {
    try (ModelStore store = new ModelStore(dir.resolve("empty"))) {
      assertThatThrownBy(() -> store.resolve("tissue")).isInstanceOfSatisfying(JobRejectedException.class,
          e -> assertThat(e.reason()).isEqualTo(RejectionReason.UNKNOWN_MODEL))
          .hasMessageContaining("no model 'tissue'").hasMessageContaining("the store has no models");
    }
    try (ModelStore store = new ModelStore(dir)) {
      Files.write(dir.resolve("cut.model.zip"), new byte[] {'P', 'K', 3, 4, 0, 0});
      assertThatThrownBy(() -> store.resolve("cut")).isInstanceOf(JobRejectedException.class)
          .hasMessageContaining("model 'cut' cannot be used");
      assertThatThrownBy(() -> store.resolve("a/b")).isInstanceOf(JobRejectedException.class)
          .hasMessageContaining("not a model id");
      assertThatThrownBy(() -> store.resolve("")).isInstanceOf(JobRejectedException.class);
    }
  }

  @Test
  void aFileOutsideTheStoreOpensUnderItsOwnName() throws Exception {
    Path file = TinyModels.save(dir.resolve("elsewhere"), "experimental", 2.0);
    try (ModelStore store = new ModelStore(dir.resolve("store"))) {
      ModelHandle h = store.open(file);
      assertThat(h.id()).isEqualTo("experimental");
      assertThat(store.open(file)).isSameAs(h);
      Path renamed = Files.copy(file, dir.resolve("weights.zip"));
      assertThat(store.open(renamed).id()).as("the metadata's id when the name says nothing").isEqualTo("experimental");
    }
  }
}
