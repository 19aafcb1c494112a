package dev.mlpipe.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One run of the {@code mlpipe} command line in this JVM, with what it printed.
 *
 * @param exitCode the exit code
 * @param out what it printed to standard output
 * @param err what it printed to standard error
 */
public record CommandLineRun(int exitCode, String out, String err) {

  /** Runs {@code mlpipe args...} and captures its output. */
  public static CommandLineRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new CommandLineRun(code, out.toString(), err.toString());
  }

  /** The value of a {@code name=value} line of the output. */
  public String field(String name) {
    return out.lines()
        .filter(l -> l.startsWith(name + "="))
        .map(l -> l.substring(name.length() + 1))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + "= line in: " + out + err));
  }
}
