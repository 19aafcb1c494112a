package dev.mlpipe.models.tabular;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The tabular data sets the seeded generator makes, with their schema and default size. */
public enum TabularShape {
  /**
   * Card transactions, about 0.5 % of them fraudulent: amount, hour, merchant category, country,
   * card present, distance from home, recent transaction count, account age.
   */
  FRAUD(
      "fraud",
      100_000,
      new TabularSchema(
          List.of(
              new Column("amount", ColumnType.NUMERIC),
              new Column("hour", ColumnType.NUMERIC),
              new Column("merchant_category", ColumnType.CATEGORICAL),
              new Column("country", ColumnType.CATEGORICAL),
              new Column("card_present", ColumnType.NUMERIC),
              new Column("distance_from_home_km", ColumnType.NUMERIC),
              new Column("transactions_last_24h", ColumnType.NUMERIC),
              new Column("account_age_days", ColumnType.NUMERIC)),
          "is_fraud",
          TabularTask.BINARY_CLASSIFICATION)),
  /**
   * Telecom subscribers, about a quarter of whom churn: tenure, contract, charges, internet
   * service, payment method, support calls, senior.
   */
  CHURN(
      "churn",
      20_000,
      new TabularSchema(
          List.of(
              new Column("tenure_months", ColumnType.NUMERIC),
              new Column("contract", ColumnType.CATEGORICAL),
              new Column("monthly_charges", ColumnType.NUMERIC),
              new Column("total_charges", ColumnType.NUMERIC),
              new Column("internet_service", ColumnType.CATEGORICAL),
              new Column("payment_method", ColumnType.CATEGORICAL),
              new Column("support_calls", ColumnType.NUMERIC),
              new Column("senior", ColumnType.NUMERIC)),
          "churned",
          TabularTask.BINARY_CLASSIFICATION)),
  /**
   * Taxi trips and their fares: distance, pickup hour, day of week, passengers, pickup and drop-off
   * zones (two of them airports); the fare follows distance, the time the trip takes at that hour,
   * and zone surcharges.
   */
  TAXI(
      "taxi",
      50_000,
      new TabularSchema(
          List.of(
              new Column("distance_km", ColumnType.NUMERIC),
              new Column("pickup_hour", ColumnType.NUMERIC),
              new Column("day_of_week", ColumnType.NUMERIC),
              new Column("passengers", ColumnType.NUMERIC),
              new Column("pickup_zone", ColumnType.CATEGORICAL),
              new Column("dropoff_zone", ColumnType.CATEGORICAL)),
          "fare",
          TabularTask.REGRESSION));

  private final String id;
  private final int defaultRows;
  private final TabularSchema schema;

  TabularShape(String id, int defaultRows, TabularSchema schema) {
    this.id = id;
    this.defaultRows = defaultRows;
    this.schema = schema;
  }

  /** The shape's name in {@code mlpipe.yaml} and on the command line. */
  public String id() {
    return id;
  }

  /** The number of rows generated unless asked for another. */
  public int defaultRows() {
    return defaultRows;
  }

  public TabularSchema schema() {
    return schema;
  }

  public static Optional<TabularShape> byId(String id) {
    return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
  }

  public static String knownIds() {
    return Arrays.stream(values()).map(TabularShape::id).collect(Collectors.joining(", "));
  }
}
