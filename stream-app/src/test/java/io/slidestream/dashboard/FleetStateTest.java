package io.slidestream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.slidestream.service.jobs.RejectionReason;
import io.slidestream.service.records.DeadLetter;
import io.slidestream.service.records.InstanceStatus;
import io.slidestream.service.records.JobEvent;
import io.slidestream.service.records.RecordCodec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the dashboard makes of the records it reads, at chosen moments. */
class FleetStateTest {

  static final Instant T0 = Instant.parse("2026-11-23T04:00:10Z");

  /** A clock the test moves. */
  static final class TestClock extends Clock {
    Instant now = T0;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  final TestClock clock = new TestClock();
  final FleetState state = new FleetState(new DashboardSettings("127.0.0.1", 0, Optional.empty(), Duration.ofHours(24),
      3, Duration.ofSeconds(1), Duration.ofSeconds(5), 12, 50,
      new DashboardTopics("j", "e", "m", "d", "t", "s"), "g", Path.of("/nonexistent")), clock);

  static InstanceStatus status(String id, InstanceStatus.State state, boolean ready, Instant heartbeat,
      List<Integer> partitions) {
    return new InstanceStatus(id, state, ready, "1.0", "g", partitions, 1, 2, List.of("job-1"), 100, 200, T0, heartbeat,
        1000);
  }

  FleetState.InstanceView view(String id) {
    return state.snapshot().fleet().stream().filter(i -> i.instanceId().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void anInstanceIsGoneOnceItsHeartbeatIsOlderThanGoneAfterIntervalsAndStoppedAfterItsCleanStop() {
    state.onStatus("a", status("a", InstanceStatus.State.RUNNING, true, T0, List.of(0, 1)));
    clock.now = T0.plusMillis(3000);
    assertThat(view("a").status()).isEqualTo("running");
    assertThat(view("a").ready()).isTrue();
    assertThat(view("a").partitions()).containsExactly(0, 1);
    clock.now = T0.plusMillis(3001);
    FleetState.InstanceView gone = view("a");
    assertThat(gone.status()).isEqualTo("gone");
    assertThat(gone.alive()).isFalse();
    assertThat(gone.ready()).isFalse();
    assertThat(gone.partitions()).as("a gone instance owns nothing it can run").isEmpty();

    // An older record read after a newer one (a restart reads the compacted topic back) changes nothing.
    state.onStatus("a", status("a", InstanceStatus.State.RUNNING, true, T0.plusMillis(3000), List.of(0, 1)));
    state.onStatus("a", status("a", InstanceStatus.State.RUNNING, true, T0.plusMillis(1000), List.of(0)));
    assertThat(view("a").status()).isEqualTo("running");
    assertThat(view("a").partitions()).containsExactly(0, 1);

    state.onStatus("a", status("a", InstanceStatus.State.STOPPING, false, T0.plusMillis(3500), List.of(0, 1)));
    assertThat(view("a").status()).isEqualTo("draining");
    assertThat(view("a").ready()).isFalse();
    state.onStatus("a", status("a", InstanceStatus.State.STOPPED, false, T0.plusMillis(3900), List.of()));
    clock.now = T0.plusSeconds(3600);
    assertThat(view("a").status()).as("stopped stays stopped, however old").isEqualTo("stopped");
    clock.now = T0.plus(Duration.ofHours(25));
    assertThat(state.snapshot().fleet()).as("last seen before the window: no longer listed").isEmpty();
    state.onStatus("a", null);
    clock.now = T0;
    assertThat(state.snapshot().fleet()).as("a tombstone forgets it").isEmpty();
  }

  @Test
  void aJobInFlightHasItsStageTilesAndAnEtaFromItsRateAndLeavesWhenItEnds() {
    state.onStatus("a", status("a", InstanceStatus.State.RUNNING, true, T0, List.of(0)));
    state.onEvent(JobEvent.accepted("job-1", "0123456789abcdef", T0));
    state.onEvent(JobEvent.progress("job-1", "0123456789abcdef", 0, 100, T0.plusMillis(500)));
    state.onEvent(JobEvent.progress("job-1", "0123456789abcdef", 20, 100, T0.plusMillis(1500)));
    state.onEvent(JobEvent.progress("job-1", "0123456789abcdef", 40, 100, T0.plusMillis(2500)));
    clock.now = T0.plusMillis(2600);
    FleetState.JobView job = state.snapshot().jobs().get(0);
    assertThat(job.stage()).isEqualTo("running");
    assertThat(job.tilesDone()).isEqualTo(40);
    assertThat(job.tilesTotal()).isEqualTo(100);
    assertThat(job.elapsedMs()).isEqualTo(2600);
    // 40 tiles in 2 s: 60 more take 3 s from the last report, 0.1 s of which have passed.
    assertThat(job.etaMs()).isEqualTo(2900);
    assertThat(job.instance()).as("the instance whose status lists it").isEqualTo("a");

    state.onEvent(JobEvent.progress("job-1", "0123456789abcdef", 100, 100, T0.plusMillis(4000)));
    assertThat(state.snapshot().jobs().get(0).stage()).isEqualTo("writing");
    state.onEvent(JobEvent.finished("job-1", "0123456789abcdef", 100, T0.plusMillis(4500)));
    state.onEvent(JobEvent.failed("job-2", null, "SLIDE_NOT_FOUND", "no slide file at the given path",
        T0.plusMillis(4600)));
    clock.now = T0.plusMillis(5000);
    FleetState.Snapshot s = state.snapshot();
    assertThat(s.jobs()).isEmpty();
    assertThat(s.outcomes().totalFinished()).isEqualTo(1);
    assertThat(s.outcomes().totalFailed()).isEqualTo(1);
    long[] perMinute = s.throughput().jobsPerMinute();
    assertThat(perMinute[perMinute.length - 1]).isEqualTo(1);
    double[] tiles = s.throughput().tilesPerSecond();
    // 100 tiles in the current minute, of which 15 s have passed (T0 is 10 s past the minute).
    assertThat(tiles[tiles.length - 1]).isEqualTo(100 / 15.0);
  }

  @Test
  void deadLettersKeepTheirReasonMessageAndTimeButNeverTheOriginalRecord() throws Exception {
    String original = "{\"schema\":\"slidestream.job/1\",\"jobId\":\"job-9\",\"slideUri\":\"/slides/WARD7-DOE/MRN1.svs\"}";
    state.onDeadLetter(RecordCodec.shared().decode(RecordCodec.shared().toJson(new DeadLetter(
        RejectionReason.SLIDE_NOT_FOUND, "no slide file at the given path", "job-9", original, "jobs", 0, 7L,
        T0)), DeadLetter.class));
    state.onDeadLetter(new DeadLetter(RejectionReason.MALFORMED_RECORD, "not valid JSON", null, "{{", "jobs", 0, 8L,
        T0.plusSeconds(1)));
    clock.now = T0.plusSeconds(2);
    FleetState.Snapshot s = state.snapshot();
    assertThat(s.deadLetters().byReason()).containsEntry("SLIDE_NOT_FOUND", 1L).containsEntry("MALFORMED_RECORD", 1L);
    assertThat(s.deadLetters().recent()).extracting(FleetState.DeadLetterView::reason).as("newest first")
        .containsExactly("MALFORMED_RECORD", "SLIDE_NOT_FOUND");
    assertThat(s.outcomes().totalDeadLettered()).isEqualTo(2);
    String json = new ObjectMapper().writeValueAsString(s);
    assertThat(json).contains("no slide file at the given path").doesNotContain("WARD7").doesNotContain("MRN1")
        .doesNotContain("slideUri");
  }
}
