package dev.mlpipe.console.models;

import dev.mlpipe.console.runs.PipelineEvent;
import dev.mlpipe.schemas.DriftDetected;
import dev.mlpipe.schemas.FeatureDrift;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One feature's drift statistic of one model over time, from the {@code FeatureDrift} entries of
 * its DriftDetected events.
 *
 * @param model the model
 * @param feature the feature (or {@code prediction}, {@code quality} for those kinds)
 * @param statistic PSI, KS, CHI2, ...
 * @param points the windows, oldest first
 */
public record DriftSeries(String model, String feature, String statistic, List<Point> points) {

  public DriftSeries {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(feature, "feature");
    Objects.requireNonNull(statistic, "statistic");
    points = List.copyOf(points);
    if (points.isEmpty()) {
      throw new IllegalArgumentException(
          "drift series " + model + "/" + feature + "/" + statistic + " has no points");
    }
  }

  /**
   * One window's statistic.
   *
   * @param windowEnd the end of the window it was computed over
   * @param version the version that served the window
   * @param value the statistic
   * @param threshold the threshold it was compared with
   * @param drifted whether it counted as drift
   */
  public record Point(
      Instant windowEnd, String version, double value, double threshold, boolean drifted) {
    public Point {
      Objects.requireNonNull(windowEnd, "windowEnd");
      Objects.requireNonNull(version, "version");
    }
  }

  /** The latest threshold (thresholds may change with the configuration). */
  public double threshold() {
    return points.get(points.size() - 1).threshold();
  }

  /**
   * Every series of every model, by model, then feature, then statistic; events that are not
   * DriftDetected are ignored.
   */
  public static List<DriftSeries> fold(List<PipelineEvent> events) {
    Map<Key, List<Point>> series =
        new TreeMap<>(
            Comparator.comparing(Key::model)
                .thenComparing(Key::feature)
                .thenComparing(Key::statistic));
    for (PipelineEvent e : events) {
      if (e.value() instanceof DriftDetected d) {
        for (FeatureDrift f : d.getFeatures()) {
          series
              .computeIfAbsent(
                  new Key(e.model(), f.getFeature(), f.getStatistic()), k -> new ArrayList<>())
              .add(
                  new Point(
                      d.getWindowEnd(),
                      d.getVersion(),
                      f.getValue(),
                      f.getThreshold(),
                      f.getDrifted()));
        }
      }
    }
    List<DriftSeries> out = new ArrayList<>();
    series.forEach(
        (key, points) -> {
          points.sort(Comparator.comparing(Point::windowEnd));
          out.add(new DriftSeries(key.model(), key.feature(), key.statistic(), points));
        });
    return out;
  }

  private record Key(String model, String feature, String statistic) {}
}
