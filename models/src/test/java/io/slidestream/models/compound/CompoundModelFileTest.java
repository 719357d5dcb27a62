package io.slidestream.models.compound;

import io.slidestream.testdata.PendingFileChecks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.images.RgbRaster;
import io.slidestream.models.fixtures.SingleThreadedNd4j;
import io.slidestream.models.inference.PatchPrediction;
import io.slidestream.models.inference.SegmentationModel;
import io.slidestream.models.inference.SlideModel;
import io.slidestream.models.io.CorruptModelFileException;
import io.slidestream.models.io.IncompatibleModelFileException;
import io.slidestream.models.io.ModelFile;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SingleThreadedNd4j.class)
class CompoundModelFileTest {

  @TempDir Path dir;

  private static final CompoundModel MODEL = new CompoundModel(TinyCompound.first(2, 21), TinyCompound.second(1, 22));

  @Test
  void aCompoundFileRoundTripsAndLabelsAsTheModelInMemory() throws Exception {
    Path file = dir.resolve("c.model.zip");
    CompoundModelFile.save(file, MODEL);
    assertThat(CompoundModelFile.isCompound(file)).isTrue();
    // Tools that read metadata only see the labels' model: the second network at 2 µm/px.
    assertThat(ModelFile.readMetadata(file)).isEqualTo(MODEL.second().metadata());
    List<RgbRaster> fine = List.of(TinyCompound.noise(32, 8), TinyCompound.noise(32, 9));
    try (SlideModel loaded = SlideModels.load(file);
        CompoundSegmentationModel inMemory = CompoundSegmentationModel.of(MODEL)) {
      assertThat(loaded).isInstanceOf(CompoundSegmentationModel.class);
      assertThat(loaded.inputScale()).isEqualTo(2);
      CompoundModel back = ((CompoundSegmentationModel) loaded).model();
      assertThat(back.first().metadata()).isEqualTo(MODEL.first().metadata());
      assertThat(back.first().network().params()).isEqualTo(MODEL.first().network().params());
      assertThat(back.second().network().params()).isEqualTo(MODEL.second().network().params());
      List<PatchPrediction> a = loaded.predict(fine);
      List<PatchPrediction> b = inMemory.predict(fine);
      for (int i = 0; i < 2; i++) {
        assertThat(a.get(i).labels().data()).isEqualTo(b.get(i).labels().data());
        assertThat(a.get(i).meanProbabilities()).isEqualTo(b.get(i).meanProbabilities());
      }
    }
  }

  @Test
  void savingReplacesTheFileThroughAPendingFileAndLeavesNoScratchFiles() throws Exception {
    Path file = dir.resolve("c.model.zip");
    java.nio.file.Files.writeString(file, "an older model");
    PendingFileChecks.abandonedPart(file);
    CompoundModelFile.save(file, MODEL);
    PendingFileChecks.onlyFiles(dir, file);
    assertThat(CompoundModelFile.inspect(file).scale()).isEqualTo(2);
  }

  @Test
  void plainModelFilesStillOpenAsPlainModels() throws Exception {
    Path file = dir.resolve("plain.model.zip");
    ModelFile.save(file, MODEL.first());
    assertThat(CompoundModelFile.isCompound(file)).isFalse();
    try (SlideModel m = SlideModels.load(file)) {
      assertThat(m).isInstanceOf(SegmentationModel.class);
      assertThat(m.inputScale()).isEqualTo(1);
      assertThat(m.predict(List.of(TinyCompound.noise(32, 1))).get(0).labels().width()).isEqualTo(32);
    }
  }

