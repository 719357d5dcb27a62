package io.slidestream.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.images.readers.SlideInfo;
import io.slidestream.images.readers.SlideReader;
import io.slidestream.images.readers.SlideReaders;
import io.slidestream.models.compound.CompoundModelFile;
import io.slidestream.models.runtime.Dl4jRuntime;
import io.slidestream.service.client.JobSubmitter;
import io.slidestream.service.fixtures.TestSlides;
import io.slidestream.service.fixtures.TinyModels;
import io.slidestream.service.fixtures.ZipEdits;
import io.slidestream.service.jobs.RejectionReason;
import io.slidestream.service.records.DeadLetter;
import io.slidestream.service.records.JobEvent;
import io.slidestream.service.records.JobRecord;
import io.slidestream.service.records.MaskRecord;
import io.slidestream.service.records.ServiceTopics;
import io.slidestream.service.records.TileRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service running a compound model end to end on the real embedded broker: a job naming a
 * compound model file in the store gets tile records on the second network's 2 µm/px grid and one
 * mask record whose files open, the mask TIFF at 2 µm/px; a job naming a compound file whose first
 * network is missing is refused up front with a dead letter, and the service carries on.
 */
class CompoundEndToEndTest {

  @TempDir static Path dir;
  static KafkaTestBed bed;

  @BeforeAll
  static void start() {
    Dl4jRuntime.initialise();
    bed = new KafkaTestBed(dir);
  }

  @AfterAll
  static void stop() {
    bed.close();
  }

  @Test
  void aCompoundModelJobIsLabelledOnTheSecondNetworksGridAndABrokenOneIsDeadLettered() throws Exception {
    Path work = dir.resolve("compound");
    Path models = work.resolve("models");
    Path good = TinyModels.saveCompound(models, "compound");
    ZipEdits.without(good, models.resolve("no-first.model.zip"), CompoundModelFile.FIRST_PREFIX + "network.dl4j");
    // 1000 x 760 px at 0.5 µm/px: 250 x 190 px at the second network's 2 µm/px.
    Path slide = TestSlides.synthetic(work.resolve("slides"), "synthetic", 1000, 760, 5);
    ServiceTopics topics = KafkaTestBed.topics("compound");
    Published out = new Published(bed, topics);
    JobRecord broken = JobRecord.of("job-broken", slide.toString(), "no-first");
    JobRecord job = JobRecord.of("job-compound", slide.toString(), "compound");

    try (SlidestreamService service = SlidestreamService.start(bed.config("compound", work, Map.of()))) {
      try (JobSubmitter submitter = new JobSubmitter(service.bootstrapServers(), topics.jobs())) {
        // Same slide, same key, same partition: the broken job goes first and must not block the good one.
        submitter.submit(broken);
        submitter.submit(job);
      }
      out.awaitMasks(Duration.ofSeconds(120), "job-compound");
    }

    List<DeadLetter> dead = out.deadLetters();
    assertThat(dead).singleElement().satisfies(d -> {
      assertThat(d.jobId()).isEqualTo("job-broken");
      assertThat(d.reason()).isEqualTo(RejectionReason.UNKNOWN_MODEL);
      assertThat(d.message()).contains("'no-first'").contains("first-model/network.dl4j");
    });
    assertThat(out.masks("job-broken")).isEmpty();
    assertThat(out.events("job-broken")).extracting(JobEvent::type).containsExactly(JobEvent.Type.FAILED);

    List<MaskRecord> masks = out.masks("job-compound");
    assertThat(masks).hasSize(1);
    MaskRecord mask = masks.get(0);
    assertThat(mask.modelId()).isEqualTo("compound");
    assertThat(mask.modelVersion()).matches("[0-9a-f]{64}");
    assertThat(mask.micronsPerPixel()).as("the labels' resolution: the second network's").isEqualTo(2.0);
    Map<String, Path> files = OutputChecks.verify(mask);
    assertThat(files).containsKeys("mask-tiff", "overview-png", "geojson", "areas-json");
    try (SlideReader maskTiff = SlideReaders.open(files.get("mask-tiff"), "tiff")) {
      SlideInfo info = maskTiff.info();
      assertThat(new int[] {(int) info.width(), (int) info.height()}).as("the mask at 2 µm/px")
          .containsExactly(250, 190);
    }

    // The grid at 2 µm/px: 250 x 190 px in 48 px cores (64 px patches less the 8 px halo) is 6 x 4 tiles.
    List<TileRecord> tiles = out.tiles("job-compound");
    assertThat(mask.tileCount()).isEqualTo(6 * 4);
    assertThat(tiles).extracting(TileRecord::tileIndex).as("one record per tile of the 2 µm/px grid")
        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 24).boxed().toList());
    assertThat(tiles).allSatisfy(t -> {
      assertThat(t.micronsPerPixel()).isEqualTo(2.0);
      assertThat(t.slideId()).isEqualTo(mask.slideId());
    });
    assertThat(tiles).as("some tiles went through the networks").anyMatch(TileRecord::inferred);
    assertThat(tiles.stream().filter(TileRecord::isLast).toList()).singleElement()
        .extracting(TileRecord::tileCount).isEqualTo(24);

    List<JobEvent> events = out.events("job-compound");
    assertThat(events.get(0).type()).isEqualTo(JobEvent.Type.ACCEPTED);
    assertThat(events.get(events.size() - 1).type()).isEqualTo(JobEvent.Type.FINISHED);
    assertThat(bed.committed("compound", topics.jobs()).values().stream().mapToLong(Long::longValue).sum())
        .as("both jobs' offsets committed").isEqualTo(2);
  }
}
