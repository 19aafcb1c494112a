package dev.mlpipe.deployer.rollout;

import dev.mlpipe.deployer.registry.ModelHistory;
import dev.mlpipe.deployer.registry.ModelVersion;
import dev.mlpipe.schemas.Approve;
import dev.mlpipe.schemas.ArtifactRef;
import dev.mlpipe.schemas.DeploymentFailed;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.PipelineCommand;
import dev.mlpipe.schemas.Promote;
import dev.mlpipe.schemas.Retrain;
import dev.mlpipe.schemas.Rollback;
import dev.mlpipe.schemas.RolledBack;
import dev.mlpipe.schemas.RolloutStrategy;
import dev.mlpipe.schemas.ValidationPassed;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * The rollout state machine of one model. A validated, verified version goes to staging at once;
 * production follows when approved (by itself where the policy needs no approval): directly for a
 * model's first version, otherwise by canary steps checked against the stable version or by a
 * blue-green switch. Breached checks in a row roll the canary back; a person may approve, promote
 * or roll back by command. Every event it returns is folded into the state it returns, and carries
 * the hash of the model's previous deployment event.
 */
public final class RolloutController {

  /** Who approves where the environment needs no approval. */
  public static final String AUTO_APPROVAL = "auto";

  private final RolloutPolicy policy;
  private final Clock clock;
  private final String producer;

