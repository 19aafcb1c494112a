package dev.mlpipe.console.runs;

import dev.mlpipe.schemas.CommitPushed;
import dev.mlpipe.schemas.DeploymentFailed;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.RolledBack;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The four delivery (DORA) figures, computed from runs, per model and ISO week (UTC):
 *
 * <ul>
 *   <li>deployment frequency: runs whose version reached 100% of production, counted in the week it
 *       did;
 *   <li>lead time for changes: median time from the commit to 100% of production (and to 100% of
 *       staging), counted in the week it arrived; runs started by drift or a command have no commit
 *       and are left out;
 *   <li>change failure rate: of the production rollouts started in the week (a first production
 *       step or a failed one), the share that failed or were rolled back;
 *   <li>time to restore: median time from a version's first production traffic to the rollback that
 *       took it away, counted in the week of the rollback. A failed deployment step leaves serving
 *       as it was, so it counts as a failed change but has nothing to restore.
 * </ul>
 */
public final class Dora {

  /**
   * The figures of one model in one week (or over all weeks, {@link #ALL_WEEKS}).
   *
   * @param model the model
   * @param week ISO week, e.g. {@code 2026-W47}
   * @param deployments versions that reached 100% of production
   * @param leadTimeToProduction median commit to 100% production
   * @param leadTimeToStaging median commit to 100% staging
   * @param productionChanges production rollouts started
   * @param failedChanges of those, the ones that failed or were rolled back
   * @param timeToRestore median first production traffic to rollback
   * @param restores rollbacks measured
   */
  public record Figures(
      String model,
      String week,
      int deployments,
      Optional<Duration> leadTimeToProduction,
      Optional<Duration> leadTimeToStaging,
      int productionChanges,
      int failedChanges,
      Optional<Duration> timeToRestore,
      int restores) {

    public Figures {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(week, "week");
      Objects.requireNonNull(leadTimeToProduction, "leadTimeToProduction");
      Objects.requireNonNull(leadTimeToStaging, "leadTimeToStaging");
      Objects.requireNonNull(timeToRestore, "timeToRestore");
      if (deployments < 0 || productionChanges < 0 || restores < 0) {
        throw new IllegalArgumentException("counts must be 0 or more");
      }
      if (failedChanges < 0 || failedChanges > productionChanges) {
        throw new IllegalArgumentException(
            "failedChanges must be between 0 and productionChanges ("
                + productionChanges
                + "), was "
                + failedChanges);
      }
    }

    /** Failed changes over production changes; empty when there were none. */
    public Optional<Double> changeFailureRate() {
      return productionChanges == 0
          ? Optional.empty()
          : Optional.of((double) failedChanges / productionChanges);
    }
  }

  /** The week label of the figures over the whole period. */
  public static final String ALL_WEEKS = "all";

  private enum Kind {
    DEPLOYMENT,
    LEAD_PRODUCTION,
    LEAD_STAGING,
    CHANGE,
    FAILED_CHANGE,
    RESTORE
  }

  /** One measured fact of a run. */
  private record Fact(String model, Instant at, Kind kind, Duration duration) {}

  private Dora() {}

  /**
   * The figures per model and week, models by name and weeks oldest first, counting facts at or
   * after {@code since}.
   *
   * @param model only this model, or all when empty
   */
  public static List<Figures> weekly(List<Run> runs, Optional<String> model, Instant since) {
    return figures(runs, model, since, true);
  }

  /** The figures per model over every week since {@code since}, week {@link #ALL_WEEKS}. */
  public static List<Figures> overall(List<Run> runs, Optional<String> model, Instant since) {
    return figures(runs, model, since, false);
  }

