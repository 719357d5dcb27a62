package io.slidestream.dashboard;

import io.slidestream.kafka.security.KafkaConnection;
import java.time.Clock;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The fleet dashboard's data and routes: reads the topics into a {@link FleetState} (from the
 * start of the configured window, so that a restart loses nothing within it), reads the group's
 * lag, and serves both as {@link DashboardRoutes}. It needs only the dashboard role's ACLs
 * (README, "Security"). Mount {@link #routes()} in any pekko-http server, or run it on its own
 * with {@link DashboardServer}.
 */
public final class Dashboard implements AutoCloseable {

  private final FleetState state;
  private final TopicFollower follower;
  private final LagProbe lag;
  private final DashboardRoutes routes;

  private Dashboard(FleetState state, TopicFollower follower, LagProbe lag, DashboardRoutes routes) {
    this.state = state;
    this.follower = follower;
    this.lag = lag;
    this.routes = routes;
  }

  /** Starts reading the cluster of {@code connection}. */
  public static Dashboard start(DashboardSettings settings, KafkaConnection connection) {
    Clock clock = Clock.systemUTC();
    FleetState state = new FleetState(settings, clock);
    TopicFollower follower = new TopicFollower(connection, settings.topics(), settings.window(), state, clock).start();
    LagProbe lag;
    try {
      lag = new LagProbe(connection, settings.topics().jobs(), settings.groupId(), state, clock,
          settings.lagInterval());
    } catch (RuntimeException e) {
      follower.close();
      throw e;
    }
    return new Dashboard(state, follower, lag,
        new DashboardRoutes(state, settings.outputStore(), settings.refresh()));
  }

  public FleetState state() {
    return state;
  }

  public DashboardRoutes dashboardRoutes() {
    return routes;
  }

  /** The page, its data and the thumbnails, to mount at a server's root. */
  public Route routes() {
    return routes.routes();
  }

  @Override
  public void close() {
    lag.close();
    follower.close();
  }
}
