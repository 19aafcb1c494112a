package dev.mlpipe.trainer;

import dev.mlpipe.events.config.PipelineConfig;
import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.runtime.StageConfig;
import dev.mlpipe.events.runtime.StageHealth;
import dev.mlpipe.events.runtime.StageRuntime;
import dev.mlpipe.events.serde.AvroWireSerializer;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.stage.RunningStage;
import dev.mlpipe.events.stage.StageEnvironment;
import dev.mlpipe.events.topic.Topic;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.models.artifact.ArtifactStore;
import dev.mlpipe.trainer.repo.ModelRepositories;
import dev.mlpipe.trainer.retrain.RetrainPolicy;
import dev.mlpipe.trainer.run.LoggingRunObserver;
import dev.mlpipe.trainer.run.RunObserver;
import dev.mlpipe.trainer.run.TrainingRun;
import dev.mlpipe.trainer.stage.CommitHandler;
import dev.mlpipe.trainer.stage.KafkaFeedbackSource;
import dev.mlpipe.trainer.stage.KafkaHistorySource;
import dev.mlpipe.trainer.stage.KafkaStartedPublisher;
import dev.mlpipe.trainer.stage.RetrainHandler;
import dev.mlpipe.trainer.stage.SpecRunner;
import dev.mlpipe.trainer.stage.StartedPublisher;
import dev.mlpipe.trainer.stage.TrainerHandler;
import dev.mlpipe.trainer.stage.TrainerInputs;
import dev.mlpipe.trainer.stage.TrainingEvents;
import io.micrometer.core.instrument.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.avro.specific.SpecificRecord;

/**
 * The trainer stage's entry point: reacts to {@code mlpipe.commit} by training the commit's model,
 * and to {@code mlpipe.drift-detected} and Retrain commands on {@code mlpipe.commands} by
 * retraining the version serving production, publishing TrainingStarted, then TrainingFinished or
 * TrainingFailed.
 *
 * <p>Training takes long, and the stage runtime handles a record on its polling thread. Of the two
 * ways to keep such a consumer in its group, the trainer takes the simpler one that cannot go wrong
 * silently: it polls one commit at a time with {@code max.poll.interval.ms} set to the run's time
 * limit plus a margin, and the run itself stops with TrainingFailed when it reaches that limit, so
 * a run always ends before the consumer would be considered stuck. (Pausing the partitions and
 * polling on while another thread trains would need the outcome handed back to the polling thread,
 * the training cancelled when its partition is revoked, and the transaction begun only then; more
 * moving parts for the same guarantee.) Heartbeats go on in the background, so a dead trainer still
 * leaves the group after {@code session.timeout.ms}. The cost: a rebalance started while a model
 * trains (a second trainer joining) waits for the run to end.
 */
public final class TrainerApp {

  /** The trainer's inputs: commits, drift and commands (of which it takes Retrain). */
  public static final List<Topic<? extends SpecificRecord>> INPUTS =
      List.of(Topics.COMMIT, Topics.DRIFT_DETECTED, Topics.COMMANDS);

  /** How long reading the pipeline's history or a model's feedback to its end may take. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private TrainerApp() {}

  /** Starts the trainer with the environment's configuration. */
  public static RunningStage start(StageEnvironment env) {
    return start(
        env,
        TrainerSettings.from(PipelineConfig.load(env.environment())),
        new LoggingRunObserver());
  }

  /** Starts the trainer with the given settings; {@code observer} follows every run. */
  public static RunningStage start(
      StageEnvironment env, TrainerSettings settings, RunObserver observer) {
    String instance = env.instanceId().toLowerCase(Locale.ROOT);
    HttpSchemaRegistryClient registry = HttpSchemaRegistryClient.of(env.registryUrl().toString());
    EventSerdes serdes = new EventSerdes(registry);
    TrainerInputs inputs = new TrainerInputs(serdes, INPUTS);
    StageConfig config =
        StageConfig.of(TrainerSettings.STAGE, env.bootstrapServers(), inputs.topics())
            .withInstanceId(instance)
            .withFailurePolicy(settings.failurePolicy())
            .withPolling(1, settings.maxTrainingTime().plus(TrainerSettings.POLL_MARGIN))
            .withKafka(settings.kafka());
    StartedPublisher started =
        new KafkaStartedPublisher(
            env.bootstrapServers(),
            config.transactionalId() + "-started",
            settings.kafka(),
            serdes.valueSerializer(Topics.TRAINING_STARTED));
    Clock clock = Clock.systemUTC();
    SpecRunner runner =
        new SpecRunner(
            new ModelRepositories(
                env.stageDir(TrainerSettings.STAGE).resolve("repositories"), settings.gitToken()),
            new TrainingRun(ArtifactStore.at(env.artifactDir()), clock, settings.maxTrainingTime()),
            new TrainingEvents(
                new EventMetas(EventMetas.producerName(TrainerSettings.STAGE, instance), clock)),
            started,
            observer);
    KafkaHistorySource history =
        new KafkaHistorySource(
            env.bootstrapServers(),
            config.transactionalId() + "-history",
            settings.kafka(),
            serdes,
            READ_TIMEOUT);
    RetrainHandler retrains =
        new RetrainHandler(
            history,
            new KafkaFeedbackSource(
                env.bootstrapServers(),
                config.transactionalId() + "-feedback",
                settings.kafka(),
                serdes,
                READ_TIMEOUT),
            new RetrainPolicy(settings.retrainCooldown(), clock),
            runner,
            clock);
    StageRuntime<SpecificRecord, SpecificRecord> runtime =
        new StageRuntime<>(
            config,
            inputs,
            new AvroWireSerializer<SpecificRecord>(registry, serdes.config()),
            new TrainerHandler(new CommitHandler(runner), retrains),
            Metrics.globalRegistry,
            clock);
    runtime.start();
    return new RunningStage() {
      @Override
      public String name() {
        return TrainerSettings.STAGE;
      }

      @Override
      public boolean isRunning() {
        StageHealth health = runtime.health();
        return health == StageHealth.STARTING || health == StageHealth.RUNNING;
      }

      @Override
      public void close() {
        try {
          runtime.close();
        } finally {
          try {
            started.close();
            history.close();
          } finally {
            registry.close();
          }
        }
      }
    };
  }
}
