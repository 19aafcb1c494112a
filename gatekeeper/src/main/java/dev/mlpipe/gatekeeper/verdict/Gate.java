package dev.mlpipe.gatekeeper.verdict;

import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.gatekeeper.policy.Champion;
import dev.mlpipe.gatekeeper.policy.CheckResult;
import dev.mlpipe.gatekeeper.policy.DefaultPolicies;
import dev.mlpipe.gatekeeper.policy.GateEvaluator;
import dev.mlpipe.gatekeeper.policy.GateMetrics;
import dev.mlpipe.gatekeeper.policy.GatePolicy;
import dev.mlpipe.gatekeeper.policy.GateReport;
import dev.mlpipe.gatekeeper.policy.InvalidPolicyException;
import dev.mlpipe.gatekeeper.policy.PolicyOverlay;
import dev.mlpipe.gatekeeper.policy.PolicyParser;
import dev.mlpipe.gatekeeper.policy.Rule;
import dev.mlpipe.gatekeeper.policy.Severity;
import dev.mlpipe.gatekeeper.verify.ArtifactVerifier;
import dev.mlpipe.gatekeeper.verify.Verification;
import dev.mlpipe.models.artifact.ArtifactStore;
import dev.mlpipe.models.eval.ModelKind;
import dev.mlpipe.schemas.CheckSeverity;
import dev.mlpipe.schemas.EventMeta;
import dev.mlpipe.schemas.GateCheck;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.TrainingFinished;
import dev.mlpipe.schemas.ValidationFailed;
import dev.mlpipe.schemas.ValidationPassed;
import dev.mlpipe.schemas.ValidationReport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges candidates: one {@link Verdict} per TrainingFinished. Never throws for anything the event
 * carries (a malformed repository policy, an unknown recipe, a missing or tampered artifact): each
 * becomes a ValidationFailed whose report says why.
 */
public final class Gate {

  private static final Logger LOG = LoggerFactory.getLogger(Gate.class);

  /** The name of the check that fails when no policy can be made for the candidate. */
  public static final String POLICY_CHECK = "policy";

  /** How many effective policies are kept; a model repository's policy text rarely changes. */
  static final int POLICY_CACHE_SIZE = 256;

  private final PolicyOverlay environment;
  private final ArtifactVerifier verifier;
  private final EventMetas metas;

