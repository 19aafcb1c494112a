package dev.mlpipe.console.models;

import dev.mlpipe.events.meta.EventMetas;
import dev.mlpipe.schemas.Approve;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.PipelineCommand;
import dev.mlpipe.schemas.Promote;
import dev.mlpipe.schemas.Rollback;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a button of the models page asks for, as the form it posts, turned into the {@link
 * PipelineCommand} the cli's {@code mlpipe approve / rollback} would publish. Form fields: {@code
 * action} (approve, promote, rollback), {@code model}, and per action {@code runId} (approve),
 * {@code version} and {@code environment} (promote), optional {@code toVersion} and {@code reason}
 * (rollback).
 */
public final class CommandRequest {

  private CommandRequest() {}

  /**
   * The command the form asks for.
   *
   * @param form the posted fields
   * @param metas makes the command's metadata (an approval keeps the approved run's id, as {@code
   *     mlpipe approve} does)
   * @param requestedBy who asked, recorded in the history
   * @throws IllegalArgumentException naming the field that is missing or wrong
   */
  public static PipelineCommand of(Map<String, String> form, EventMetas metas, String requestedBy) {
    Objects.requireNonNull(form, "form");
    Objects.requireNonNull(metas, "metas");
    Objects.requireNonNull(requestedBy, "requestedBy");
    String action = required(form, "action").toLowerCase(Locale.ROOT);
    String model = required(form, "model");
    PipelineCommand.Builder command =
        PipelineCommand.newBuilder().setModel(model).setRequestedBy(requestedBy);
    return switch (action) {
      case "approve" -> {
        String runId = required(form, "runId");
        yield command
            .setMeta(metas.newRun(runId))
            .setCommand(
                Approve.newBuilder().setRunId(runId).setEnvironment(Environment.PRODUCTION).build())
            .build();
      }
      case "promote" ->
          command
              .setMeta(metas.newRun())
              .setCommand(
                  Promote.newBuilder()
                      .setVersion(required(form, "version"))
                      .setEnvironment(environment(required(form, "environment")))
                      .build())
              .build();
      case "rollback" -> {
        String to = form.getOrDefault("toVersion", "").trim();
        String reason = form.getOrDefault("reason", "").trim();
        yield command
            .setMeta(metas.newRun())
            .setCommand(
                Rollback.newBuilder()
                    .setToVersion(to.isEmpty() ? null : to)
                    .setReason(reason.isEmpty() ? "manual rollback from the console" : reason)
                    .build())
            .build();
      }
      default ->
          throw new IllegalArgumentException(
              "action must be approve, promote or rollback, was '" + action + "'");
    };
  }

  private static Environment environment(String text) {
    try {
      return Environment.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "environment must be one of "
              + Arrays.toString(Environment.values()).toLowerCase(Locale.ROOT)
              + ", was '"
              + text
              + "'",
          e);
    }
  }

  private static String required(Map<String, String> form, String field) {
    String value = form.get(field);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is required");
    }
    return value.trim();
  }
}
