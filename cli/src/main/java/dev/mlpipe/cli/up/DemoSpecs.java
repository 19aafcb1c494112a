package dev.mlpipe.cli.up;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The demo's deliberately worse spec: the example's, with a rank-1 model trained for one epoch. */
final class DemoSpecs {

  private static final Pattern RANK =
      Pattern.compile("(?m)^(?<key>[ \\t]+rank:[ \\t]*)\\d+[ \\t]*$");
  private static final Pattern EPOCHS =
      Pattern.compile("(?m)^(?<key>[ \\t]+epochs:[ \\t]*)\\d+[ \\t]*$");

  private DemoSpecs() {}

  /** {@code spec} with {@code rank: 1} and {@code epochs: 1}. */
  static String worse(String spec) {
    Matcher rank = RANK.matcher(spec);
    if (!rank.find()) {
      throw new IllegalArgumentException(
          "the demo's example spec has no hyperParameters rank line to make worse");
    }
    String out = rank.replaceFirst("${key}1");
    Matcher epochs = EPOCHS.matcher(out);
    if (!epochs.find()) {
      throw new IllegalArgumentException(
          "the demo's example spec has no hyperParameters epochs line to make worse");
    }
    return epochs.replaceFirst("${key}1");
  }
}