  /**
   * Effective policies by model kind and repository text. Parsing the YAML and hashing the policy
   * took about a tenth of a trusting verdict (whose floor is reading the artifact), though the
   * outcome depends on those two inputs alone. Refused policies are not kept: their message names
   * the commit.
   */
  private final Map<String, Effective> policies =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Effective> eldest) {
              return size() > POLICY_CACHE_SIZE;
            }
          });

  /** A policy with what every verdict needs from it, computed once. */
  private record Effective(GatePolicy policy, String hash, Set<String> critical) {}

  /**
   * @param environment the environment's layer over the defaults of each model kind
   * @param verifier loads artifacts and re-computes metrics
   * @param metas signs the verdicts
   */
  public Gate(PolicyOverlay environment, ArtifactVerifier verifier, EventMetas metas) {
    this.environment = Objects.requireNonNull(environment, "environment");
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.metas = Objects.requireNonNull(metas, "metas");
  }

  /**
   * The effective policy for a candidate: its kind's defaults, the environment's layer, then the
   * repository's {@code gates:} text.
   *
   * @throws InvalidPolicyException when the repository's policy is malformed or the recipe is of no
   *     known kind
   */
  public GatePolicy policyFor(String recipe, String gatePolicy, String origin) {
    ModelKind kind =
        DefaultPolicies.kindOfRecipe(recipe)
            .orElseThrow(
                () ->
                    new InvalidPolicyException(
                        origin,
                        List.of(
                            "recipe '"
                                + recipe
                                + "' is of no known model kind (its id must start with"
                                + " recommender-, classifier- or regressor-), so no default"
                                + " policy applies")));
    return DefaultPolicies.forKind(kind)
        .with(environment)
        .with(PolicyParser.parse(gatePolicy, origin));
  }

  /** The verdict on a candidate, compared with the champion if there is one. */
  public Verdict judge(TrainingFinished candidate, Optional<Champion> champion) {
    String origin = candidate.getModel() + "@" + candidate.getCommitSha();
    Effective effective;
    try {
      effective = effectivePolicy(candidate.getRecipe(), candidate.getGatePolicy(), origin);
    } catch (InvalidPolicyException e) {
      LOG.warn(
          "runId={} model={} version={} commitSha={}: cannot judge, {}",
          candidate.getMeta().getRunId(),
          candidate.getModel(),
          candidate.getVersion(),
          candidate.getCommitSha(),
          e.getMessage());
      CheckResult refused =
          new CheckResult(
              POLICY_CHECK,
              POLICY_CHECK,
              Severity.CRITICAL,
              "valid",
              null,
              null,
              null,
              false,
              e.getMessage());
      GateReport report =
          new GateReport(
              List.of(refused),
              ArtifactStore.sha256(
                  Objects.toString(candidate.getGatePolicy(), "").getBytes(StandardCharsets.UTF_8)),
              champion.map(Champion::version));
      return verdict(candidate, report, "none", Map.copyOf(candidate.getMetrics()), List.of());
    }
    GatePolicy policy = effective.policy();
    Set<String> critical = effective.critical();
    Map<String, Double> reported = Map.copyOf(candidate.getMetrics());
    Verification verification =
        verifier.verify(
            candidate.getArtifact().getUri(),
            candidate.getArtifact().getSha256(),
            candidate.getEvalSplitHash(),
            candidate.getTrainSplitHash(),
            reported,
            DefaultPolicies.kindOfRecipe(candidate.getRecipe()).orElseThrow(),
            critical,
            policy.verify(),
            policy.tolerance());
    Map<String, Double> metrics = new LinkedHashMap<>(reported);
    metrics.putAll(verification.recomputed());
    metrics.put(GateMetrics.MODEL_LOADS, verification.modelLoads() ? 1.0 : 0.0);
    metrics.put(GateMetrics.SIZE_BYTES, (double) candidate.getArtifact().getSizeBytes());
    metrics.put(GateMetrics.TRAINING_SECONDS, candidate.getTrainingMillis() / 1000.0);
    Map<String, String> explanations =
        verification.modelLoads()
            ? Map.of()
            : Map.of(GateMetrics.MODEL_LOADS, verification.loadProblem());
    GateReport report =
        GateEvaluator.evaluate(
            policy, effective.hash(), metrics, champion, verification.checks(), explanations);
    Verdict verdict =
        verdict(candidate, report, policy.verify().key(), metrics, verification.notes());
    LOG.info(
        "runId={} model={} version={} commitSha={}: {} ({} checks, failed critical: {}, champion:"
            + " {})",
        candidate.getMeta().getRunId(),
        candidate.getModel(),
        candidate.getVersion(),
        candidate.getCommitSha(),
        report.passed() ? "passed" : "failed",
        report.checks().size(),
        report.blocking().stream().map(CheckResult::name).toList(),
        champion.map(Champion::version).orElse("none"));
    return verdict;
  }

  private Effective effectivePolicy(String recipe, String gatePolicy, String origin) {
    String key =
        DefaultPolicies.kindOfRecipe(recipe).map(Enum::name).orElse(recipe)
            + "\n"
            + Objects.toString(gatePolicy, "");
    Effective cached = policies.get(key);
    if (cached != null) {
      return cached;
    }
    GatePolicy policy = policyFor(recipe, gatePolicy, origin);
    Effective made =
        new Effective(
            policy,
            policy.contentHash(),
            policy.rules().stream()
                .filter(r -> r.severity() == Severity.CRITICAL)
                .map(Rule::metric)
                .collect(Collectors.toUnmodifiableSet()));
    policies.put(key, made);
    return made;
  }

  /** The champion a 100 % production deployment makes, with the metrics it was deployed with. */
  public static Champion championOf(ModelDeployed deployed) {
    return new Champion(deployed.getVersion(), deployed.getMetrics());
  }

  private Verdict verdict(
      TrainingFinished candidate,
      GateReport report,
      String verification,
      Map<String, Double> metrics,
      List<String> notes) {
    List<String> warnings = new ArrayList<>();
    report.warnings().forEach(w -> warnings.add(w.name() + ": " + w.reason()));
    warnings.addAll(notes);
    ValidationReport avroReport =
        ValidationReport.newBuilder()
            .setChecks(report.checks().stream().map(Gate::toAvro).toList())
            .setPolicyHash(report.policyHash())
            .setChampionVersion(report.champion().orElse(null))
            .setVerification(verification)
            .setWarnings(warnings)
            .build();
    EventMeta meta = metas.causedBy(candidate.getMeta());
    if (report.passed()) {
      return new Verdict.Passed(
          ValidationPassed.newBuilder()
              .setMeta(meta)
              .setModel(candidate.getModel())
              .setVersion(candidate.getVersion())
              .setCommitSha(candidate.getCommitSha())
              .setArtifact(candidate.getArtifact())
              .setMetrics(metrics)
              .setReport(avroReport)
              .build());
    }
    return new Verdict.Failed(
        ValidationFailed.newBuilder()
            .setMeta(meta)
            .setModel(candidate.getModel())
            .setVersion(candidate.getVersion())
            .setCommitSha(candidate.getCommitSha())
            .setArtifact(candidate.getArtifact())
            .setMetrics(metrics)
            .setReport(avroReport)
            .build());
  }

  private static GateCheck toAvro(CheckResult check) {
    return GateCheck.newBuilder()
        .setName(check.name())
        .setMetric(check.metric())
        .setSeverity(
            check.severity() == Severity.CRITICAL ? CheckSeverity.CRITICAL : CheckSeverity.WARNING)
        .setComparator(check.comparator())
        .setThreshold(check.threshold())
        .setCandidateValue(check.candidateValue())
        .setChampionValue(check.championValue())
        .setPassed(check.passed())
        .setReason(check.reason())
        .build();
  }
}
