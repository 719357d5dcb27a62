package io.slidestream.kafka.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerAddressFileTest {

  @TempDir Path dir;

  @Test
  void writesReadsAndRemovesOnlyItsOwnAddress() {
    BrokerAddressFile f = new BrokerAddressFile(dir.resolve("sub/kafka.address"));
    assertThat(f.read()).isEmpty();
    f.write("127.0.0.1:4242");
    assertThat(f.read()).contains("127.0.0.1:4242");
    f.deleteIfNames("127.0.0.1:9999");
    assertThat(f.read()).as("another service's address stays").contains("127.0.0.1:4242");
    f.deleteIfNames("127.0.0.1:4242");
    assertThat(f.read()).isEmpty();
    assertThat(f.file()).doesNotExist();
  }
}