  /** The ISO week of an instant in UTC, e.g. {@code 2026-W47}. */
  public static String weekOf(Instant at) {
    ZonedDateTime t = at.atZone(ZoneOffset.UTC);
    return String.format(
        Locale.ROOT,
        "%d-W%02d",
        t.get(IsoFields.WEEK_BASED_YEAR),
        t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
  }

  private static List<Figures> figures(
      List<Run> runs, Optional<String> model, Instant since, boolean perWeek) {
    Map<String, Map<String, List<Fact>>> grouped = new TreeMap<>();
    for (Run run : runs) {
      if (model.isPresent() && !model.get().equals(run.model())) {
        continue;
      }
      for (Fact fact : facts(run)) {
        if (fact.at().isBefore(since)) {
          continue;
        }
        grouped
            .computeIfAbsent(fact.model(), k -> new TreeMap<>())
            .computeIfAbsent(perWeek ? weekOf(fact.at()) : ALL_WEEKS, k -> new ArrayList<>())
            .add(fact);
      }
    }
    List<Figures> out = new ArrayList<>();
    grouped.forEach(
        (m, weeks) -> weeks.forEach((week, facts) -> out.add(summarise(m, week, facts))));
    return List.copyOf(out);
  }

  private static Figures summarise(String model, String week, List<Fact> facts) {
    return new Figures(
        model,
        week,
        count(facts, Kind.DEPLOYMENT),
        median(facts, Kind.LEAD_PRODUCTION),
        median(facts, Kind.LEAD_STAGING),
        count(facts, Kind.CHANGE) + count(facts, Kind.FAILED_CHANGE),
        count(facts, Kind.FAILED_CHANGE),
        median(facts, Kind.RESTORE),
        count(facts, Kind.RESTORE));
  }

  private static List<Fact> facts(Run run) {
    Optional<Instant> commitAt = Optional.empty();
    Optional<Instant> stagingAt = Optional.empty();
    Optional<Instant> productionAt = Optional.empty();
    Optional<Instant> firstProductionTraffic = Optional.empty();
    Optional<Instant> productionChangeAt = Optional.empty();
    Optional<Instant> rolledBackAt = Optional.empty();
    String version = run.version().orElse(null);
    for (PipelineEvent event : run.timeline()) {
      Instant at = event.occurredAt();
      Object value = event.value();
      if (value instanceof CommitPushed && commitAt.isEmpty()) {
        commitAt = Optional.of(at);
      } else if (value instanceof ModelDeployed d && same(version, d.getVersion())) {
        boolean full = d.getTrafficPercent() == 100;
        if (d.getEnvironment() == Environment.STAGING) {
          if (full && stagingAt.isEmpty()) {
            stagingAt = Optional.of(at);
          }
        } else {
          productionChangeAt = productionChangeAt.or(() -> Optional.of(at));
          if (d.getTrafficPercent() > 0) {
            firstProductionTraffic = firstProductionTraffic.or(() -> Optional.of(at));
          }
          if (full && productionAt.isEmpty()) {
            productionAt = Optional.of(at);
          }
        }
      } else if (value instanceof DeploymentFailed f
          && f.getEnvironment() == Environment.PRODUCTION
          && same(version, f.getVersion())) {
        productionChangeAt = productionChangeAt.or(() -> Optional.of(at));
      } else if (value instanceof RolledBack r
          && r.getEnvironment() == Environment.PRODUCTION
          && same(version, r.getFromVersion())
          && rolledBackAt.isEmpty()) {
        rolledBackAt = Optional.of(at);
      }
    }
    List<Fact> facts = new ArrayList<>();
    String model = run.model();
    if (productionAt.isPresent()) {
      facts.add(new Fact(model, productionAt.get(), Kind.DEPLOYMENT, Duration.ZERO));
      if (commitAt.isPresent()) {
        facts.add(
            new Fact(
                model,
                productionAt.get(),
                Kind.LEAD_PRODUCTION,
                between(commitAt.get(), productionAt.get())));
      }
    }
    if (stagingAt.isPresent() && commitAt.isPresent()) {
      facts.add(
          new Fact(
              model, stagingAt.get(), Kind.LEAD_STAGING, between(commitAt.get(), stagingAt.get())));
    }
    if (productionChangeAt.isPresent()) {
      boolean failed =
          run.stage(StageName.PRODUCTION)
              .map(s -> s.outcome() == Outcome.FAILED || s.outcome() == Outcome.ROLLED_BACK)
              .orElse(false);
      facts.add(
          new Fact(
              model,
              productionChangeAt.get(),
              failed ? Kind.FAILED_CHANGE : Kind.CHANGE,
              Duration.ZERO));
    }
    if (rolledBackAt.isPresent() && firstProductionTraffic.isPresent()) {
      facts.add(
          new Fact(
              model,
              rolledBackAt.get(),
              Kind.RESTORE,
              between(firstProductionTraffic.get(), rolledBackAt.get())));
    }
    return facts;
  }

  private static boolean same(String runVersion, String eventVersion) {
    return runVersion == null || runVersion.equals(eventVersion);
  }

  private static Duration between(Instant from, Instant to) {
    Duration d = Duration.between(from, to);
    return d.isNegative() ? Duration.ZERO : d;
  }

  private static int count(List<Fact> facts, Kind kind) {
    return (int) facts.stream().filter(f -> f.kind() == kind).count();
  }

  /** The median; with an even count, the mean of the two middle values. */
  private static Optional<Duration> median(List<Fact> facts, Kind kind) {
    List<Duration> values =
        facts.stream()
            .filter(f -> f.kind() == kind)
            .map(Fact::duration)
            .sorted(Comparator.naturalOrder())
            .toList();
    if (values.isEmpty()) {
      return Optional.empty();
    }
    int mid = values.size() / 2;
    return Optional.of(
        values.size() % 2 == 1
            ? values.get(mid)
            : values.get(mid - 1).plus(values.get(mid)).dividedBy(2));
  }
}
