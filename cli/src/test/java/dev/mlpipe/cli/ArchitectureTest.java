package dev.mlpipe.cli;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module and package rules of DESIGN.md and STYLE.md, checked on the production classes of
 * every module on the cli's classpath (the cli is the module that sees them all).
 *
 * <p>Top-level packages under {@code dev.mlpipe} are either foundation ({@code schemas}, {@code
 * events}, {@code models}, {@code cli}) or a stage ({@code trainer}, {@code gatekeeper}, {@code
 * deployer}, {@code drift}, {@code webhook}, {@code console}, and any new one): the stage rules
 * apply to every top-level package that is not foundation, so they bite as soon as a stage module
 * exists.
 */
class ArchitectureTest {

  static final String ROOT = "dev.mlpipe";

  /** Top-level packages that are not stages; a new shared top-level package must be added here. */
  static final Set<String> FOUNDATION = Set.of("schemas", "events", "models", "cli");

  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(new DoNotIncludeTestJars())
            .importPackages(ROOT);
  }

  @Test
  void shouldImportEveryModulesProductionClasses() {
    assertThat(production.containPackage("dev.mlpipe.schemas")).as("schemas").isTrue();
    assertThat(production.containPackage("dev.mlpipe.events.topic")).as("pipeline-events").isTrue();
    assertThat(production.containPackage("dev.mlpipe.cli")).as("cli").isTrue();
    assertThat(production.containPackage("dev.mlpipe.models.data")).as("models").isTrue();
    assertThat(production.containPackage("dev.mlpipe.cli.archfixture"))
        .as("test fixtures are not production code")
        .isFalse();
  }

  @Test
  void shouldKeepSchemasFreeOfEveryOtherModule() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".schemas..")
        .should()
        .dependOnClassesThat(
            resideInAPackage(ROOT + "..").and(resideOutsideOfPackage(ROOT + ".schemas..")))
        .because("schemas is the wire contract at the bottom of the module graph")
        .check(production);
  }

  @Test
  void shouldKeepPipelineEventsIndependentOfTheCli() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".events..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(ROOT + ".cli..")
        .because("pipeline-events is shared by every stage; only the cli wires things together")
        .check(production);
  }

  @Test
  void shouldKeepModelsPureAndIndependentOfKafkaAndTheStages() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".models..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("org.apache.kafka..")
                .or(resideInAPackage(ROOT + ".events.."))
                .or(resideInAPackage(ROOT + ".cli.."))
                .or(inAStage(ROOT, FOUNDATION)))
        .because(
            "models is what the trainer, the gatekeeper and the deployer share about a model;"
                + " it must stay plain Java so any of them can use it")
        .check(production);
  }

  @Test
  void shouldKeepPipelineEventsIndependentOfEveryStage() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".events..")
        .should()
        .dependOnClassesThat(inAStage(ROOT, FOUNDATION))
        .because("what two stages share belongs in pipeline-events, not the other way round")
        .allowEmptyShould(true)
        .check(production);
  }

  @Test
  void shouldKeepStagesIndependentOfEachOther() {
    classes()
        .that()
        .resideInAPackage(ROOT + "..")
        .should(notDependOnAnotherStage(ROOT, FOUNDATION))
        .because("stages talk only through Kafka topics (choreography, no direct calls)")
        .allowEmptyShould(true)
        .check(production);
  }

  @Test
  void shouldKeepStagesIndependentOfTheCli() {
    noClasses()
        .that(inAStage(ROOT, FOUNDATION))
        .should()
        .dependOnClassesThat()
        .resideInAPackage(ROOT + ".cli..")
        .because("the cli wires the stages, never the other way round")
        .allowEmptyShould(true)
        .check(production);
  }

  @Test
  void shouldUseInternalPackagesOnlyFromTheirOwnTopLevelPackage() {
    classes()
        .that()
        .resideInAPackage(ROOT + "..")
        .should(notUseInternalsOfAnotherTopLevelPackage(ROOT))
        .because("what other modules must not touch lives in an internal subpackage")
        .check(production);
  }

  @Test
  void shouldNotNamePackagesAfterLayersOrGrabBags() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + "..")
        .should()
        .resideInAnyPackage(
            "..util..",
            "..utils..",
            "..helper..",
            "..helpers..",
            "..manager..",
            "..managers..",
            "..service..",
            "..services..")
        .because("packages are named by feature, one sentence says what each is for")
        .check(production);
  }

  @Test
  void shouldLogThroughSlf4jOutsideTheCli() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + "..")
        .and()
        .resideOutsideOfPackage(ROOT + ".cli..")
        .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
        .orShould(GeneralCodingRules.USE_JAVA_UTIL_LOGGING)
        .because("services log through SLF4J; only the cli writes to the terminal")
        .check(production);
  }

  @Test
  void shouldReportAClassUsingAnotherTopLevelPackagesInternals() {
    JavaClasses fixtures = new ClassFileImporter().importPackages(ROOT + ".cli.archfixture");

    EvaluationResult result =
        classes()
            .should(notUseInternalsOfAnotherTopLevelPackage(ROOT + ".cli.archfixture"))
            .evaluate(fixtures);

    assertThat(result.getFailureReport().getDetails())
        .singleElement()
        .asString()
        .contains("beta.Peeker")
        .contains("alpha.internal.Hidden");
  }

  @Test
  void shouldReportAStageUsingAnotherStage() {
    JavaClasses fixtures = new ClassFileImporter().importPackages(ROOT + ".cli.archfixture");

    EvaluationResult asStages =
        classes()
            .should(notDependOnAnotherStage(ROOT + ".cli.archfixture", Set.of()))
            .evaluate(fixtures);
    EvaluationResult alphaAsFoundation =
        classes()
            .should(notDependOnAnotherStage(ROOT + ".cli.archfixture", Set.of("alpha")))
            .evaluate(fixtures);

    assertThat(asStages.getFailureReport().getDetails())
        .singleElement()
        .asString()
        .contains("beta.Peeker")
        .contains("alpha.internal.Hidden");
    assertThat(alphaAsFoundation.hasViolation()).isFalse();
  }

  /** The top-level package under root of a package name ({@code alpha} of root.alpha.x.y). */
  static Optional<String> topLevelOf(String root, String packageName) {
    if (!packageName.startsWith(root + ".")) {
      return Optional.empty();
    }
    String rest = packageName.substring(root.length() + 1);
    int dot = rest.indexOf('.');
    return Optional.of(dot < 0 ? rest : rest.substring(0, dot));
  }

  static DescribedPredicate<JavaClass> inAStage(String root, Set<String> foundation) {
    return DescribedPredicate.describe(
        "reside in a stage package (" + root + ".* other than " + foundation + ")",
        c -> topLevelOf(root, packageOf(c)).filter(t -> !foundation.contains(t)).isPresent());
  }

  static ArchCondition<JavaClass> notDependOnAnotherStage(String root, Set<String> foundation) {
    return new ArchCondition<>("not depend on another stage's packages") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        Optional<String> from =
            topLevelOf(root, packageOf(origin)).filter(t -> !foundation.contains(t));
        if (from.isEmpty()) {
          return;
        }
        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
          Optional<String> to =
              topLevelOf(root, packageOf(dependency.getTargetClass()))
                  .filter(t -> !foundation.contains(t));
          if (to.isPresent() && !to.equals(from)) {
            events.add(
                SimpleConditionEvent.violated(
                    dependency,
                    "stage "
                        + from.get()
                        + " depends on stage "
                        + to.get()
                        + ": "
                        + dependency.getDescription()
                        + "; publish an event instead, or move what both need into"
                        + " pipeline-events"));
          }
        }
      }
    };
  }

  static ArchCondition<JavaClass> notUseInternalsOfAnotherTopLevelPackage(String root) {
    return new ArchCondition<>("not use the internal packages of another top-level package") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        Optional<String> from = topLevelOf(root, packageOf(origin));
        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
          String target = packageOf(dependency.getTargetClass());
          boolean internal = (target + ".").contains(".internal.");
          Optional<String> to = topLevelOf(root, target);
          if (internal && to.isPresent() && !to.equals(from)) {
            events.add(
                SimpleConditionEvent.violated(
                    dependency,
                    dependency.getDescription()
                        + ": "
                        + target
                        + " is internal to "
                        + root
                        + "."
                        + to.get()
                        + "; use its public API or move the type out of internal"));
          }
        }
      }
    };
  }

  /** The package of a class, or of an array's element type. */
  private static String packageOf(JavaClass javaClass) {
    return javaClass.getBaseComponentType().getPackageName();
  }

  /**
   * Test jars of other modules (pipeline-events' fixtures) are on the test classpath; they are not
   * production code.
   */
  static final class DoNotIncludeTestJars implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("-tests.jar") && !location.contains("/test-classes/");
    }
  }
}
