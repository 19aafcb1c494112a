package dev.mlpipe.gatekeeper.champion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlpipe.events.serde.SampleEvents;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.RolledBack;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChampionRulesTest {

  private static ModelDeployed deployed(String version, Environment env, int share) {
    return ModelDeployed.newBuilder(SampleEvents.modelDeployed())
        .setVersion(version)
        .setEnvironment(env)
        .setTrafficPercent(share)
        .setMetrics(Map.of("rmse", 0.7))
        .build();
  }

  private static RolledBack rollback(String from, String to, Environment env) {
    return RolledBack.newBuilder(SampleEvents.rolledBack())
        .setFromVersion(from)
        .setToVersion(to)
        .setEnvironment(env)
        .build();
  }

  @Test
  void shouldMakeOnlyAProductionDeploymentAtAllTrafficTheChampion() {
    assertThat(ChampionRules.makesChampion(deployed("v1", Environment.PRODUCTION, 100))).isTrue();
    assertThat(ChampionRules.makesChampion(deployed("v1", Environment.PRODUCTION, 25))).isFalse();
    assertThat(ChampionRules.makesChampion(deployed("v1", Environment.STAGING, 100))).isFalse();
  }

  @Test
  void shouldMakeTheVersionTrafficWentBackToTheChampionWithItsOwnMetrics() {
    ModelDeployed v0 = deployed("v0", Environment.PRODUCTION, 100);

    ChampionRules.Change change =
        ChampionRules.afterRollback(
            rollback("v1", "v0", Environment.PRODUCTION),
            Optional.of(deployed("v1", Environment.PRODUCTION, 100)),
            version -> version.equals("v0") ? Optional.of(v0) : Optional.empty());

    assertThat(change).isInstanceOf(ChampionRules.Champion.class);
    ModelDeployed champion = ((ChampionRules.Champion) change).deployment();
    assertThat(champion.getVersion()).isEqualTo("v0");
    assertThat(champion.getMetrics()).isEqualTo(v0.getMetrics());
    assertThat(champion.getPreviousVersion()).isEqualTo("v1");
  }

  @Test
  void shouldLeaveTheChampionWhenARolledBackCanaryNeverReplacedIt() {
    ChampionRules.Change change =
        ChampionRules.afterRollback(
            rollback("v1", "v0", Environment.PRODUCTION),
            Optional.of(deployed("v0", Environment.PRODUCTION, 100)),
            version -> Optional.empty());

    assertThat(change).isInstanceOf(ChampionRules.Unchanged.class);
  }

  @Test
  void shouldKnowNoChampionWhenTrafficWentBackToAVersionNeverSeenInProduction() {
    ChampionRules.Change change =
        ChampionRules.afterRollback(
            rollback("v1", "v0", Environment.PRODUCTION),
            Optional.of(deployed("v1", Environment.PRODUCTION, 100)),
            version -> Optional.empty());

    assertThat(change).isInstanceOf(ChampionRules.Unknown.class);
    assertThat(((ChampionRules.Unknown) change).why()).contains("v0").contains("never saw");
  }

  @Test
  void shouldIgnoreARollbackOutsideProduction() {
    assertThat(
            ChampionRules.afterRollback(
                rollback("v1", "v0", Environment.STAGING),
                Optional.of(deployed("v1", Environment.PRODUCTION, 100)),
                version -> Optional.empty()))
        .isInstanceOf(ChampionRules.Unchanged.class);
  }
}
