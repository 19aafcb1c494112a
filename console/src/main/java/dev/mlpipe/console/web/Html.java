package dev.mlpipe.console.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Escaping and the page frame every console page shares. */
final class Html {

  private static final String[][] NAV = {
    {"/", "Overview"},
    {"/topics", "Topics"},
    {"/runs", "Runs"},
    {"/models", "Models"},
    {"/drift", "Drift"},
    {"/delivery", "Delivery"}
  };

  private Html() {}

  /** Text made safe for element content and quoted attribute values. */
  static String esc(Object value) {
    String text = String.valueOf(value);
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A path segment or query value. */
  static String url(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A whole page: title, navigation with {@code active} marked, the body. */
  static String page(String title, String active, String body) {
    StringBuilder out = new StringBuilder(body.length() + 1024);
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>")
        .append(esc(title))
        .append(" - mlpipe</title>")
        .append("<link rel=\"stylesheet\" href=\"/static/console.css\">")
        .append("<script src=\"/static/console.js\" defer></script>")
        .append("</head><body><header><span class=\"brand\">mlpipe</span><nav>");
    for (String[] item : NAV) {
      out.append("<a href=\"")
          .append(item[0])
          .append('"')
          .append(item[1].equals(active) ? " class=\"active\"" : "")
          .append('>')
          .append(item[1])
          .append("</a>");
    }
    out.append("</nav></header><main><h1>")
        .append(esc(title))
        .append("</h1>\n")
        .append(body)
        .append("</main></body></html>\n");
    return out.toString();
  }
}
