package dev.mlpipe.webhook.github;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A path or branch pattern as in {@code .gitignore} and GitHub Actions filters: {@code *} matches
 * within one path segment, {@code **} any number of segments (also none), {@code ?} one character
 * other than {@code /}. {@code models/recsys/**} matches every path under {@code models/recsys}.
 *
 * @param pattern the pattern as written
 */
public record Glob(String pattern) {

  public Glob {
    Objects.requireNonNull(pattern, "pattern");
    if (pattern.isBlank()) {
      throw new IllegalArgumentException("a glob pattern must not be blank");
    }
  }

  /** Whether the whole {@code value} matches. */
  public boolean matches(String value) {
    return regex().matcher(value).matches();
  }

  private Pattern regex() {
    StringBuilder regex = new StringBuilder();
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
        boolean slashAfter = i + 2 < pattern.length() && pattern.charAt(i + 2) == '/';
        // "**/" also matches no directory at all, so "a/**/b" matches "a/b".
        regex.append(slashAfter ? "(?:.*/)?" : ".*");
        i += slashAfter ? 3 : 2;
      } else if (c == '*') {
        regex.append("[^/]*");
        i++;
      } else if (c == '?') {
        regex.append("[^/]");
        i++;
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
        i++;
      }
    }
    return Pattern.compile(regex.toString());
  }

  @Override
  public String toString() {
    return pattern;
  }
}
