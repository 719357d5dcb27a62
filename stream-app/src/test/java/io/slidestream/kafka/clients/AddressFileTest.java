package io.slidestream.kafka.clients;

import io.slidestream.testdata.PendingFileChecks;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddressFileTest {

  @TempDir Path dir;

  @Test
  void writesReadsAndRemovesOnlyItsOwnAddress() {
    AddressFile f = new AddressFile(dir.resolve("sub/kafka.address"));
    assertThat(f.read()).isEmpty();
    f.write("127.0.0.1:4242");
    assertThat(f.read()).contains("127.0.0.1:4242");
    f.deleteIfNames("127.0.0.1:9999");
    assertThat(f.read()).as("another service's address stays").contains("127.0.0.1:4242");
    f.deleteIfNames("127.0.0.1:4242");
    assertThat(f.read()).isEmpty();
    assertThat(f.file()).doesNotExist();
  }

  @Test
  void theAddressIsWrittenThroughAPendingFile() throws Exception {
    Path file = dir.resolve("kafka.address");
    java.nio.file.Files.writeString(file, "127.0.0.1:1\n");
    PendingFileChecks.abandonedPart(file);
    new AddressFile(file).write("127.0.0.1:4242");
    PendingFileChecks.onlyFiles(dir, file);
    assertThat(file).hasContent("127.0.0.1:4242");
  }
}
