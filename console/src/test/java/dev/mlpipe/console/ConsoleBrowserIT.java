package dev.mlpipe.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlpipe.console.runs.PipelineEvent;
import dev.mlpipe.console.runs.RunStory;
import dev.mlpipe.events.broker.EmbeddedKafka;
import dev.mlpipe.events.registry.HttpSchemaRegistryClient;
import dev.mlpipe.events.registry.server.EmbeddedSchemaRegistry;
import dev.mlpipe.events.serde.AvroWireSerializer;
import dev.mlpipe.events.serde.EventSerdes;
import dev.mlpipe.events.stage.RunningStage;
import dev.mlpipe.events.stage.StageEnvironment;
import dev.mlpipe.events.topic.SchemaSetup;
import dev.mlpipe.events.topic.TopicSetup;
import dev.mlpipe.events.topic.Topics;
import dev.mlpipe.schemas.Approve;
import dev.mlpipe.schemas.Environment;
import dev.mlpipe.schemas.PipelineCommand;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (headless Chromium through its chromedriver) against a real broker
 * with a few runs' events: the runs and models pages show their data, the drift chart renders, and
 * the approve button publishes the command. Screenshots go to {@code target/screenshots}. Skipped,
 * saying why, where no Chromium is installed ({@code .ci/run} installs Debian's packages).
 */
@Timeout(120)
@EnabledIf(
    value = "chromiumFound",
    disabledReason =
        "no Chromium and chromedriver found (looked at MLPIPE_CHROMIUM / MLPIPE_CHROMEDRIVER,"
            + " /usr/bin/chromium, /usr/bin/chromedriver); install Debian's chromium and"
            + " chromium-driver packages, as .ci/run does, to run the browser test")
class ConsoleBrowserIT {

  private static final String TOKEN = "browser-test-token";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @TempDir static Path dataDir;

  private static EmbeddedKafka kafka;
  private static EmbeddedSchemaRegistry registry;
  private static HttpSchemaRegistryClient registryClient;
  private static RunningStage console;
  private static WebDriver browser;
  private static URI base;
  private static String waitingRun;

  /** Whether a Chromium and its chromedriver are installed (the condition of this test). */
  static boolean chromiumFound() {
    return chromium().isPresent() && driver().isPresent();
  }

  private static Optional<Path> chromium() {
    return executable("MLPIPE_CHROMIUM", "/usr/bin/chromium", "/usr/bin/chromium-browser");
  }

  private static Optional<Path> driver() {
    return executable(
        "MLPIPE_CHROMEDRIVER", "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
  }

  @BeforeAll
  static void start() throws Exception {
    Optional<Path> chromium = chromium();
    Optional<Path> driver = driver();

    kafka = EmbeddedKafka.startTemporary();
    try (TopicSetup topics = TopicSetup.connect(kafka.bootstrapServers(), 1)) {
      topics.createCatalogue();
    }
    registry = EmbeddedSchemaRegistry.startInMemory();
    registryClient = HttpSchemaRegistryClient.of(registry.url());
    new SchemaSetup(registryClient).registerCatalogue();
    publishStories();
    console =
        ConsoleApp.start(
            new StageEnvironment(
                kafka.bootstrapServers(), URI.create(registry.url()), dataDir, "dev", "browser"),
            new ConsoleConfig("127.0.0.1", 0, Optional.of(TOKEN)));
    base = URI.create(console.endpoints().get("console"));

    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.get().toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--window-size=1400,1000");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(driver.get().toFile()).build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(WAIT);
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  static void stop() {
    Stream.<AutoCloseable>of(
            browser == null ? null : browser::quit, console, registryClient, registry, kafka)
        .forEach(
            c -> {
              try {
                if (c != null) {
                  c.close();
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
  }

  @Test
  void shouldShowTheRunsWithEachStagesOutcome() throws IOException {
    browser.get(base.resolve("/runs").toString());
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              browser.navigate().refresh();
              assertThat(browser.findElement(By.cssSelector("table.runs")).getText())
                  .contains("in production")
                  .contains("in staging");
            });
    String table = browser.findElement(By.cssSelector("table.runs")).getText();
    assertThat(table).contains("recommender").contains("succeeded");
    screenshot("runs");

    browser.findElement(By.cssSelector("table.runs tbody tr:last-child td a")).click();
    assertThat(browser.findElement(By.cssSelector("dl.trace")).getText())
        .contains(RunStory.SHA)
        .contains(RunStory.ARTIFACT);
    screenshot("run");
  }

  @Test
  void shouldShowTheModelsVersionsAndPublishAnApprovalFromItsButton() throws IOException {
    browser.get(base.resolve("/models").toString());
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              browser.navigate().refresh();
              assertThat(browser.findElement(By.cssSelector("p.traffic")).getText())
                  .contains("production: v1 100%")
                  .contains("staging: v2 100%");
            });
    WebElement versions = browser.findElement(By.cssSelector("table.versions"));
    assertThat(versions.getText()).contains("rmse = 0.6400").contains("passed (2/2 checks)");
    assertThat(browser.findElements(By.cssSelector("figure.chart svg circle"))).hasSize(2);

    WebElement approve = browser.findElement(By.cssSelector("button[data-action=approve]"));
    approve.click();
    WebElement result = browser.findElement(By.id("command-result"));
    assertThat(result.getText()).contains("bearer token");

    browser.findElement(By.id("token")).sendKeys("not-the-token");
    approve.click();
    new WebDriverWait(browser, WAIT)
        .until(ExpectedConditions.textToBePresentInElement(result, "403"));

    WebElement token = browser.findElement(By.id("token"));
    token.clear();
    token.sendKeys(TOKEN);
    browser.findElement(By.id("by")).sendKeys("ada");
    approve.click();
    new WebDriverWait(browser, WAIT)
        .until(ExpectedConditions.textToBePresentInElement(result, "Approve of recommender"));
    screenshot("models");

    PipelineCommand command = approval(waitingRun);
    assertThat(command.getModel()).isEqualTo("recommender");
    assertThat(command.getRequestedBy()).isEqualTo("console:ada");
    assertThat(((Approve) command.getCommand()).getEnvironment()).isEqualTo(Environment.PRODUCTION);
  }

  @Test
  void shouldDrawTheDriftChartWithItsThreshold() throws IOException {
    browser.get(base.resolve("/drift").toString());
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              browser.navigate().refresh();
              assertThat(browser.findElements(By.cssSelector("section.drift svg circle")))
                  .hasSize(3);
            });
    assertThat(browser.findElement(By.cssSelector("section.drift")).getText())
        .contains("user_id · PSI")
        .contains("threshold 0.2000");
    screenshot("drift");
  }

  private static void publishStories() throws Exception {
    EventSerdes serdes = new EventSerdes(registryClient);
    Instant t0 = Instant.now().minus(Duration.ofHours(2));
    RunStory first = new RunStory("browser-" + UUID.randomUUID(), "recommender", t0).version("v1");
    waitingRun = "browser-" + UUID.randomUUID();
    RunStory second =
        new RunStory(waitingRun, "recommender", t0.plus(Duration.ofHours(1))).version("v2");
    List<PipelineEvent> events = new ArrayList<>();
    events.add(first.commit(0));
    events.add(first.trainingStarted(1));
    events.add(first.trainingFinished(10, Map.of("rmse", 0.71)));
    events.addAll(first.happyPath().subList(3, 8));
    events.add(second.commit(0));
    events.add(second.trainingStarted(1));
    events.add(second.trainingFinished(10, Map.of("rmse", 0.64)));
    events.add(second.validationPassed(12));
    events.add(second.deployed(13, Environment.STAGING, 100));
    events.add(first.featureDrift(1800, "user_id", 0.08, 0.2));
    events.add(first.featureDrift(2400, "user_id", 0.15, 0.2));
    events.add(first.featureDrift(3000, "user_id", 0.27, 0.2));
    try (KafkaProducer<String, SpecificRecord> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new AvroWireSerializer<>(registryClient, serdes.config()))) {
      for (PipelineEvent e : events) {
        producer.send(new ProducerRecord<>(e.topic(), e.model(), e.value())).get();
      }
    }
  }

  /** The Approve command of the run, read back from the commands topic. */
  private static PipelineCommand approval(String runId) {
    EventSerdes serdes = new EventSerdes(registryClient);
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    List<PipelineCommand> found = new CopyOnWriteArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> tps =
          consumer.partitionsFor(Topics.COMMANDS.name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      await()
          .atMost(WAIT)
          .until(
              () -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                  PipelineCommand c =
                      serdes
                          .decoder(Topics.COMMANDS)
                          .decode(r.topic(), r.partition(), r.offset(), r.value());
                  if (c.getCommand() instanceof Approve a && a.getRunId().equals(runId)) {
                    found.add(c);
                  }
                }
                return !found.isEmpty();
              });
    }
    return found.get(0);
  }

  private static void screenshot(String name) throws IOException {
    byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(SCREENSHOTS.resolve(name + ".png"), png);
  }

  private static Optional<Path> executable(String env, String... candidates) {
    String configured = System.getenv(env);
    if (configured != null && !configured.isBlank()) {
      Path p = Path.of(configured);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    return Stream.of(candidates).map(Path::of).filter(Files::isExecutable).findFirst();
  }
}
