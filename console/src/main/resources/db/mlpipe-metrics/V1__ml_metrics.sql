-- The model metrics of every run, as the mlpipe metrics sink writes them: one row per model,
-- version, run, environment ('training' for the holdout metrics of a training, else the
-- environment a version was deployed to) and metric. The key makes a redelivered event's insert
-- a no-op.
CREATE TABLE ml_metrics (
  model        TEXT             NOT NULL,
  version      TEXT             NOT NULL,
  run          TEXT             NOT NULL,
  environment  TEXT             NOT NULL,
  metric       TEXT             NOT NULL,
  value        DOUBLE PRECISION NOT NULL,
  recorded_at  TIMESTAMPTZ      NOT NULL,
  PRIMARY KEY (model, version, run, environment, metric)
);

-- Grafana's time series of one metric of one model.
CREATE INDEX ml_metrics_model_metric_time ON ml_metrics (model, metric, recorded_at);
