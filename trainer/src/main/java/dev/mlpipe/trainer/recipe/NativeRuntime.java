package dev.mlpipe.trainer.recipe;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds Deeplearning4j's native side from code, so no process has to export anything: one
 * OpenMP/BLAS thread (twice as fast on two shared cores, and no latency spikes) and a cap on
 * JavaCPP's off-heap memory. Must run before ND4J loads its backend; {@link #configure()} is
 * idempotent and every DL4J recipe calls it first.
 */
public final class NativeRuntime {

  private static final Logger log = LoggerFactory.getLogger(NativeRuntime.class);

  /** Off-heap bytes JavaCPP may hold for ND4J arrays unless the JVM was started with a bound. */
  static final String DEFAULT_MAX_OFF_HEAP = "1g";

  private static boolean configured;

  private NativeRuntime() {}

  /** Sets the thread count and memory bounds once; later calls do nothing. */
  public static synchronized void configure() {
    if (configured) {
      return;
    }
    // Read by JavaCPP when it first loads; a -D on the command line wins.
    setIfAbsent("org.bytedeco.javacpp.maxbytes", DEFAULT_MAX_OFF_HEAP);
    long heap = Runtime.getRuntime().maxMemory();
    long physical = heap + 1536L * 1024 * 1024;
    setIfAbsent("org.bytedeco.javacpp.maxphysicalbytes", Long.toString(physical));
    // OpenMP reads OMP_NUM_THREADS from the environment when libnd4j loads; the launcher sets it,
    // and these calls bound a process started without it.
    Nd4j.getEnvironment().setMaxThreads(1);
    Nd4j.getEnvironment().setMaxMasterThreads(1);
    Nd4j.factory().blas().setMaxThreads(1);
    configured = true;
    log.debug(
        "ND4J: 1 thread, off-heap bound {}, physical bound {} bytes",
        System.getProperty("org.bytedeco.javacpp.maxbytes"),
        System.getProperty("org.bytedeco.javacpp.maxphysicalbytes"));
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
