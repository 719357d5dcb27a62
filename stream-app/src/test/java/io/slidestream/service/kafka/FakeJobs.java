package io.slidestream.service.kafka;

import io.slidestream.images.LabelClass;
import io.slidestream.models.io.ModelMetadata;
import io.slidestream.models.unet.UNetConfig;
import io.slidestream.service.jobs.ModelHandle;
import io.slidestream.service.jobs.SlideJob;
import io.slidestream.service.pipeline.SlideJobRunner;
import io.slidestream.service.records.JobEvent;
import io.slidestream.service.records.JobOutput;
import io.slidestream.service.records.JobRecord;
import io.slidestream.service.records.JobTimings;
import io.slidestream.service.records.MaskRecord;
import io.slidestream.service.records.OutputFile;
import io.slidestream.service.records.RecordCodec;
import io.slidestream.service.records.ServiceTopics;
import io.slidestream.service.records.TileRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/** Jobs, records and a scripted runner for the broker-free tests of the consumer graph. */
final class FakeJobs {

  static final String TOPIC = "slidestream.jobs";
  static final ServiceTopics TOPICS = new ServiceTopics(TOPIC, "t.tiles", "t.masks", "t.events", "t.dead");

  private FakeJobs() {}

  static final ModelHandle MODEL = new ModelHandle("tiny", "ab".repeat(32), Path.of("tiny.model.zip"),
      ModelMetadata.builder("tiny",
          UNetConfig.builder().levels(2).filters(4).patchSize(32).inputChannels(3).classes(2).build(),
          List.of(new LabelClass(0, "Glass", 0xffffff), new LabelClass(1, "Tissue", 0xc80000))).build());

  /** The slide id a fake job for {@code jobId} gets. */
  static String slideId(String jobId) {
    return ("s-" + jobId + "-0000000000000000").substring(0, 16);
  }

  static SlideJob job(JobRecord r) {
    return new SlideJob(r.jobId(), slideId(r.jobId()), Path.of(r.slideUri()), MODEL, 2.0, 64, 8,
        List.of("mask-tiff"), r.requestedBy());
  }

  static String json(String jobId) {
    return RecordCodec.shared().toJson(JobRecord.of(jobId, "/slides/" + jobId + ".svs", "tiny"));
  }

  static ConsumerRecord<String, byte[]> record(long offset, String key, String value) {
    return record(offset, key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  static ConsumerRecord<String, byte[]> record(long offset, String key, byte[] value) {
    return new ConsumerRecord<>(TOPIC, 0, offset, key, value);
  }

  static TileRecord tile(String jobId, int index, Integer count) {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("Glass", 10L + index);
    counts.put("Tissue", 20L);
    return new TileRecord(jobId, slideId(jobId), index, count, index, 0, 64L * index, 0, 64, 64, 2.0, true, counts,
        Map.of("Glass", 0.3, "Tissue", 0.7), null);
  }

  static MaskRecord mask(String jobId, int tiles) {
    return new MaskRecord(jobId, slideId(jobId),
        List.of(new OutputFile("mask-tiff", "file:///out/" + jobId + "/x.mask.tif", "cd".repeat(32), 99)),
        Map.of("Glass", 1.0, "Tissue", 2.0), tiles, 2.0, new JobTimings(null, 12, 3L, 4L), "tiny", MODEL.version());
  }

  /** What a healthy runner emits for a job of {@code tiles} tiles. */
  static List<JobOutput> outputs(SlideJob job, int tiles) {
    List<JobOutput> out = new ArrayList<>();
    for (int i = 0; i < tiles; i++) {
      out.add(tile(job.jobId(), i, i == tiles - 1 ? tiles : null));
      out.add(JobEvent.progress(job.jobId(), job.slideId(), i + 1, tiles, Instant.EPOCH));
    }
    out.add(mask(job.jobId(), tiles));
    return out;
  }

  /** A runner whose sources the test decides, job by job. */
  static SlideJobRunner runner(Function<SlideJob, Source<JobOutput, NotUsed>> script) {
    return new SlideJobRunner() {
      @Override
      public Source<JobOutput, NotUsed> run(SlideJob job) {
        return script.apply(job);
      }

      @Override
      public void close() {}
    };
  }
}
