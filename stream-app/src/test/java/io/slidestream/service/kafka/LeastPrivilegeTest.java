package io.slidestream.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import io.slidestream.dashboard.Dashboard;
import io.slidestream.dashboard.DashboardSettings;
import io.slidestream.dashboard.FleetState;
import io.slidestream.kafka.security.KafkaConnection;
import io.slidestream.kafka.security.KafkaRole;
import io.slidestream.kafka.security.MissingPermissionException;
import io.slidestream.kafka.security.RolePermission;
import io.slidestream.kafka.topics.TopicCatalog;
import io.slidestream.kafka.topics.TopicProvisioner;
import io.slidestream.models.runtime.Dl4jRuntime;
import io.slidestream.ops.http.OperatedService;
import io.slidestream.service.client.JobFollower;
import io.slidestream.service.client.JobSubmitter;
import io.slidestream.service.fixtures.CliProcess;
import io.slidestream.service.fixtures.LogCapture;
import io.slidestream.service.fixtures.TestSlides;
import io.slidestream.service.fixtures.TinyModels;
import io.slidestream.service.records.JobRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclOperation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker with KRaft's StandardAuthorizer and exactly the ACLs of {@link KafkaRole} (the README's
 * list): the service and a submitter each work with exactly them, and a service whose principal
 * lacks one refuses to start with one line naming it.
 */
class LeastPrivilegeTest {

  @TempDir static Path dir;
  static SecuredBroker secured;
  static LogCapture log;
  static KafkaTestBed bed;
  static Config base;
  static TopicCatalog catalog;

  @BeforeAll
  static void start() throws Exception {
    Dl4jRuntime.initialise();
    log = new LogCapture();
    secured = new SecuredBroker(dir, List.of("service", "submitter", "service-short", "dashboard"), true, false);
    bed = secured.bed;
    base = bed.config("acl", dir.resolve("work"), Map.of());
    catalog = TopicCatalog.fromConfig(base.getConfig("slidestream.topics"));
    try (Admin admin = bed.admin()) {
      // As an administrator would: the topics first, then each role's ACLs, nothing more.
      new TopicProvisioner(admin, Duration.ofSeconds(30)).ensure(catalog.all());
      grant(admin, KafkaRole.SERVICE, "User:service", List.of());
      grant(admin, KafkaRole.SUBMITTER, "User:submitter", List.of());
      grant(admin, KafkaRole.DASHBOARD, "User:dashboard", List.of());
      grant(admin, KafkaRole.SERVICE, "User:service-short",
          List.of(new RolePermission(org.apache.kafka.common.resource.ResourceType.TOPIC, "acl.events",
              AclOperation.WRITE)));
    }
  }

  static void grant(Admin admin, KafkaRole role, String principal, List<RolePermission> except) throws Exception {
    admin.createAcls(role.permissions(catalog, "acl").stream().filter(p -> !except.contains(p))
        .map(p -> p.binding(principal)).toList()).all().get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    if (secured != null) {
      secured.close();
    }
    log.close();
  }

  @Test
  void theServiceASubmitterAndTheDashboardWorkWithExactlyTheirRolesAcls() throws Exception {
    Path work = dir.resolve("work");
    TinyModels.save(work.resolve("models"), "tiny", 2.0);
    Path slide = TestSlides.synthetic(work.resolve("slides"), "synthetic", 1024, 768, 7);
    JobRecord job = JobRecord.of("job-acl", slide.toString(), "tiny");
    Map<String, Object> keys = new HashMap<>(secured.configKeys("service"));
    keys.put("slidestream.http.lag-interval", "1s");
    // serve's own dashboard would read with the service's login, which has only the service role.
    keys.put("slidestream.http.dashboard", false);
    Config serviceConfig = bed.config("acl", work, keys);
    try (OperatedService ops = OperatedService.start(serviceConfig);
         Dashboard dashboard = Dashboard.start(DashboardSettings.fromConfig(serviceConfig),
             secured.connection("dashboard"))) {
      SlidestreamService service = ops.service();
      KafkaConnection submitter = secured.connection("submitter");
      try (JobFollower follower = JobFollower.open(submitter, service.topics());
           JobSubmitter jobs = new JobSubmitter(submitter, service.topics().jobs())) {
        jobs.submit(job);
        assertThat(follower.follow(job.jobId(), Duration.ofSeconds(120), e -> {}))
            .isInstanceOf(JobFollower.Result.Finished.class);
      }
      // The readiness checks and the lag samples need no ACL beyond the service role's.
      String base = "http://" + ops.httpHostPort().orElseThrow();
      OpsHttp.await(base + "/health/ready", null, Duration.ofSeconds(30), r -> r.status() == 200);
      OpsHttp.await(base + "/metrics", null, Duration.ofSeconds(30),
          r -> OpsHttp.all(OpsHttp.samples(r.body()), "slidestream_consumer_lag_records").size() == 2);
      // The dashboard reads the outputs, the status and the lag with its role's ACLs alone.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      FleetState.Snapshot view = dashboard.state().snapshot();
      while (System.nanoTime() < deadline && !(view.slides().size() == 1 && !view.fleet().isEmpty()
          && view.lag().at() != null && view.lag().error() == null && view.lag().partitions().stream()
              .anyMatch(p -> p.committed() != null))) {
        Thread.sleep(200);
        view = dashboard.state().snapshot();
      }
      assertThat(view.slides()).as("finished slides").extracting(FleetState.SlideView::jobId).containsExactly("job-acl");
      assertThat(view.fleet()).as("instances").extracting(FleetState.InstanceView::instanceId)
          .containsExactly(service.instanceId());
      assertThat(view.lag().error()).as("the lag, read with DESCRIBE on the topic and group").isNull();
      assertThat(view.lag().partitions()).hasSize(2).anySatisfy(p -> assertThat(p.committed()).isEqualTo(1L));
      assertThat(view.unreadable()).isEmpty();
    }
    String text = log.text();
    secured.allSecrets().forEach(secret -> assertThat(text).as("a password").doesNotContain(secret.reveal()));
  }

  @Test
  void aServiceLackingOneAclRefusesToStartWithOneLineNamingIt() {
    Path work = dir.resolve("short");
    long t = System.nanoTime();
    assertThatThrownBy(() -> SlidestreamService.start(bed.config("acl", work, secured.configKeys("service-short"))).close())
        .isInstanceOf(MissingPermissionException.class)
        .hasMessageStartingWith("User:service-short lacks WRITE on topic acl.events, which the service role needs")
        .hasMessageNotContaining("\n")
        .hasNoCause();
    assertThat(Duration.ofNanos(System.nanoTime() - t)).as("refused, not hung").isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void serveLackingOneAclExitsWith77AndOneLine() throws Exception {
    Path work = dir.resolve("short-process");
    try (CliProcess serve = CliProcess.start(Files.createDirectories(work), "serve",
        bed.overrides("acl", work, secured.configKeys("service-short")), true, "serve")) {
      assertThat(serve.waitFor(90)).as("exit status (EX_NOPERM); log:\n" + serve.logTail()).isEqualTo(77);
      List<String> lines = serve.log().lines().toList();
      assertThat(lines.stream().filter(l -> l.startsWith("slidestream serve: ")))
          .as("the refusal, on one line").singleElement().asString()
          .startsWith("slidestream serve: User:service-short lacks WRITE on topic acl.events, which the service role"
              + " needs");
      assertThat(lines).as("no stack trace").noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by:")
          || l.contains("Exception in thread"));
    }
  }
}
