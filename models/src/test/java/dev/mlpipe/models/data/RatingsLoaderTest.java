package dev.mlpipe.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RatingsLoaderTest {

  @TempDir Path dir;

  @Test
  void shouldLoadMovieLens100kUData() throws Exception {
    Path file = dir.resolve("u.data");
    Files.writeString(
        file, "196\t242\t3\t881250949\n186\t302\t3\t891717742\n22\t377\t1\t878887116\n");

    LoadedRatings loaded = RatingsLoader.load(file, RatingsFormat.MOVIELENS_100K, 0.0);

    RatingTable t = loaded.table();
    assertThat(t.size()).isEqualTo(3);
    assertThat(loaded.badRows()).isZero();
    assertThat(t.user(0)).isEqualTo(196);
    assertThat(t.item(0)).isEqualTo(242);
    assertThat(t.rating(0)).isEqualTo(3.0f);
    assertThat(t.timestamp(0)).isEqualTo(881250949L);
    assertThat(t.rating(2)).isEqualTo(1.0f);
  }

  @Test
  void shouldLoadMovieLens1mAnd10mRatingsDat() throws Exception {
    String dat = "1::1193::5::978300760\n1::661::3::978302109\n\n2::3068::4.5::978299000\n";

    LoadedRatings oneM =
        RatingsLoader.load(new StringReader(dat), "ratings.dat", RatingsFormat.MOVIELENS_1M, 0.0);
    LoadedRatings tenM =
        RatingsLoader.load(new StringReader(dat), "ratings.dat", RatingsFormat.MOVIELENS_10M, 0.0);

    assertThat(oneM.table().size()).as("blank lines are not rows").isEqualTo(3);
    assertThat(oneM.table().item(0)).isEqualTo(1193);
    assertThat(oneM.table().rating(2)).isEqualTo(4.5f);
    assertThat(tenM.table().sha256()).isEqualTo(oneM.table().sha256());
  }

  @Test
  void shouldLoadRatingsCsvWithHeaderAndHalfStars() throws Exception {
    String csv = "userId,movieId,rating,timestamp\n1,2,3.5,1112486027\n1,29,3.5,1112484676\n";

    LoadedRatings loaded =
        RatingsLoader.load(new StringReader(csv), "ratings.csv", RatingsFormat.MOVIELENS_25M, 0.0);

    assertThat(loaded.table().size()).isEqualTo(2);
    assertThat(loaded.table().rating(1)).isEqualTo(3.5f);
    assertThat(loaded.table().item(1)).isEqualTo(29);
  }

  @Test
  void shouldFailWhenRatingsCsvLacksItsHeader() {
    assertThatThrownBy(
            () ->
                RatingsLoader.load(
                    new StringReader("1,2,3.5,1112486027\n"),
                    "ratings.csv",
                    RatingsFormat.MOVIELENS_20M,
                    0.0))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("line 1 is '1,2,3.5,1112486027'")
        .hasMessageContaining("header 'userId,movieId,rating,timestamp'");
  }

  @Test
  void shouldCountAndReportBadRowsBelowTheAllowedShare() throws Exception {
    StringBuilder data = new StringBuilder();
    for (int i = 1; i <= 98; i++) {
      data.append(i).append('\t').append(i + 1).append("\t4\t880000000\n");
    }
    data.append("7\tabc\t4\t880000000\n");
    data.append("7\t8\t9\t880000000\n");

    LoadedRatings loaded =
        RatingsLoader.load(
            new StringReader(data.toString()), "u.data", RatingsFormat.MOVIELENS_100K, 0.05);

    assertThat(loaded.table().size()).isEqualTo(98);
    assertThat(loaded.badRows()).isEqualTo(2);
    assertThat(loaded.totalRows()).isEqualTo(100);
    assertThat(loaded.firstBadLines())
        .containsExactly(
            new BadLine(99, "7\tabc\t4\t880000000", "item id 'abc' is not an integer"),
            new BadLine(100, "7\t8\t9\t880000000", "rating 9 is outside 0.5 to 5"));
  }

  @Test
  void shouldFailWithTheCountAndFirstBadLinesAboveTheAllowedShare() {
    String data =
        "1\t2\t4\t880000000\n"
            + "1,2,4,880000000\n"
            + "3\t4\t5\n"
            + "5\t6\t5\t880000000\textra\n"
            + "7\t8\t4\t880000000\n";

    assertThatThrownBy(
            () ->
                RatingsLoader.load(
                    new StringReader(data), "repo/u.data", RatingsFormat.MOVIELENS_100K, 0.1))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("repo/u.data: 3 of 5 rows (60.00 %) do not parse as movielens-100k")
        .hasMessageContaining("allowed 10.00 %")
        .hasMessageContaining("line 2 (expected 4 fields separated by '\\t'): 1,2,4,880000000")
        .hasMessageContaining("line 3 (expected 4 fields")
        .hasMessageContaining("line 4 (expected 4 fields")
        .hasMessageContaining("raise data.file.maxBadRowShare");
  }

  @Test
  void shouldFailOnAMissingOrEmptyFile() throws Exception {
    assertThatThrownBy(
            () -> RatingsLoader.load(dir.resolve("nope.data"), RatingsFormat.MOVIELENS_100K, 0.0))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("nope.data does not exist");
    Path empty = Files.writeString(dir.resolve("empty.data"), "\n");
    assertThatThrownBy(() -> RatingsLoader.load(empty, RatingsFormat.MOVIELENS_100K, 1.0))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("no rating rows");
  }

  @Test
  void shouldReadBackWhatTheWriterWroteInEveryFormat() throws Exception {
    RatingTable generated =
        Splits.random(MovieLensGenerator.generate(GeneratedShape.MOVIELENS_100K, 3), 0.01, 1)
            .holdout();
    for (RatingsFormat format : RatingsFormat.values()) {
      StringWriter out = new StringWriter();
      RatingsWriter.write(generated, format, out);

      LoadedRatings loaded =
          RatingsLoader.load(new StringReader(out.toString()), format.id(), format, 0.0);

      assertThat(loaded.table().sha256()).as(format.id()).isEqualTo(generated.sha256());
    }
  }
}
