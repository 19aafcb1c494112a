package dev.mlpipe.gatekeeper.topology;

import dev.mlpipe.gatekeeper.champion.ChampionRules;
import dev.mlpipe.schemas.ModelDeployed;
import dev.mlpipe.schemas.RolledBack;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keep the champion store (model to the deployment that made its champion) and the production store
 * ({@code model@version} to that version's last production deployment) up to date, by {@link
 * ChampionRules}.
 */
final class ChampionProcessors {

  private static final Logger LOG = LoggerFactory.getLogger(ChampionProcessors.class);

  private ChampionProcessors() {}

  static String versionKey(String model, String version) {
    return model + "@" + version;
  }

  /** Folds ModelDeployed: remembers production deployments; one at 100 % is the champion. */
  static final class Deployments implements Processor<String, ModelDeployed, Void, Void> {

    private KeyValueStore<String, ModelDeployed> champions;
    private KeyValueStore<String, ModelDeployed> production;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      champions = context.getStateStore(GatekeeperTopology.CHAMPIONS_STORE);
      production = context.getStateStore(GatekeeperTopology.PRODUCTION_STORE);
    }

    @Override
    public void process(Record<String, ModelDeployed> record) {
      ModelDeployed deployed = record.value();
      if (deployed == null || !ChampionRules.remembered(deployed)) {
        return;
      }
      production.put(versionKey(deployed.getModel(), deployed.getVersion()), deployed);
      if (ChampionRules.makesChampion(deployed)) {
        champions.put(deployed.getModel(), deployed);
        LOG.info(
            "runId={} model={} version={}: champion (production at 100 %)",
            deployed.getMeta().getRunId(), deployed.getModel(), deployed.getVersion());
      }
    }
  }

  /** Folds RolledBack: the version traffic went back to is the champion again. */
  static final class Rollbacks implements Processor<String, RolledBack, Void, Void> {

    private KeyValueStore<String, ModelDeployed> champions;
    private KeyValueStore<String, ModelDeployed> production;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      champions = context.getStateStore(GatekeeperTopology.CHAMPIONS_STORE);
      production = context.getStateStore(GatekeeperTopology.PRODUCTION_STORE);
    }

    @Override
    public void process(Record<String, RolledBack> record) {
      RolledBack rollback = record.value();
      if (rollback == null) {
        return;
      }
      String model = rollback.getModel();
      ChampionRules.Change change =
          ChampionRules.afterRollback(
              rollback,
              Optional.ofNullable(champions.get(model)),
              version -> Optional.ofNullable(production.get(versionKey(model, version))));
      if (change instanceof ChampionRules.Champion champion) {
        champions.put(model, champion.deployment());
        LOG.info(
            "runId={} model={}: rolled back {} -> {}; the champion is {} again",
            rollback.getMeta().getRunId(),
            model,
            rollback.getFromVersion(),
            rollback.getToVersion(),
            rollback.getToVersion());
      } else if (change instanceof ChampionRules.Unknown unknown) {
        champions.delete(model);
        LOG.warn(
            "runId={} model={}: rolled back {} -> {}; no champion: {}",
            rollback.getMeta().getRunId(),
            model,
            rollback.getFromVersion(),
            rollback.getToVersion(),
            unknown.why());
      } else {
        LOG.debug(
            "model={}: rollback {} -> {} leaves the champion: {}",
            model,
            rollback.getFromVersion(),
            rollback.getToVersion(),
            ((ChampionRules.Unchanged) change).why());
      }
    }
  }
}
