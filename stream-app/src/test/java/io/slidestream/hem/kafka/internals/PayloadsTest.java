package io.slidestream.hem.kafka.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slidestream.hem.kafka.HemTestMaps;
import io.slidestream.models.hem.ErrorMap;
import io.slidestream.models.hem.ErrorMapDelivery;
import io.slidestream.models.hem.ModelSnapshot;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PayloadsTest {

  @Test
  void snapshotsAndDeliveriesRoundTrip() {
    ModelSnapshot s = new ModelSnapshot("run-a", 7, ReassemblerTest.random(3000, 1), new double[] {0.5, Double.NaN});
    ModelSnapshot back = Payloads.snapshot(Payloads.snapshot(s));
    assertThat(back.runId()).isEqualTo("run-a");
    assertThat(back.cycle()).isEqualTo(7);
    assertThat(back.weights()).isEqualTo(s.weights());
    assertThat(back.slideErrors()).containsExactly(0.5, Double.NaN);

    ErrorMap map = HemTestMaps.map(2, "train-2:patient-17.svs", 9);
    ErrorMapDelivery d = new ErrorMapDelivery("run-a", 3, 1, map, 0.25, 1.5);
    ErrorMapDelivery dBack = Payloads.delivery(Payloads.delivery(d));
    assertThat(dBack.cycle()).isEqualTo(3);
    assertThat(dBack.worker()).isEqualTo(1);
    assertThat(dBack.idleSeconds()).isEqualTo(0.25);
    assertThat(dBack.computeSeconds()).isEqualTo(1.5);
    assertThat(dBack.map().toBytes()).isEqualTo(map.toBytes());
  }

  @Test
  void anOpaqueRegionIdKeepsTheDensityAndDropsTheFileName() {
    ErrorMap map = HemTestMaps.map(2, "train-2:patient-17.svs", 9);
    ErrorMap opaque = Payloads.withOpaqueRegionId(map);
    assertThat(opaque.regionId()).isEqualTo("region-2");
    assertThat(new String(opaque.toBytes(), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("patient");
    for (int i = 0; i < map.cells(); i++) {
      assertThat(opaque.probability(i)).isEqualTo(map.probability(i));
    }
    assertThat(opaque.sample(20, 5, 16, 16)).isEqualTo(map.sample(20, 5, 16, 16));
  }

  @Test
  void foreignOrTruncatedPayloadsAreRefusedWithAReason() {
    byte[] s = Payloads.snapshot(new ModelSnapshot("r", 0, new byte[100], new double[0]));
    assertThatThrownBy(() -> Payloads.snapshot(Arrays.copyOf(s, 50))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Payloads.delivery(s)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an error-map delivery");
  }

  @Test
  void aRunEndRoundTripsAndIsNotTakenForASnapshot() {
    byte[] end = Payloads.runEnd("run-a", 12);
    assertThat(Payloads.runEnd(end)).isEqualTo(new Payloads.RunEnd("run-a", 12));
    assertThatThrownBy(() -> Payloads.snapshot(end)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("magic");
    byte[] s = Payloads.snapshot(new ModelSnapshot("r", 0, new byte[10], new double[0]));
    assertThatThrownBy(() -> Payloads.runEnd(s)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a run end");
    assertThatThrownBy(() -> Payloads.runEnd(Arrays.copyOf(end, end.length - 3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
  }
}