  /**
   * @param policy how to roll out
   * @param clock the time of events and of canary checks
   * @param producer the stage instance that signs the events
   */
  public RolloutController(RolloutPolicy policy, Clock clock, String producer) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.producer = Objects.requireNonNull(producer, "producer");
  }

  public RolloutPolicy policy() {
    return policy;
  }

  /** A validation passed and its artifact was checked. */
  public Decision onValidationPassed(
      RolloutState state, ValidationPassed event, Verification verification) {
    Step step = new Step(state);
    String version = event.getVersion();
    String sha = event.getArtifact().getSha256();
    String runId = event.getMeta().getRunId();
    if (isKnown(state, version, sha)) {
      return step.done("version " + version + " was handled before; nothing to do");
    }
    EventMeta cause = event.getMeta();
    if (verification instanceof Verification.Refused refused) {
      step.failed(version, Environment.STAGING, refused.reason(), runId, cause.getEventId());
      return step.done("version " + version + " refused: " + refused.reason());
    }
    String previousStaging =
        state.registry().fullyServing(Environment.STAGING).map(ModelVersion::version).orElse(null);
    ModelDeployed staging =
        step.deployed(
            version,
            event.getArtifact(),
            Environment.STAGING,
            RolloutStrategy.DIRECT,
            100,
            previousStaging,
            null,
            event.getMetrics(),
            runId,
            cause.getEventId());
    Rollout rollout =
        new Rollout(
            version,
            runId,
            staging.getMeta().getEventId(),
            sha,
            event.getArtifact().getUri(),
            event.getArtifact().getSizeBytes(),
            event.getMetrics(),
            Rollout.Phase.AWAITING_APPROVAL,
            -1,
            null,
            0,
            0,
            null,
            0,
            null,
            0);
    if (!policy.productionApproval()) {
      rollout = rollout.approved(AUTO_APPROVAL, rollout.lastEventId());
    }
    Rollout active = state.active();
    if (active != null && active.isServing()) {
      step.state = new RolloutState(step.state.registry(), active, rollout);
      return step.done(
          "version " + version + " waits for the rollout of " + active.version() + " to end");
    }
    String superseded =
        active != null ? "; it replaces " + active.version() + ", which waited for approval" : "";
    step.state = new RolloutState(step.state.registry(), rollout, state.queued());
    if (rollout.approvedBy() != null) {
      startProduction(step, rollout);
      return step.done("version " + version + " rolls out to production" + superseded);
    }
    return step.done(
        "version "
            + version
            + " is in staging and waits for `mlpipe approve "
            + runId
            + "`"
            + superseded);
  }

  /** A person or tool asked for something on {@code mlpipe.commands}. */
  public Decision onCommand(RolloutState state, PipelineCommand command) {
    Step step = new Step(state);
    Object body = command.getCommand();
    if (body instanceof Approve approve) {
      return approve(step, command, approve);
    } else if (body instanceof Rollback rollback) {
      return rollback(step, command, rollback);
    } else if (body instanceof Promote promote) {
      return promote(step, command, promote);
    } else if (body instanceof Retrain) {
      return step.done("retrain is the trainer's command");
    }
    return step.done("unknown command " + body);
  }

  /**
   * A canary check is due ({@link RolloutState#isCheckDue}); the statistics are what the canary and
   * the stable version served since the previous check.
   */
  public Decision onCheck(RolloutState state, WindowStats canary, WindowStats stable) {
    Step step = new Step(state);
    if (!state.isCheckDue(clock.millis())) {
      return step.done("no canary check due");
    }
    Rollout active = state.active();
    if (stable.requests() >= policy.thresholds().minRequests()) {
      active = active.withBaseline(stable);
    } else if (active.baseline() != null) {
      // The stable version serves nothing now (the watch) or too little: compare with what it
      // served before; its online quality is the one accumulated over the rollout, still current.
      stable = active.baseline().withOnline(stable.online());
    }
    if (active.phase() == Rollout.Phase.WATCHING) {
      return watch(step, state, active, canary, stable);
    }
    CanaryCheck check = CanaryCheck.judge(canary, stable, policy.thresholds());
    int share = policy.canarySteps().get(active.step());
    long next = clock.millis() + policy.stepInterval().toMillis();
    if (check.outcome() == CanaryCheck.Outcome.BREACH) {
      int breaches = active.breaches() + 1;
      if (breaches < policy.breachesToRollback()) {
        step.state =
            new RolloutState(
                state.registry(),
                active.atStep(
                    active.step(), active.stableVersion(), next, breaches, active.lastEventId()),
                state.queued());
        return step.done(
            "canary "
                + active.version()
                + " at "
                + share
                + " %: breach "
                + breaches
                + " of "
                + policy.breachesToRollback()
                + ": "
                + check.reason());
      }
      String reason =
          "canary at " + share + " % breached " + breaches + " checks in a row: " + check.reason();
      step.rolledBack(
          active.version(),
          active.stableVersion(),
          reason,
          true,
          null,
          active.runId(),
          active.lastEventId());
      step.state = new RolloutState(step.state.registry(), null, state.queued());
      dequeue(step);
      return step.done("canary " + active.version() + " rolled back: " + reason);
    }
    int nextStep = active.step() + 1;
    int nextShare = policy.canarySteps().get(nextStep);
    ModelDeployed deployed =
        step.deployed(
            active.version(),
            artifactOf(active),
            Environment.PRODUCTION,
            RolloutStrategy.CANARY,
            nextShare,
            active.stableVersion(),
            active.approvedBy(),
            active.metrics(),
            active.runId(),
            active.lastEventId());
    if (nextShare == 100) {
      if (!policy.watchWindow().isZero()) {
        step.state =
            new RolloutState(
                step.state.registry(),
                active.watching(
                    nextStep,
                    active.stableVersion(),
                    next,
                    clock.millis() + policy.watchWindow().toMillis(),
                    0,
                    deployed.getMeta().getEventId()),
                state.queued());
        return step.done(
            "canary "
                + active.version()
                + " promoted to 100 %, watched for "
                + policy.watchWindow()
                + ": "
                + check.reason());
      }
      step.state = new RolloutState(step.state.registry(), null, state.queued());
      dequeue(step);
      return step.done("canary " + active.version() + " promoted to 100 %: " + check.reason());
    }
    step.state =
        new RolloutState(
            step.state.registry(),
            active.atStep(
                nextStep, active.stableVersion(), next, 0, deployed.getMeta().getEventId()),
            state.queued());
    return step.done(
        "canary "
            + active.version()
            + " "
            + share
            + " % -> "
            + nextShare
            + " %: "
            + check.reason());
  }

  /** A check in the watch window after 100 %: a breach rolls back, the window's end ends it. */
  private Decision watch(
      Step step, RolloutState state, Rollout active, WindowStats served, WindowStats before) {
    CanaryCheck check = CanaryCheck.judge(served, before, policy.thresholds());
    long now = clock.millis();
    int breaches = check.outcome() == CanaryCheck.Outcome.BREACH ? active.breaches() + 1 : 0;
    if (breaches >= policy.breachesToRollback()) {
      String reason =
          "watch window after 100 %: breached " + breaches + " checks in a row: " + check.reason();
      step.rolledBack(
          active.version(),
          active.stableVersion(),
          reason,
          true,
          null,
          active.runId(),
          active.lastEventId());
      step.state = new RolloutState(step.state.registry(), null, state.queued());
      dequeue(step);
      return step.done("version " + active.version() + " rolled back: " + reason);
    }
    if (now >= active.watchEndsAtMillis()) {
      step.state = new RolloutState(step.state.registry(), null, state.queued());
      dequeue(step);
      return step.done(
          "version " + active.version() + " passed its watch window: " + check.reason());
    }
    step.state =
        new RolloutState(
            step.state.registry(),
            active.watching(
                active.step(),
                active.stableVersion(),
                now + policy.stepInterval().toMillis(),
                active.watchEndsAtMillis(),
                breaches,
                active.lastEventId()),
            state.queued());
    return step.done(
        "version "
            + active.version()
            + " watched: "
            + (breaches > 0
                ? "breach " + breaches + " of " + policy.breachesToRollback() + ": "
                : "")
            + check.reason());
  }

  private Decision approve(Step step, PipelineCommand command, Approve approve) {
    RolloutState state = step.state;
    String runId = approve.getRunId();
    if (approve.getEnvironment() != Environment.PRODUCTION) {
      return step.done("staging needs no approval; run " + runId + " deploys there by itself");
    }
    Rollout active = state.active();
    String by = command.getRequestedBy();
    String eventId = command.getMeta().getEventId();
    if (active != null
        && active.runId().equals(runId)
        && active.phase() == Rollout.Phase.AWAITING_APPROVAL) {
      Rollout approved = active.approved(by, eventId);
      step.state = new RolloutState(state.registry(), approved, state.queued());
      startProduction(step, approved);
      return step.done("run " + runId + " approved by " + by);
    }
    Rollout queued = state.queued();
    if (queued != null && queued.runId().equals(runId) && queued.approvedBy() == null) {
      step.state = new RolloutState(state.registry(), active, queued.approved(by, eventId));
      return step.done(
          "run "
              + runId
              + " approved by "
              + by
              + "; it starts when "
              + active.version()
              + " is done");
    }
    return step.done(
        "no rollout of run " + runId + " of " + state.registry().model() + " waits for approval");
  }

  private Decision rollback(Step step, PipelineCommand command, Rollback rollback) {
    RolloutState state = step.state;
    ModelHistory history = state.registry();
    String runId = command.getMeta().getRunId();
    String cause = command.getMeta().getEventId();
    Optional<ModelVersion> serving = history.newestServing(Environment.PRODUCTION);
    if (serving.isEmpty()) {
      String reason = "rollback refused: no version of " + history.model() + " serves production";
      step.failed(
          Objects.requireNonNullElse(rollback.getToVersion(), "none"),
          Environment.PRODUCTION,
          reason,
          runId,
          cause);
      return step.done(reason);
    }
    String from = serving.get().version();
    RollbackTarget.Choice choice =
        RollbackTarget.choose(history, from, Optional.ofNullable(rollback.getToVersion()));
    if (choice instanceof RollbackTarget.Refused refused) {
      String reason = "rollback refused: " + refused.reason();
      step.failed(from, Environment.PRODUCTION, reason, runId, cause);
      return step.done(reason);
    }
    String to = ((RollbackTarget.Target) choice).version().version();
    step.rolledBack(from, to, rollback.getReason(), false, command.getRequestedBy(), runId, cause);
    Rollout active = state.active();
    boolean stopsCanary = active != null && active.isServing();
    step.state =
        new RolloutState(
            step.state.registry(),
            stopsCanary ? null : active,
            stopsCanary ? null : state.queued());
    return step.done(
        "rolled back "
            + from
            + " -> "
            + to
            + " by "
            + command.getRequestedBy()
            + (stopsCanary ? "; the canary and any queued version are dropped" : ""));
  }

  private Decision promote(Step step, PipelineCommand command, Promote promote) {
    RolloutState state = step.state;
    String runId = command.getMeta().getRunId();
    String cause = command.getMeta().getEventId();
    Environment env = promote.getEnvironment();
    Optional<ModelVersion> version = state.registry().version(promote.getVersion());
    if (version.isEmpty()) {
      String reason =
          "promote refused: model "
              + state.registry().model()
              + " has no deployed version '"
              + promote.getVersion()
              + "'";
      step.failed(promote.getVersion(), env, reason, runId, cause);
      return step.done(reason);
    }
    Rollout active = state.active();
    if (env == Environment.PRODUCTION && active != null && active.isServing()) {
      String reason =
          "promote refused: the canary of "
              + active.version()
              + " is running; wait for it or roll it back first";
      step.failed(promote.getVersion(), env, reason, runId, cause);
      return step.done(reason);
    }
    ModelVersion v = version.get();
    String previous = state.registry().fullyServing(env).map(ModelVersion::version).orElse(null);
    step.deployed(
        v.version(),
        new ArtifactRef(v.sha256(), v.uri(), v.sizeBytes()),
        env,
        RolloutStrategy.DIRECT,
        100,
        previous,
        command.getRequestedBy(),
        v.metrics(),
        v.runId(),
        cause);
    return step.done("promoted " + v.version() + " to " + env + " by " + command.getRequestedBy());
  }

  private void startProduction(Step step, Rollout approved) {
    Rollout rollout = approved.servingFrom(clock.millis());
    ModelHistory history = step.state.registry();
    Optional<String> stable =
        history
            .fullyServing(Environment.PRODUCTION)
            .map(ModelVersion::version)
            .filter(v -> !v.equals(rollout.version()));
    int firstShare = policy.canarySteps().get(0);
    RolloutStrategy strategy;
    int share;
    if (stable.isEmpty()) {
      strategy = RolloutStrategy.DIRECT;
      share = 100;
    } else if (policy.strategy() == Strategy.BLUE_GREEN) {
      strategy = RolloutStrategy.BLUE_GREEN;
      share = 100;
    } else {
      strategy = RolloutStrategy.CANARY;
      share = firstShare;
    }
    ModelDeployed deployed =
        step.deployed(
            rollout.version(),
            artifactOf(rollout),
            Environment.PRODUCTION,
            strategy,
            share,
            stable.orElse(null),
            rollout.approvedBy(),
            rollout.metrics(),
            rollout.runId(),
            rollout.lastEventId());
    if (share == 100) {
      if (stable.isPresent() && !policy.watchWindow().isZero()) {
        long now = clock.millis();
        step.state =
            new RolloutState(
                step.state.registry(),
                rollout.watching(
                    policy.canarySteps().size() - 1,
                    stable.get(),
                    now + policy.stepInterval().toMillis(),
                    now + policy.watchWindow().toMillis(),
                    0,
                    deployed.getMeta().getEventId()),
                step.state.queued());
        return;
      }
      step.state = new RolloutState(step.state.registry(), null, step.state.queued());
      dequeue(step);
      return;
    }
    step.state =
        new RolloutState(
            step.state.registry(),
            rollout.atStep(
                0,
                stable.get(),
                clock.millis() + policy.stepInterval().toMillis(),
                0,
                deployed.getMeta().getEventId()),
            step.state.queued());
  }

  /** After a rollout ended: the queued version becomes the active one, and starts if approved. */
  private void dequeue(Step step) {
    Rollout queued = step.state.queued();
    if (queued == null) {
      return;
    }
    step.state = new RolloutState(step.state.registry(), queued, null);
    if (queued.approvedBy() != null) {
      startProduction(step, queued);
    }
  }

  private static boolean isKnown(RolloutState state, String version, String sha) {
    if (state.registry().version(version).map(v -> v.sha256().equals(sha)).orElse(false)) {
      return true;
    }
    for (Rollout r : new Rollout[] {state.active(), state.queued()}) {
      if (r != null && r.version().equals(version) && r.sha256().equals(sha)) {
        return true;
      }
    }
    return state.registry().history().stream()
        .anyMatch(
            h ->
                h.kind().equals("failed")
                    && h.version().equals(version)
                    && h.environment() == Environment.STAGING);
  }

  private static ArtifactRef artifactOf(Rollout r) {
    return new ArtifactRef(r.sha256(), r.uri(), r.sizeBytes());
  }

  private EventMeta meta(String runId, String causationId) {
    return EventMeta.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setRunId(runId)
        .setCausationId(causationId)
        .setOccurredAt(clock.instant())
        .setProducer(producer)
        .build();
  }

  /** The state and events of one decision while it is being made. */
  private final class Step {
    RolloutState state;
    final List<SpecificRecord> events = new ArrayList<>();

    Step(RolloutState state) {
      this.state = Objects.requireNonNull(state, "state");
    }

    ModelDeployed deployed(
        String version,
        ArtifactRef artifact,
        Environment env,
        RolloutStrategy strategy,
        int share,
        String previous,
        String approvedBy,
        Map<String, Double> metrics,
        String runId,
        String causationId) {
      ModelDeployed event =
          ModelDeployed.newBuilder()
              .setMeta(meta(runId, causationId))
              .setModel(state.registry().model())
              .setVersion(version)
              .setArtifact(artifact)
              .setEnvironment(env)
              .setStrategy(strategy)
              .setTrafficPercent(share)
              .setPreviousVersion(previous)
              .setApprovedBy(approvedBy)
              .setMetrics(metrics)
              .setPreviousEventHash(state.registry().lastEventHash())
              .build();
      add(event);
      state = new RolloutState(state.registry().apply(event), state.active(), state.queued());
      return event;
    }

    void rolledBack(
        String from,
        String to,
        String reason,
        boolean automatic,
        String requestedBy,
        String runId,
        String causationId) {
      RolledBack event =
          RolledBack.newBuilder()
              .setMeta(meta(runId, causationId))
              .setModel(state.registry().model())
              .setFromVersion(from)
              .setToVersion(to)
              .setEnvironment(Environment.PRODUCTION)
              .setReason(reason)
              .setAutomatic(automatic)
              .setRequestedBy(requestedBy)
              .setPreviousEventHash(state.registry().lastEventHash())
              .build();
      add(event);
      state = new RolloutState(state.registry().apply(event), state.active(), state.queued());
    }

    void failed(String version, Environment env, String reason, String runId, String causationId) {
      DeploymentFailed event =
          DeploymentFailed.newBuilder()
              .setMeta(meta(runId, causationId))
              .setModel(state.registry().model())
              .setVersion(version)
              .setEnvironment(env)
              .setReason(reason)
              .setPreviousEventHash(state.registry().lastEventHash())
              .build();
      add(event);
      state = new RolloutState(state.registry().apply(event), state.active(), state.queued());
    }

    private void add(SpecificRecord event) {
      events.add(event);
    }

    Decision done(String note) {
      return new Decision(state, events, note);
    }
  }
}
