package io.slidestream.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.slidestream.models.runtime.Dl4jRuntime;
import io.slidestream.service.client.JobSubmitter;
import io.slidestream.service.fixtures.TestSlides;
import io.slidestream.service.fixtures.TinyModels;
import io.slidestream.service.records.JobEvent;
import io.slidestream.service.records.JobRecord;
import io.slidestream.service.records.MaskRecord;
import io.slidestream.service.records.ServiceTopics;
import io.slidestream.service.records.TileRecord;
import io.slidestream.testdata.SharedData;
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
 * The service end to end on the real embedded broker: jobs for the real SVS and a synthetic slide
 * go in; tile records, exactly one mask record per job, files that open, and events up to FINISHED
 * come out; the offsets of both jobs are committed.
 */
class EndToEndTest {

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
  void jobsForTheRealSvsAndASyntheticSlideEachEndInOneMaskRecordWithFilesThatOpen() throws Exception {
    Path work = dir.resolve("e2e");
    TinyModels.save(work.resolve("models"), "tiny", 2.0);
    Path synthetic = TestSlides.synthetic(work.resolve("slides"), "synthetic", 2048, 1536, 11);
    ServiceTopics topics = KafkaTestBed.topics("e2e");
    Published out = new Published(bed, topics);
    JobRecord svs = JobRecord.of("job-svs", SharedData.cmuSmallRegion().toString(), "tiny");
    JobRecord syn = JobRecord.of("job-synthetic", synthetic.toString(), "tiny");

    try (SlidestreamService service = SlidestreamService.start(bed.config("e2e", work, Map.of()))) {
      try (JobSubmitter submitter = new JobSubmitter(service.bootstrapServers(), topics.jobs())) {
        submitter.submit(svs);
        submitter.submit(syn);
      }
      out.awaitMasks(Duration.ofSeconds(120), "job-svs", "job-synthetic");
    }

    for (JobRecord job : List.of(svs, syn)) {
      List<MaskRecord> masks = out.masks(job.jobId());
      assertThat(masks).as("mask records of " + job.jobId()).hasSize(1);
      MaskRecord mask = masks.get(0);
      assertThat(mask.slideId()).as("opaque slide id").matches("[0-9a-f]{16}").isEqualTo(JobSubmitter.keyFor(job));
      assertThat(mask.modelId()).isEqualTo("tiny");
      assertThat(mask.modelVersion()).matches("[0-9a-f]{64}");
      assertThat(mask.timings().queuedMs()).as("time queued in the topic").isNotNull();
      Map<String, Path> files = OutputChecks.verify(mask);
      assertThat(files).containsKeys("mask-tiff", "overview-png", "geojson", "areas-json");

      List<TileRecord> tiles = out.tiles(job.jobId());
      assertThat(tiles).extracting(TileRecord::tileIndex).as("one record per tile of the grid")
          .containsExactlyInAnyOrderElementsOf(IntStream.range(0, mask.tileCount()).boxed().toList());
      assertThat(tiles.stream().filter(TileRecord::isLast).toList()).as("the last tile record says the count")
          .singleElement().extracting(TileRecord::tileCount).isEqualTo(mask.tileCount());
      assertThat(tiles).allSatisfy(t -> assertThat(t.slideId()).isEqualTo(mask.slideId()));

      List<JobEvent> events = out.events(job.jobId());
      assertThat(events.get(0).type()).isEqualTo(JobEvent.Type.ACCEPTED);
      assertThat(events.get(events.size() - 1).type()).isEqualTo(JobEvent.Type.FINISHED);
      assertThat(events.get(events.size() - 1).tilesDone()).isEqualTo(mask.tileCount());
      List<JobEvent> progress = events.stream().filter(e -> e.type() == JobEvent.Type.PROGRESS).toList();
      assertThat(progress).as("progress events").hasSizeGreaterThan(1);
      assertThat(progress).extracting(JobEvent::tilesDone).isSorted();
      assertThat(progress.get(progress.size() - 1).tilesDone()).isEqualTo(mask.tileCount());
      assertThat(events).noneMatch(e -> e.type() == JobEvent.Type.FAILED);
    }
    assertThat(out.deadLetters()).isEmpty();
    assertThat(bed.committed("e2e", topics.jobs()).values().stream().mapToLong(Long::longValue).sum())
        .as("both jobs' offsets committed").isEqualTo(2);
  }
}
