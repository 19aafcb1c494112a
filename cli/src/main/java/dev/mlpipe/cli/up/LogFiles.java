package dev.mlpipe.cli.up;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Sends every log line of this process to one file, so the terminal of {@code mlpipe up} shows only
 * the ready line and the live view of the pipeline, and each stage process writes a log of its own.
 */
public final class LogFiles {

  private LogFiles() {}

  /** Replaces the logging configuration: everything at INFO (Kafka at WARN) into {@code file}. */
  public static void redirectTo(Path file) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();

    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n");
    encoder.start();

    FileAppender<ILoggingEvent> appender = new FileAppender<>();
    appender.setContext(context);
    appender.setName("FILE");
    appender.setFile(file.toString());
    appender.setAppend(true);
    appender.setEncoder(encoder);
    appender.start();

    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(appender);
    context.getLogger("org.apache.kafka").setLevel(Level.WARN);
    context.getLogger("kafka").setLevel(Level.WARN);
    context.getLogger("state.change.logger").setLevel(Level.WARN);
  }
}
