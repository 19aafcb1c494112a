package dev.mlpipe.cli.stage;

import dev.mlpipe.console.ConsoleApp;
import dev.mlpipe.events.stage.RunningStage;
import dev.mlpipe.events.stage.StageEnvironment;
import java.nio.file.Path;

/**
 * Shows the bearer token the console generated (because none was configured) on the terminal of the
 * person who started it, once: the only place it is ever printed.
 */
final class ConsoleTokenNotice implements ConsoleApp.TokenNotice {

  @Override
  public void generated(String token, Path file) {
    System.out.println(
        "console: no MLPIPE_CONSOLE_TOKEN set; generated this bearer token for the console's"
            + " buttons (shown only now, kept in "
            + file
            + "): "
            + token);
    System.out.flush();
  }

  /** Starts the console, showing a generated token on the terminal. */
  static RunningStage start(StageEnvironment env) {
    return ConsoleApp.start(env, new ConsoleTokenNotice());
  }
}
