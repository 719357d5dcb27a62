package io.slidestream.service.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.models.compound.CompoundModelFile;
import io.slidestream.models.io.ModelFile;
import io.slidestream.service.fixtures.TestSlides;
import io.slidestream.service.fixtures.TinyModels;
import io.slidestream.service.fixtures.ZipEdits;
import io.slidestream.service.records.JobOptions;
import io.slidestream.service.records.JobRecord;
import io.slidestream.testdata.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobValidatorTest {

  @TempDir Path dir;

  Path root;
  Path slide;
  ModelStore models;
  JobValidator validator;

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(dir.resolve("slides"));
    slide = TestSlides.synthetic(root, "case-17", 2000, 1500, 3);
    models = new ModelStore(dir.resolve("models"));
    TinyModels.save(models.directory(), "tissue", 1.0);
    validator = new JobValidator(settings(), models);
  }

  JobSettings settings() {
    return new JobSettings(List.of(root, SharedData.cmuSmallRegion().getParent()), 100_000_000_000L, "",
        List.of("mask-tiff", "overview-png", "geojson", "areas-json"), 0, 2048);
  }

  JobRecord job(String uri) {
    return JobRecord.of("job-1", uri, "tissue");
  }

  AbstractThrowableAssert<?, ? extends Throwable> assertRejected(JobRecord record, RejectionReason reason) {
    return assertThatThrownBy(() -> validator.validate(record))
        .isInstanceOfSatisfying(JobRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void aSlideInsideTheRootIsAcceptedWithTheModelsDefaults() {
    SlideJob job = validator.validate(job(slide.toString()).withRequestedBy("lab-3"));
    assertThat(job.jobId()).isEqualTo("job-1");
    assertThat(job.slide()).isEqualTo(slide.toAbsolutePath());
    assertThat(job.model().id()).isEqualTo("tissue");
    assertThat(job.micronsPerPixel()).isEqualTo(1.0);
    assertThat(job.overlap()).as("the model's halo").isEqualTo(8);
    assertThat(job.tileSize()).as("patch 64 less twice the halo").isEqualTo(48);
    assertThat(job.patchSize()).isEqualTo(64);
    assertThat(job.outputs()).containsExactly("mask-tiff", "overview-png", "geojson", "areas-json");
    assertThat(job.requestedBy()).isEqualTo("lab-3");
  }

  @Test
  void optionsFromTheRecordWin() {
    SlideJob job = validator.validate(job("file://" + slide).withTargetMicronsPerPixel(2.0)
        .withOptions(new JobOptions(96, 16, List.of("areas-json", "mask-tiff"))));
    assertThat(job.micronsPerPixel()).isEqualTo(2.0);
    assertThat(job.tileSize()).isEqualTo(96);
    assertThat(job.overlap()).isEqualTo(16);
    assertThat(job.outputs()).containsExactly("areas-json", "mask-tiff");
  }

  @Test
  void theSlideIdIsOpaqueAndStableAndFollowsTheRealFile() throws Exception {
    String id = validator.validate(job(slide.toString())).slideId();
    assertThat(id).matches("[0-9a-f]{16}").doesNotContain("case");
    assertThat(validator.validate(JobRecord.of("other-job", slide.toString(), "tissue")).slideId()).isEqualTo(id);
    Path link = Files.createSymbolicLink(root.resolve("alias.synthetic.json"), slide);
    assertThat(validator.validate(job(link.toString())).slideId()).as("same real file, same id").isEqualTo(id);
    Path other = TestSlides.synthetic(root, "case-18", 2000, 1500, 3);
    assertThat(validator.validate(job(other.toString())).slideId()).as("same content, another file").isNotEqualTo(id);
  }

  @Test
  void theRealSvsIsAccepted() {
    SlideJob job = validator.validate(job(SharedData.cmuSmallRegion().toString()));
    assertThat(job.slideId()).matches("[0-9a-f]{16}");
  }

  @Test
  void pathsOutsideTheAllowedRootsAreRefused() {
    assertRejected(job("../../etc/passwd"), RejectionReason.PATH_NOT_ALLOWED).hasMessageContaining("absolute");
    assertRejected(job(root + "/../../etc/passwd"), RejectionReason.PATH_NOT_ALLOWED)
        .hasMessageContaining("outside the allowed slide directories");
    assertRejected(job("/etc/passwd"), RejectionReason.PATH_NOT_ALLOWED);
    assertRejected(job(root.toString()), RejectionReason.PATH_NOT_ALLOWED).as("the root itself is not a slide");
    assertRejected(job("https://example.org/slide.svs"), RejectionReason.PATH_NOT_ALLOWED)
        .hasMessageContaining("'https:'");
    assertRejected(job("slides/case-17.synthetic.json"), RejectionReason.PATH_NOT_ALLOWED);
  }

  @Test
  void aSymlinkInsideARootLeadingOutsideIsRefused() throws Exception {
    Path outside = TestSlides.synthetic(dir.resolve("elsewhere"), "secret", 1000, 1000, 1);
    Path link = Files.createSymbolicLink(root.resolve("innocent.synthetic.json"), outside);
    assertRejected(job(link.toString()), RejectionReason.PATH_NOT_ALLOWED).hasMessageContaining("symbolic link");
    Path dirLink = Files.createSymbolicLink(root.resolve("etc"), Path.of("/etc"));
    assertRejected(job(dirLink.resolve("passwd").toString()), RejectionReason.PATH_NOT_ALLOWED);
  }

  @Test
  void aMissingSlideIsNotFound() throws Exception {
    assertRejected(job(root.resolve("nope.svs").toString()), RejectionReason.SLIDE_NOT_FOUND)
        .hasMessage("no slide file at the given path");
    Files.createDirectories(root.resolve("folder.svs"));
    assertRejected(job(root.resolve("folder.svs").toString()), RejectionReason.SLIDE_NOT_FOUND);
  }

  @Test
  void brokenAndForeignFilesAreTyped() throws Exception {
    Path truncated = TestSlides.truncatedSvs(root);
    assertRejected(job(truncated.toString()), RejectionReason.SLIDE_CORRUPT)
        .hasMessageStartingWith("corrupt slide: ").hasMessageNotContaining(root.toString());
    Path garbage = Files.write(root.resolve("garbage.svs"), "not a slide at all, just text".repeat(40).getBytes());
    assertRejected(job(garbage.toString()), RejectionReason.SLIDE_UNSUPPORTED).hasMessageStartingWith("unsupported slide");
    Path notes = Files.writeString(root.resolve("notes.txt"), "hello");
    assertRejected(job(notes.toString()), RejectionReason.SLIDE_UNSUPPORTED);
    Path badSpec = Files.writeString(root.resolve("bad.synthetic.json"), "{\"width\": 10, ");
    assertRejected(job(badSpec.toString()), RejectionReason.SLIDE_CORRUPT);
  }

  @Test
  void absurdClaimedSizesAreTooLarge() throws Exception {
    Path huge = TestSlides.claimingTiff(root.resolve("huge.tif"), 10_000_000);
    assertRejected(job(huge.toString()), RejectionReason.SLIDE_TOO_LARGE).hasMessageContaining("10000000x10000000");
    validator = new JobValidator(settings().withMaxSlidePixels(1_000_000), models);
    assertRejected(job(slide.toString()), RejectionReason.SLIDE_TOO_LARGE)
        .hasMessageContaining("2000 × 1500").hasMessageContaining("max-slide-pixels");
  }

  @Test
  void unknownOrUnusableModelsAreRefused() throws Exception {
    assertRejected(JobRecord.of("j", slide.toString(), "nuclei"), RejectionReason.UNKNOWN_MODEL)
        .hasMessageContaining("no model 'nuclei'").hasMessageContaining("known: tissue");
    assertRejected(JobRecord.of("j", slide.toString(), "../models/tissue"), RejectionReason.UNKNOWN_MODEL)
        .hasMessageContaining("not a model id");
    assertRejected(JobRecord.of("j", slide.toString(), null), RejectionReason.UNKNOWN_MODEL)
        .hasMessageContaining("no default model");
    Files.writeString(models.directory().resolve("broken.model.zip"), "not a zip");
    assertRejected(JobRecord.of("j", slide.toString(), "broken"), RejectionReason.UNKNOWN_MODEL)
        .hasMessageContaining("cannot be used");
    validator = new JobValidator(settings().withDefaultModel("tissue"), models);
    assertThat(validator.validate(JobRecord.of("j", slide.toString(), null)).model().id()).isEqualTo("tissue");
  }

  @Test
  void aCompoundModelIsAcceptedWithItsSecondNetworksLabelsAndItsFirstNetworksReads() throws Exception {
    TinyModels.saveCompound(models.directory(), "compound");
    SlideJob job = validator.validate(JobRecord.of("j", slide.toString(), "compound"));
    assertThat(job.micronsPerPixel()).as("the labels' resolution").isEqualTo(2.0);
    assertThat(job.tileSize()).isEqualTo(48);
    assertThat(job.model().inputScale()).isEqualTo(2);
    assertThat(job.model().inputMetadata().micronsPerPixel()).as("the first network reads").isEqualTo(1.0);
    assertThat(job.model().isLoaded()).as("validation loads no network").isFalse();
  }

  @Test
  void brokenCompoundFilesAreUnknownModelsBeforeAnyWork() throws Exception {
    Path good = TinyModels.saveCompound(dir.resolve("elsewhere"), "compound");
    Path store = models.directory();
    String spec = CompoundModelFile.SPEC_ENTRY;
    String first = CompoundModelFile.FIRST_PREFIX;
    ZipEdits.without(good, store.resolve("no-first-net.model.zip"), first + ModelFile.NETWORK_ENTRY);
    ZipEdits.without(good, store.resolve("no-first-meta.model.zip"), first + ModelFile.METADATA_ENTRY);
    ZipEdits.replacing(good, store.resolve("garbled.model.zip"), spec, "{not json");
    ZipEdits.replacing(good, store.resolve("scale.model.zip"), spec, "{\"format\":1,\"scale\":3,\"inputs\":[\"red\","
        + "\"green\",\"blue\",\"first:Tumor\"],\"first-model\":\"first-model/\"}");
    ZipEdits.replacing(good, store.resolve("inputs.model.zip"), spec, "{\"format\":1,\"scale\":2,\"inputs\":[\"red\","
        + "\"green\",\"blue\",\"first:Stroma\"],\"first-model\":\"first-model/\"}");
    ZipEdits.replacing(good, store.resolve("future.model.zip"), spec, "{\"format\":2}");
    // A first network's metadata that no longer fits the second: three classes, where the second
    // takes one extra channel.
    String threeClasses = ZipEdits.text(TinyModels.save(dir, "three", 1.0), ModelFile.METADATA_ENTRY);
    ZipEdits.replacing(good, store.resolve("misfit.model.zip"), first + ModelFile.METADATA_ENTRY, threeClasses);

    Map<String, String> expected = Map.of(
        "no-first-net", "first-model/network.dl4j",
        "no-first-meta", "first-model/slidestream-model.json",
        "garbled", "not JSON",
        "scale", "scale 3",
        "inputs", "first:Stroma",
        "future", "compound format 2",
        "misfit", "do not fit together");
    expected.forEach((id, why) -> assertRejected(JobRecord.of("j", slide.toString(), id), RejectionReason.UNKNOWN_MODEL)
        .as(id).hasMessageContaining("model '" + id + "' cannot be used").hasMessageContaining(why));
  }

  @Test
  void theFinerThanTheSlideLimitAppliesToWhereACompoundModelReads() throws Exception {
    TinyModels.saveCompound(models.directory(), "compound");
    // The slide is at 0.5 µm/px. Labels at 0.2 µm/px are 2.5× finer: a plain model may do that ...
    assertThat(validator.validate(job(slide.toString()).withTargetMicronsPerPixel(0.2)).micronsPerPixel())
        .isEqualTo(0.2);
    // ... but a compound model reads 2× finer still, at 0.1 µm/px: 5× finer than the slide.
    assertRejected(JobRecord.of("j", slide.toString(), "compound").withTargetMicronsPerPixel(0.2),
        RejectionReason.INVALID_OPTIONS).hasMessageContaining("reads the slide at 0.1 µm/px")
        .hasMessageContaining("more than 4× finer than the slide's 0.5 µm/px");
    // Read at 0.125 µm/px it is exactly 4× finer, still allowed.
    assertThat(validator.validate(JobRecord.of("j", slide.toString(), "compound").withTargetMicronsPerPixel(0.25))
        .micronsPerPixel()).isEqualTo(0.25);
  }

  @Test
  void aCompoundModelsPatchMustSuitItsFirstNetworkReadFiner() throws Exception {
    // A first network of 5 levels takes sides that are multiples of 16; the second, of 2 levels, even ones.
    TinyModels.saveCompound(models.directory(), "deep-first", TinyModels.compound("deep-first", 5));
    JobRecord record = JobRecord.of("j", slide.toString(), "deep-first");
    assertThat(validator.validate(record.withOptions(new JobOptions(48, 8, null))).patchSize()).isEqualTo(64);
    // 48 + 2 × 3 = 54 suits the second network, but read 2× finer 108 px does not suit the first.
    assertRejected(record.withOptions(new JobOptions(48, 3, null)), RejectionReason.INVALID_OPTIONS)
        .hasMessageContaining("108 px").hasMessageContaining("first network of compound model deep-first")
        .hasMessageContaining("multiple of 16");
  }

  @Test
  void invalidOptionsAreRefusedWithWhatToFix() {
    assertRejected(job(slide.toString()).withOptions(new JobOptions(50, null, null)), RejectionReason.INVALID_OPTIONS)
        .hasMessageContaining("tileSize must be a multiple of 16");
    assertRejected(job(slide.toString()).withOptions(new JobOptions(4096, null, null)), RejectionReason.INVALID_OPTIONS)
        .hasMessageContaining("to 2048");
    assertRejected(job(slide.toString()).withOptions(new JobOptions(64, -1, null)), RejectionReason.INVALID_OPTIONS)
        .hasMessageContaining("overlap");
    assertRejected(job(slide.toString()).withOptions(new JobOptions(null, null, List.of("pdf"))),
        RejectionReason.INVALID_OPTIONS).hasMessageContaining("unknown output 'pdf'").hasMessageContaining("mask-tiff");
    assertRejected(job(slide.toString()).withOptions(new JobOptions(null, null, List.of("geojson", "geojson"))),
        RejectionReason.INVALID_OPTIONS).hasMessageContaining("twice");
    assertRejected(job(slide.toString()).withOptions(new JobOptions(null, null, List.of())),
        RejectionReason.INVALID_OPTIONS).hasMessageContaining("at least one");
    assertRejected(job(slide.toString()).withTargetMicronsPerPixel(-1.0), RejectionReason.INVALID_OPTIONS);
    assertRejected(job(slide.toString()).withTargetMicronsPerPixel(0.05), RejectionReason.INVALID_OPTIONS)
        .hasMessageContaining("finer");
  }

  @Test
  void aJobIdThatCannotNameADirectoryIsMalformed() {
    assertRejected(JobRecord.of("../../tmp/x", slide.toString(), "tissue"), RejectionReason.MALFORMED_RECORD)
        .hasMessageContaining("cannot name an output directory");
    assertRejected(JobRecord.of(".hidden", slide.toString(), "tissue"), RejectionReason.MALFORMED_RECORD);
  }
}
