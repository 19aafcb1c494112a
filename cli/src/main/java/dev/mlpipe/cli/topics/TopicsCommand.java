package dev.mlpipe.cli.topics;

import dev.mlpipe.cli.ConnectionOptions;
import dev.mlpipe.cli.PipelineClients;
import dev.mlpipe.events.topic.Topics;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlpipe topics}: every topic with partitions, end offsets and consumer-group lag. */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = {
      "Shows the pipeline's topics: partitions, end offsets, retained records and the lag of"
          + " every consumer group reading them.",
      "",
      "Example:  mlpipe topics",
      "          mlpipe topics --all          (also Kafka's internal and dead-letter topics)"
    },
    subcommands = {CreateTopicsCommand.class})
public final class TopicsCommand implements Callable<Integer> {

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--all",
      description = "Also show dead-letter topics, the schema registry's topic and other topics.")
  boolean all;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PipelineClients clients = new PipelineClients(connection.bootstrap());
    try (Admin admin = clients.admin()) {
      List<TopicOverview> overview = overview(admin, all);
      PrintWriter out = spec.commandLine().getOut();
      if (overview.isEmpty()) {
        out.println(
            "no pipeline topics on " + clients.bootstrap() + "; `mlpipe topics create` makes them");
      } else {
        out.print(TopicOverview.table(overview));
      }
      out.flush();
      return 0;
    } catch (TimeoutException | ExecutionException e) {
      if (e instanceof TimeoutException
          || e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw clients.unreachable(e);
      }
      throw e;
    }
  }

  /** Reads the overview of the pipeline's topics (or every topic with {@code all}). */
  static List<TopicOverview> overview(Admin admin, boolean all)
      throws ExecutionException, InterruptedException, TimeoutException {
    List<String> names =
        admin.listTopics().names().get(15, TimeUnit.SECONDS).stream()
            .filter(n -> all || Topics.byName(n).isPresent())
            .sorted(TopicsCommand::pipelineOrder)
            .toList();
    if (names.isEmpty()) {
      return List.of();
    }
    Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get();
    List<TopicPartition> partitions = new ArrayList<>();
    descriptions
        .values()
        .forEach(
            d ->
                d.partitions()
                    .forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
    Map<TopicPartition, Long> ends = offsets(admin, partitions, OffsetSpec.latest());
    Map<TopicPartition, Long> starts = offsets(admin, partitions, OffsetSpec.earliest());

    Map<String, Map<String, Long>> lag = new HashMap<>();
    for (GroupListing group : admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get()) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get();
      committed.forEach(
          (tp, offset) -> {
            Long end = ends.get(tp);
            if (end != null && offset != null) {
              lag.computeIfAbsent(tp.topic(), t -> new HashMap<>())
                  .merge(group.groupId(), Math.max(0, end - offset.offset()), Long::sum);
            }
          });
    }

    List<TopicOverview> result = new ArrayList<>();
    for (String name : names) {
      long end = 0;
      long records = 0;
      for (TopicPartition tp : partitions) {
        if (tp.topic().equals(name)) {
          end += ends.getOrDefault(tp, 0L);
          records += ends.getOrDefault(tp, 0L) - starts.getOrDefault(tp, 0L);
        }
      }
      result.add(
          new TopicOverview(
              name,
              descriptions.get(name).partitions().size(),
              end,
              records,
              lag.getOrDefault(name, Map.of())));
    }
    return result;
  }

  private static Map<TopicPartition, Long> offsets(
      Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
      throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(tp -> request.put(tp, spec));
    Map<TopicPartition, ListOffsetsResultInfo> answer = admin.listOffsets(request).all().get();
    Map<TopicPartition, Long> result = new HashMap<>();
    answer.forEach((tp, info) -> result.put(tp, info.offset()));
    return result;
  }

  /** Catalogue topics first, in the order a run flows through them; the rest by name. */
  private static int pipelineOrder(String a, String b) {
    int ia = indexInCatalogue(a);
    int ib = indexInCatalogue(b);
    return ia != ib ? Integer.compare(ia, ib) : a.compareTo(b);
  }

  private static int indexInCatalogue(String name) {
    for (int i = 0; i < Topics.ALL.size(); i++) {
      if (Topics.ALL.get(i).name().equals(name)) {
        return i;
      }
    }
    return Topics.ALL.size();
  }
}
