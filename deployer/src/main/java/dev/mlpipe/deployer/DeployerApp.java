package dev.mlpipe.deployer;

import dev.mlpipe.deployer.rollout.RolloutController;
import dev.mlpipe.deployer.serving.FeedbackErrors;
import dev.mlpipe.deployer.serving.FeedbackFollower;
import dev.mlpipe.deployer.serving.FeedbackJoin;
import dev.mlpipe.deployer.serving.ModelLoader;
import dev.mlpipe.deployer.serving.PredictionLog;
import dev.mlpipe.deployer.serving.RegistryFollower;
import dev.mlpipe.deployer.serving.Routes;
import dev.mlpipe.deployer.serving.ServingMetrics;
import dev.mlpipe.deployer.serving.ServingServer;
import dev.mlpipe.deployer.stream.ArtifactCheck;
import dev.mlpipe.deployer.stream.RolloutTopology;
import dev.mlpipe.events.config.PipelineConfig;
import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.runtime.StreamsStageConfig;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.stage.RunningStage;
import dev.mlpipe.events.stage.RunningStages;
import dev.mlpipe.events.stage.StageEnvironment;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.models.artifact.ArtifactStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the deployer: the rollout stream (Kafka Streams, exactly-once), serving's follower of the
 * deployment events, the prediction log and the HTTP server. Only wiring; see the subpackages.
 */
public final class DeployerApp {

  /** The stage's name: its consumer group, Streams application id and log name. */
  public static final String STAGE = "deployer";

  private static final Logger log = LoggerFactory.getLogger(DeployerApp.class);

  private DeployerApp() {}

  /** Starts with the environment's configuration ({@code config/<environment>.yaml}). */
  public static RunningStage start(StageEnvironment env) {
    return start(env, DeployerConfig.from(PipelineConfig.load(env.environment())));
  }

  /** Starts with the given configuration; returns once the rollout stream is running. */
  public static RunningStage start(StageEnvironment env, DeployerConfig config) {
    Deque<AutoCloseable> started = new ArrayDeque<>();
    try {
      Clock clock = Clock.systemUTC();
      String producer = EventMetas.producerName(STAGE, env.instanceId());
      PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      started.push(meters::close);
      HttpSchemaRegistryClient registry = HttpSchemaRegistryClient.of(env.registryUrl().toString());
      started.push(registry);
      EventSerdes serdes = new EventSerdes(registry);
      ModelLoader loader = new ModelLoader(ArtifactStore.at(env.artifactDir()));
      ServingMetrics servingMetrics = new ServingMetrics(meters);
      Routes routes = new Routes();
      PredictionLog predictions =
          new PredictionLog(
              Topics.PREDICTION_LOGGED.name(),
              new KafkaProducer<>(
                  predictionProducerProperties(env, producer),
                  EventSerdes.keySerializer(),
                  serdes.valueSerializer(Topics.PREDICTION_LOGGED)),
              config.predictionLogBuffer(),
              meters);
      started.push(predictions);

      RegistryFollower follower =
          new RegistryFollower(
                  new KafkaConsumer<>(
                      followerProperties(env, producer),
                      new ByteArrayDeserializer(),
                      new ByteArrayDeserializer()),
                  serdes,
                  loader,
                  routes)
              .start();
      started.push(follower);

      // Every instance joins every instance's predictions to the feedback, from the topics, so
      // online quality survives a restart and does not depend on which instance served.
      Duration lookback = config.rollout().longestRollout();
      FeedbackErrors feedbackErrors = new FeedbackErrors(lookback.toMillis());
      started.push(
          new FeedbackFollower(
                  new KafkaConsumer<>(
                      followerProperties(env, producer + "-feedback"),
                      new ByteArrayDeserializer(),
                      new ByteArrayDeserializer()),
                  serdes,
                  new FeedbackJoin(config.feedbackPredictions(), routes, feedbackErrors),
                  follower::isCaughtUp,
                  clock,
                  lookback)
              .start());

      RolloutController controller = new RolloutController(config.rollout(), clock, producer);
      KafkaStreams streams =
          new KafkaStreams(
              RolloutTopology.build(
                  serdes,
                  controller,
                  new ArtifactCheck(loader),
                  servingMetrics,
                  feedbackErrors,
                  clock,
                  config.checkTick()),
              StreamsStageConfig.of(STAGE, env.bootstrapServers(), env.stageDir(STAGE))
                  .withKafka(config.kafka())
                  .toProperties());
      CountDownLatch running = new CountDownLatch(1);
      streams.setStateListener(
          (next, previous) -> {
            if (next == KafkaStreams.State.RUNNING) {
              running.countDown();
            }
          });
      streams.start();
      // Leave the group on close, so a replacement instance takes the partitions over at once
      // instead of after the session timeout.
      started.push(
          () ->
              streams.close(
                  CloseOptions.groupMembershipOperation(
                          CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                      .withTimeout(Duration.ofSeconds(30))));
      if (!running.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "the deployer's rollout stream did not reach RUNNING within 60 s (state "
                + streams.state()
                + "); is Kafka at "
                + env.bootstrapServers()
                + " reachable?");
      }

      ServingServer.Health health =
          new ServingServer.Health() {
            @Override
            public boolean isAlive() {
              return streams.state().isRunningOrRebalancing() && follower.isAlive();
            }

            @Override
            public Optional<String> notReady() {
              if (streams.state() != KafkaStreams.State.RUNNING) {
                return Optional.of("the rollout stream is " + streams.state());
              }
              return follower.isReady() ? Optional.empty() : Optional.of(follower.notReadyReason());
            }
          };
      ServingServer server =
          ServingServer.start(
              config.servingPort(),
              config.servingThreads(),
              routes,
              servingMetrics,
              predictions,
              meters,
              health,
              clock,
              producer);
      started.push(server);
      log.info(
          "deployer started: approval {}, strategy {}, canary steps {} every {}, serving {}",
          config.rollout().productionApproval() ? "manual" : "auto",
          config.rollout().strategy(),
          config.rollout().canarySteps(),
          config.rollout().stepInterval(),
          server.url());
      return RunningStages.of(
          STAGE,
          Map.of("serving", server.url().toString()),
          health::isAlive,
          () -> {
            synchronized (started) {
              closeAll(started);
            }
          });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeAll(started);
      throw new IllegalStateException("interrupted while starting the deployer", e);
    } catch (RuntimeException e) {
      closeAll(started);
      throw e;
    }
  }

  private static Map<String, Object> predictionProducerProperties(
      StageEnvironment env, String producer) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers());
    props.put(ProducerConfig.CLIENT_ID_CONFIG, producer + "-predictions");
    props.put(ProducerConfig.ACKS_CONFIG, "1");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    // The drain thread, never a request, waits for an absent broker; then the buffer drops.
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    return props;
  }

  private static Map<String, Object> followerProperties(StageEnvironment env, String producer) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, producer + "-serving");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return props;
  }

  private static void closeAll(Deque<AutoCloseable> started) {
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        log.warn("closing part of the deployer failed: {}", e.toString(), e);
      }
    }
  }
}
