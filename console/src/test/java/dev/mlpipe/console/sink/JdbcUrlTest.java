package dev.mlpipe.console.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JdbcUrlTest {

  @Test
  void shouldHideThePasswordParameterWhenShown() {
    JdbcUrl url = new JdbcUrl("jdbc:postgresql://db:5432/mlpipe?user=ml&password=s3cret&ssl=true");

    assertThat(url.toString())
        .isEqualTo("jdbc:postgresql://db:5432/mlpipe?user=ml&password=***&ssl=true");
    assertThat(url.value()).contains("s3cret");
  }

  @Test
  void shouldHideAPasswordGivenAsUserInfo() {
    assertThat(new JdbcUrl("jdbc:postgresql://ml:s3cret@db/mlpipe").redacted())
        .isEqualTo("jdbc:postgresql://ml:***@db/mlpipe");
  }

  @Test
  void shouldRefuseAUrlThatIsNotPostgresNamingItWithoutThePassword() {
    assertThatThrownBy(() -> new JdbcUrl("jdbc:mysql://db/x?password=s3cret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:mysql://db/x?password=***")
        .hasMessageContaining("jdbc:postgresql://")
        .hasMessageNotContaining("s3cret");
  }
}
