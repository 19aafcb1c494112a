package dev.mlpipe.console.web;

import static dev.mlpipe.console.web.Html.esc;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Small line charts as inline SVG, drawn on the server: no script and no CDN, so a chart shows in
 * any browser, in a saved page and under the console's content security policy.
 */
final class Charts {

  static final int WIDTH = 420;
  static final int HEIGHT = 170;
  private static final int LEFT = 56;
  private static final int RIGHT = 12;
  private static final int TOP = 22;
  private static final int BOTTOM = 30;
  private static final int INSET = 10;

  private Charts() {}

  /**
   * One point: its label on the x axis (and in its tooltip), its value, and whether it is marked
   * (drawn red: over a threshold, a failed gate).
   */
  record Point(String label, double value, boolean marked) {
    Point {
      Objects.requireNonNull(label, "label");
    }
  }

  /**
   * A line through the points, evenly spaced in their order, with the threshold as a dashed line.
   *
   * @param title above the chart
   * @param points oldest first; at least one
   * @param threshold drawn across the chart when present
   */
  static String line(String title, List<Point> points, OptionalDouble threshold) {
    if (points.isEmpty()) {
      throw new IllegalArgumentException("a chart needs at least one point: " + title);
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Point p : points) {
      if (Double.isFinite(p.value())) {
        min = Math.min(min, p.value());
        max = Math.max(max, p.value());
      }
    }
    if (threshold.isPresent()) {
      min = Math.min(min, threshold.getAsDouble());
      max = Math.max(max, threshold.getAsDouble());
    }
    if (!Double.isFinite(min)) {
      min = 0;
      max = 1;
    }
    if (max - min < 1e-12) {
      double pad = Math.abs(max) > 0 ? Math.abs(max) * 0.1 : 1;
      min -= pad;
      max += pad;
    } else {
      double pad = (max - min) * 0.08;
      min -= pad;
      max += pad;
    }
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    StringBuilder b = new StringBuilder();
    b.append("<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"")
        .append(" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(HEIGHT)
        .append("\" data-points=\"")
        .append(points.size())
        .append("\"><title>")
        .append(esc(title))
        .append("</title>");
    b.append("<text x=\"")
        .append(LEFT)
        .append("\" y=\"14\" font-size=\"12\" font-weight=\"600\" fill=\"#1d232b\">")
        .append(esc(title))
        .append("</text>");
    // Axes and the range of the values.
    b.append(lineEl(LEFT, TOP, LEFT, TOP + plotH, "#9aa5b1", false));
    b.append(lineEl(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH, "#9aa5b1", false));
    b.append(text(LEFT - 4, TOP + 4, "end", number(max)));
    b.append(text(LEFT - 4, TOP + plotH, "end", number(min)));
    double span = max - min;
    if (threshold.isPresent()) {
      double y = TOP + plotH - (threshold.getAsDouble() - min) / span * plotH;
      b.append("<g class=\"threshold\">")
          .append(lineEl(LEFT, y, LEFT + plotW, y, "#b3261e", true))
          .append(text(LEFT + plotW, y - 3, "end", "threshold " + number(threshold.getAsDouble())))
          .append("</g>");
    }
    StringBuilder path = new StringBuilder();
    StringBuilder dots = new StringBuilder();
    int n = points.size();
    for (int i = 0; i < n; i++) {
      Point p = points.get(i);
      // Inset from the axes, so the first and last points do not sit on them.
      double x = n == 1 ? LEFT + plotW / 2 : LEFT + INSET + (plotW - 2 * INSET) * i / (n - 1);
      if (!Double.isFinite(p.value())) {
        continue;
      }
      double y = TOP + plotH - (p.value() - min) / span * plotH;
      path.append(path.length() == 0 ? "" : " ").append(coord(x)).append(',').append(coord(y));
      dots.append("<circle cx=\"")
          .append(coord(x))
          .append("\" cy=\"")
          .append(coord(y))
          .append("\" r=\"3.5\" fill=\"")
          .append(p.marked() ? "#b3261e" : "#1f5fbf")
          .append("\"><title>")
          .append(esc(p.label()))
          .append(": ")
          .append(esc(number(p.value())))
          .append("</title></circle>");
    }
    b.append("<polyline fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"1.5\" points=\"")
        .append(path)
        .append("\"/>")
        .append(dots);
    b.append(text(LEFT, HEIGHT - 10, "start", points.get(0).label()));
    if (n > 1) {
      b.append(text(LEFT + plotW, HEIGHT - 10, "end", points.get(n - 1).label()));
    }
    b.append("</svg></figure>");
    return b.toString();
  }

  private static String lineEl(
      double x1, double y1, double x2, double y2, String color, boolean dashed) {
    return "<line x1=\""
        + coord(x1)
        + "\" y1=\""
        + coord(y1)
        + "\" x2=\""
        + coord(x2)
        + "\" y2=\""
        + coord(y2)
        + "\" stroke=\""
        + color
        + "\""
        + (dashed ? " stroke-dasharray=\"5 4\"" : "")
        + "/>";
  }

  private static String text(double x, double y, String anchor, String value) {
    return "<text x=\""
        + coord(x)
        + "\" y=\""
        + coord(y)
        + "\" text-anchor=\""
        + anchor
        + "\" font-size=\"10\" fill=\"#6b7785\">"
        + esc(value)
        + "</text>";
  }

  private static String coord(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** Four significant digits, as the cli's tables show metrics. */
  static String number(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
