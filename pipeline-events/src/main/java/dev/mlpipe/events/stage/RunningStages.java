package dev.mlpipe.events.stage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/** Builds the {@link RunningStage} of a stage out of the parts it started. */
public final class RunningStages {

  private RunningStages() {}

  /**
   * A running stage whose state is {@code isRunning} and which closes {@code resources} in the
   * given order (e.g. the HTTP server before the consumer loop before the clients), every one of
   * them even when an earlier one fails; the first failure is thrown with the others suppressed.
   *
   * @param endpoints what the stage adds to the ready line, in order
   */
  public static RunningStage of(
      String name,
      Map<String, String> endpoints,
      BooleanSupplier isRunning,
      AutoCloseable... resources) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(isRunning, "isRunning");
    Map<String, String> ordered = new LinkedHashMap<>(endpoints);
    List<AutoCloseable> closeInOrder = List.of(resources);
    return new RunningStage() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Map<String, String> endpoints() {
        return ordered;
      }

      @Override
      public boolean isRunning() {
        return isRunning.getAsBoolean();
      }

      @Override
      public void close() {
        closeAll(name, closeInOrder);
      }
    };
  }

  /** Closes every resource in order; throws the first failure with the others suppressed. */
  public static void closeAll(String stage, List<? extends AutoCloseable> resources) {
    RuntimeException failure = null;
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        RuntimeException wrapped =
            e instanceof RuntimeException r
                ? r
                : new IllegalStateException(stage + ": closing " + resource + " failed: " + e, e);
        if (failure == null) {
          failure = wrapped;
        } else {
          failure.addSuppressed(wrapped);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
