package dev.mlpipe.cli;

import dev.mlpipe.events.registry.RegistryUnavailableException;
import dev.mlpipe.events.registry.SchemaRegistryException;
import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns what a command throws into one line a person can act on: {@code mlpipe: <message>}. The
 * stack trace goes to the log file, never to the terminal.
 */
final class ErrorReporter implements IExecutionExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ErrorReporter.class);

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parseResult) {
    PrintWriter err = cli.getErr();
    int code;
    String message;
    if (e instanceof UserError u) {
      message = u.getMessage();
      code = u.exitCode();
    } else if (e instanceof IllegalArgumentException) {
      message = e.getMessage();
      code = 2;
    } else if (e instanceof RegistryUnavailableException) {
      message = e.getMessage() + " " + EventCodec.REGISTRY_HINT;
      code = 1;
    } else if (e instanceof SchemaRegistryException r) {
      message = "the schema registry refused: " + r.getMessage() + " (error " + r.errorCode() + ")";
      code = 1;
    } else {
      message = e.getClass().getSimpleName() + ": " + e.getMessage();
      code = 1;
    }
    log.error("{} failed: {}", cli.getCommandName(), message, e);
    err.println("mlpipe: " + message);
    err.flush();
    return code;
  }
}
