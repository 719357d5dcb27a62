package io.slidestream.service.kafka;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.slidestream.config.SlidestreamConfig;
import io.slidestream.kafka.broker.BrokerSettings;
import io.slidestream.kafka.broker.EmbeddedKafkaBroker;
import io.slidestream.kafka.clients.AddressFile;
import io.slidestream.kafka.clients.ClientBootstrap;
import io.slidestream.kafka.clients.KafkaClientSettings;
import io.slidestream.kafka.clients.KafkaRecordPublisher;
import io.slidestream.kafka.security.KafkaConnection;
import io.slidestream.kafka.security.KafkaRole;
import io.slidestream.kafka.security.MissingPermissionException;
import io.slidestream.kafka.security.PermissionCheck;
import io.slidestream.kafka.topics.TopicCatalog;
import io.slidestream.kafka.topics.TopicProvisioner;
import io.slidestream.service.pipeline.ServiceComponents;
import io.slidestream.service.records.RecordCodec;
import io.slidestream.service.records.ServiceTopics;
import io.slidestream.service.status.InFlightJobs;
import io.slidestream.service.status.StatusPublisher;
import io.slidestream.service.status.StatusSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.kafka.CommitterSettings;
import org.apache.pekko.kafka.ConsumerSettings;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SharedKillSwitch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running service: consumes slide jobs, runs them and publishes their tiles, masks, events
 * and dead letters. {@link #start} connects to the configured brokers, or with none configured
 * starts the embedded broker; creates the topics that are missing; and starts the consumer graph.
 *
 * <p>Shutdown is Pekko's coordinated shutdown, run by {@link #shutdown()}, by a failure of the
 * graph, or by the JVM's shutdown hook on SIGTERM: stop taking jobs and let the slides in flight
 * finish for up to {@code slidestream.serve.drain-timeout} (abandoning the rest, uncommitted), commit
 * what finished, close the consumer, flush and close the producer, stop the runner, stop the
 * embedded broker last.
 */
public final class SlidestreamService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SlidestreamService.class);

  /** The reason the service shuts itself down when its graph fails. */
  public static final CoordinatedShutdown.Reason GRAPH_FAILED = new CoordinatedShutdown.Reason() {
    @Override
    public String toString() {
      return "consumer graph failed";
    }
  };

  private final ActorSystem system;
  private final KafkaConnection connection;
  private final ServiceTopics topics;
  private final JobConsumer consumer;
  private final EmbeddedKafkaBroker broker;
  private final StatusPublisher status;
  private final String groupId;
  private final ConsumerState consumerState;
  private final KafkaRecordPublisher publisher;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final CompletableFuture<Done> stopped = new CompletableFuture<>();

  private SlidestreamService(ActorSystem system, KafkaConnection connection, ServiceTopics topics, JobConsumer consumer,
      EmbeddedKafkaBroker broker, String groupId, ConsumerState consumerState, KafkaRecordPublisher publisher,
      StatusPublisher status) {
    this.system = system;
    this.connection = connection;
    this.topics = topics;
    this.consumer = consumer;
    this.broker = broker;
    this.groupId = groupId;
    this.consumerState = consumerState;
    this.publisher = publisher;
    this.status = status;
  }

  /** Starts the service with the model store, validator and pipeline as configured. */
  public static SlidestreamService start(Config config) {
    return start(config, ServiceComponents.fromConfig(config));
  }

  /**
   * Starts the service around the given components, which it closes when it stops (also when it
   * fails to start).
   */
  public static SlidestreamService start(Config config, ServiceComponents components) {
    return start(config, components, JobListener.NONE);
  }

  /**
   * As {@link #start(Config, ServiceComponents)}, telling {@code listener} what becomes of each
   * record of the jobs topic (the service's metrics).
   */
  public static SlidestreamService start(Config config, ServiceComponents components, JobListener listener) {
    Config kafka = config.getConfig("slidestream.kafka");
    KafkaClientSettings clients = KafkaClientSettings.fromConfig(kafka);
    ServeSettings serve = ServeSettings.fromConfig(config.getConfig("slidestream.serve"));
    TopicCatalog catalog = TopicCatalog.fromConfig(config.getConfig("slidestream.topics"));
    ServiceTopics topics = ServiceTopics.of(catalog);

    EmbeddedKafkaBroker broker = null;
    AddressFile addressFile = null;
    ActorSystem system = null;
    KafkaRecordPublisher publisher = null;
    StatusPublisher status = null;
    try {
      String bootstrap = kafka.getString("bootstrap-servers").trim();
      if (bootstrap.isEmpty()) {
        broker = EmbeddedKafkaBroker.start(BrokerSettings.fromConfig(config.getConfig("slidestream.embedded-broker"),
            SlidestreamConfig.path(config, "slidestream.embedded-broker.data-dir")));
        bootstrap = broker.bootstrapServers();
        addressFile = new AddressFile(SlidestreamConfig.path(config, "slidestream.embedded-broker.address-file"));
      }
      KafkaConnection connection = new KafkaConnection(bootstrap, ClientBootstrap.security(config));
      prepareTopics(connection, catalog, clients.groupId(), kafka.getDuration("admin-timeout"));
      system = ActorSystem.create("slidestream", withShutdownTimeouts(config, serve.drainTimeout()));

      Clock clock = Clock.systemUTC();
      RecordCodec codec = RecordCodec.shared();
      publisher = KafkaRecordPublisher.create(system, connection, clients, "slidestream-service", listener::published);
      SharedKillSwitch abandon = KillSwitches.shared("abandon-slides-in-flight");
      InFlightJobs inFlight = new InFlightJobs();
      JobProcessor processor = new JobProcessor(new JobIntake(codec, components.validation(), clock),
          components.runner(), publisher, new OutputRecords(topics, codec), abandon, Materializer.matFromSystem(system),
          clock, listener, inFlight);
      ConsumerSettings<String, byte[]> consumerSettings = consumerSettings(system, connection, clients);
      CommitterSettings committer = CommitterSettings.create(system)
          .withMaxBatch(clients.commitMaxBatch()).withMaxInterval(clients.commitMaxInterval());
      ConsumerState state = new ConsumerState();
      JobConsumer consumer = JobConsumer.start(consumerSettings, topics.jobs(), processor, serve.slidesInFlight(),
          committer, abandon, system, state, listener);
      status = new StatusPublisher(publisher, catalog.role("status").name(), StatusSettings.fromConfig(config),
          clients.groupId(), serve.slidesInFlight(), state, inFlight, clock).start();

      SlidestreamService service = new SlidestreamService(system, connection, topics, consumer, broker,
          clients.groupId(), state, publisher, status);
      service.registerShutdown(serve, publisher, components, addressFile);
      if (addressFile != null) {
        addressFile.write(bootstrap);
      }
      LOG.info("slidestream service consuming {} at {} over {}{} as group {}{}; {} slides in flight", topics.jobs(),
          bootstrap, connection.security().protocol(),
          connection.security().username().map(u -> " as User:" + u).orElse(""), clients.groupId(), clients.groupInstanceId().map(id -> " (static member " + id + ")").orElse(""),
          serve.slidesInFlight());
      return service;
    } catch (RuntimeException e) {
      if (status != null) {
        status.close();
      }
      if (publisher != null) {
        publisher.close();
      }
      if (system != null) {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
      }
      components.close();
      if (broker != null) {
        broker.close();
      }
      throw e;
    }
  }

  /**
   * Creates the missing topics (those this principal may create), then checks that it may do all
   * the service role needs, so that a missing ACL stops the start with one line naming it. The
   * admin client's own calls give up within the admin timeout too, so that an unreachable cluster
   * fails the start in that time rather than in the client's minute.
   *
   * @throws MissingPermissionException naming the operation, topic or group, and principal
   */
  static void prepareTopics(KafkaConnection connection, TopicCatalog catalog, String groupId, Duration timeout) {
    Admin admin = connection.admin("slidestream-service-admin", timeout);
    try {
      new TopicProvisioner(admin, timeout).ensure(catalog.all());
      new PermissionCheck(admin, timeout).require(KafkaRole.SERVICE, KafkaRole.SERVICE.permissions(catalog, groupId),
          connection.security().principal(), false);
    } finally {
      admin.close(Duration.ofSeconds(5));
    }
  }

  static ConsumerSettings<String, byte[]> consumerSettings(ActorSystem system, KafkaConnection connection,
      KafkaClientSettings clients) {
    ConsumerSettings<String, byte[]> s = ConsumerSettings.create(system, new StringDeserializer(),
            new ByteArrayDeserializer())
        .withProperties(connection.stringProperties(clients.consumerProperties(), "slidestream-service"))
        .withGroupId(clients.groupId())
        // The draining control keeps the consumer until the last commit; no extra wait is needed.
        .withStopTimeout(Duration.ZERO);
    return clients.groupInstanceId().map(s::withGroupInstanceId).orElse(s);
  }

  /** The phases that drain slides and stop the broker must outlast them. */
  static Config withShutdownTimeouts(Config config, Duration drainTimeout) {
    return ConfigFactory.parseString(
            "pekko.coordinated-shutdown.phases.service-requests-done.timeout = " + (drainTimeout.toMillis() + 30_000)
                + "ms\n"
                + "pekko.coordinated-shutdown.phases.service-stop.timeout = 60s\n"
                + "pekko.coordinated-shutdown.phases.before-actor-system-terminate.timeout = 60s\n")
        .withFallback(config);
  }

  private void registerShutdown(ServeSettings serve, KafkaRecordPublisher publisher, ServiceComponents components,
      AddressFile addressFile) {
    CoordinatedShutdown cs = CoordinatedShutdown.get(system);
    cs.addTask(CoordinatedShutdown.PhaseServiceUnbind(), "status-stopping", () -> {
      status.stopping();
      return CompletableFuture.completedFuture(Done.getInstance());
    });
    cs.addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "drain-slides-in-flight",
        () -> consumer.drainAndShutdown(serve.drainTimeout()).handle((done, error) -> {
          if (error != null) {
            LOG.warn("the consumer graph ended with an error while draining: {}", error.toString());
          }
          return Done.getInstance();
        }));
    cs.addTask(CoordinatedShutdown.PhaseServiceStop(), "close-producer-and-runner",
        () -> CompletableFuture.supplyAsync(() -> {
          // The last status record (STOPPED) needs the producer: before it closes.
          status.close();
          publisher.close();
          components.close();
          return Done.getInstance();
        }));
    cs.addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "stop-embedded-broker",
        () -> CompletableFuture.supplyAsync(() -> {
          if (broker != null) {
            if (addressFile != null) {
              addressFile.deleteIfNames(connection.bootstrapServers());
            }
            broker.close();
          }
          LOG.info("slidestream service stopped: jobs drained, finished jobs committed, producer flushed");
          return Done.getInstance();
        }));
    system.getWhenTerminated().whenComplete((t, e) -> stopped.complete(Done.getInstance()));
    consumer.completion().whenComplete((done, error) -> {
      if (error != null && failure.compareAndSet(null, error)) {
        LOG.error("the consumer graph failed; shutting down (nothing uncommitted is lost: its jobs run again"
            + " after a restart): {}", error.toString(), error);
        cs.runAll(GRAPH_FAILED);
      }
    });
  }

  /** {@code host:port,…} of the brokers in use (the embedded one's when it was started). */
  public String bootstrapServers() {
    return connection.bootstrapServers();
  }

  /** The brokers in use and how this service speaks to them. */
  public KafkaConnection connection() {
    return connection;
  }

  public ServiceTopics topics() {
    return topics;
  }

  /** The key of this instance's status records. */
  public String instanceId() {
    return status.instanceId();
  }

  /** The consumer group of the jobs topic. */
  public String groupId() {
    return groupId;
  }

  /** The consumer's group membership, assignment and jobs not yet committed. */
  public ConsumerState consumerState() {
    return consumerState;
  }

  /** The producer's own metrics (record errors, retries, …), live. */
  public Map<MetricName, ? extends Metric> producerMetrics() {
    return publisher.metrics();
  }

  /**
   * The service's actor system: its graphs run there, and so may what serves alongside it (the
   * HTTP endpoints), with tasks of its own in the service's coordinated shutdown.
   */
  public ActorSystem actorSystem() {
    return system;
  }

  /** Whether the service is stopping or has stopped (a shutdown has begun, or its graph failed). */
  public boolean stopping() {
    return failure.get() != null || CoordinatedShutdown.get(system).getShutdownReason().isPresent();
  }

  /** Whether this service started the embedded broker. */
  public boolean embeddedBroker() {
    return broker != null;
  }

  /** Completes once the service has stopped, whatever stopped it. */
  public CompletionStage<Done> stopped() {
    return stopped;
  }

  /** Why the service stopped by itself, if its graph failed. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure.get());
  }

  /** Runs the graceful shutdown (idempotent); completes when everything has stopped. */
  public CompletionStage<Done> shutdown() {
    return CoordinatedShutdown.get(system).runAll(CoordinatedShutdown.unknownReason())
        .thenCompose(done -> stopped);
  }

  /** {@link #shutdown()} and wait for it. */
  @Override
  public void close() {
    shutdown().toCompletableFuture().join();
  }
}