  @Test
  void brokenCompoundFilesGiveTypedErrors() throws Exception {
    Path good = dir.resolve("good.model.zip");
    CompoundModelFile.save(good, MODEL);

    Path noFirst = rewrite(good, "no-first", name -> name.equals("first-model/network.dl4j") ? null : name, null);
    assertThatThrownBy(() -> SlideModels.load(noFirst)).isInstanceOf(CorruptModelFileException.class)
        .hasMessageContaining("first-model/network.dl4j");

    Path wrongScale = rewrite(good, "scale", Function.identity(), "{\"format\":1,\"scale\":3,\"inputs\":[\"red\","
        + "\"green\",\"blue\",\"first:Stroma\"],\"first-model\":\"first-model/\"}");
    assertThatThrownBy(() -> SlideModels.load(wrongScale)).isInstanceOf(IncompatibleModelFileException.class)
        .hasMessageContaining("scale 3");

    Path future = rewrite(good, "future", Function.identity(), "{\"format\":2}");
    assertThatThrownBy(() -> SlideModels.load(future)).isInstanceOf(IncompatibleModelFileException.class)
        .hasMessageContaining("compound format 2");

    Path garbled = rewrite(good, "garbled", Function.identity(), "{not json");
    assertThatThrownBy(() -> SlideModels.load(garbled)).isInstanceOf(CorruptModelFileException.class)
        .hasMessageContaining("not JSON");

    // The first network swapped for one with three classes: the second's four channels no longer fit.
    Path other = dir.resolve("other.model.zip");
    ModelFile.save(other, TinyCompound.first(3, 5));
    Path mismatched = dir.resolve("mismatched.model.zip");
    try (ZipFile in = new ZipFile(good.toFile()); ZipFile firstIn = new ZipFile(other.toFile());
        OutputStream os = Files.newOutputStream(mismatched); ZipOutputStream out = new ZipOutputStream(os)) {
      for (Enumeration<? extends ZipEntry> en = in.entries(); en.hasMoreElements(); ) {
        ZipEntry e = en.nextElement();
        if (!e.getName().startsWith(CompoundModelFile.FIRST_PREFIX)) {
          copy(in, e, e.getName(), out);
        }
      }
      for (Enumeration<? extends ZipEntry> en = firstIn.entries(); en.hasMoreElements(); ) {
        ZipEntry e = en.nextElement();
        copy(firstIn, e, CompoundModelFile.FIRST_PREFIX + e.getName(), out);
      }
    }
    assertThatThrownBy(() -> SlideModels.load(mismatched)).isInstanceOf(IncompatibleModelFileException.class)
        .hasMessageContaining("do not fit together");
  }

  @Test
  void inspectReadsAndChecksTheSpecWithoutTheNetworks() throws Exception {
    Path good = dir.resolve("good.model.zip");
    CompoundModelFile.save(good, MODEL);
    CompoundSpec spec = CompoundModelFile.inspect(good);
    assertThat(spec.first()).isEqualTo(MODEL.first().metadata());
    assertThat(spec.second()).isEqualTo(MODEL.second().metadata());
    assertThat(spec.scale()).isEqualTo(2);
    assertThat(spec.inputs()).isEqualTo(MODEL.inputNames()).containsExactly("red", "green", "blue", "first:Stroma");

    // A first network whose weights are missing: only the entry's absence can be seen without loading.
    Path noFirst = rewrite(good, "no-first", name -> name.equals("first-model/network.dl4j") ? null : name, null);
    assertThatThrownBy(() -> CompoundModelFile.inspect(noFirst)).isInstanceOf(CorruptModelFileException.class)
        .hasMessageContaining("first-model/network.dl4j");
    Path noFirstMeta = rewrite(good, "no-first-meta",
        name -> name.equals("first-model/slidestream-model.json") ? null : name, null);
    assertThatThrownBy(() -> CompoundModelFile.inspect(noFirstMeta)).isInstanceOf(CorruptModelFileException.class)
        .hasMessageContaining("first-model/slidestream-model.json");
    Path wrongInputs = rewrite(good, "inputs", Function.identity(), "{\"format\":1,\"scale\":2,\"inputs\":[\"red\","
        + "\"green\",\"blue\",\"first:Tumor\"],\"first-model\":\"first-model/\"}");
    assertThatThrownBy(() -> CompoundModelFile.inspect(wrongInputs)).isInstanceOf(IncompatibleModelFileException.class)
        .hasMessageContaining("first:Tumor");
    Path plain = dir.resolve("plain.model.zip");
    ModelFile.save(plain, MODEL.first());
    assertThatThrownBy(() -> CompoundModelFile.inspect(plain)).isInstanceOf(CorruptModelFileException.class)
        .hasMessageContaining("not a compound model file");
  }

  /** A copy of a zip with entries renamed or dropped (null) and, if given, another compound spec. */
  private Path rewrite(Path from, String name, Function<String, String> rename, String spec) throws Exception {
    Path to = dir.resolve(name + ".model.zip");
    try (ZipFile in = new ZipFile(from.toFile()); OutputStream os = Files.newOutputStream(to);
        ZipOutputStream out = new ZipOutputStream(os)) {
      for (Enumeration<? extends ZipEntry> en = in.entries(); en.hasMoreElements(); ) {
        ZipEntry e = en.nextElement();
        String n = rename.apply(e.getName());
        if (n == null) {
          continue;
        }
        if (spec != null && n.equals(CompoundModelFile.SPEC_ENTRY)) {
          out.putNextEntry(new ZipEntry(n));
          out.write(spec.getBytes(StandardCharsets.UTF_8));
          out.closeEntry();
        } else {
          copy(in, e, n, out);
        }
      }
    }
    return to;
  }

  private static void copy(ZipFile in, ZipEntry e, String name, ZipOutputStream out) throws Exception {
    out.putNextEntry(new ZipEntry(name));
    try (InputStream s = in.getInputStream(e)) {
      s.transferTo(out);
    }
    out.closeEntry();
  }
}
