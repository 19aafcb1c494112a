package dev.mlpipe.trainer.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A candidate's hyper-parameters after validation: every parameter its recipe accepts, with the
 * spec's value or the recipe's default. Integer parameters hold integral values.
 */
public record HyperParameters(Recipe recipe, Map<String, Double> values) {

  public HyperParameters {
    Objects.requireNonNull(recipe, "recipe");
    Map<String, Double> copy = new LinkedHashMap<>();
    for (HyperParameterDef def : recipe.hyperParameters().values()) {
      Double value = values.get(def.name());
      if (value == null) {
        throw new IllegalArgumentException(
            "hyperParameters." + def.name() + ": missing for recipe " + recipe.id());
      }
      if (value < def.min() || value > def.max() || (def.integer() && value != Math.rint(value))) {
        throw new IllegalArgumentException(
            "hyperParameters." + def.name() + ": " + value + " is not " + def.describe());
      }
      copy.put(def.name(), value);
    }
    for (String key : values.keySet()) {
      if (!recipe.hyperParameters().containsKey(key)) {
        throw new IllegalArgumentException(
            "hyperParameters." + key + ": not a hyper-parameter of recipe " + recipe.id());
      }
    }
    values = Collections.unmodifiableMap(copy);
  }

  /** The recipe's defaults, for a candidate that names no hyper-parameters. */
  public static HyperParameters defaults(Recipe recipe) {
    Map<String, Double> values = new LinkedHashMap<>();
    recipe.hyperParameters().values().forEach(d -> values.put(d.name(), d.defaultValue()));
    return new HyperParameters(recipe, values);
  }

  public int intValue(String name) {
    HyperParameterDef def = def(name);
    if (!def.integer()) {
      throw new IllegalArgumentException(
          "hyper-parameter " + name + " of recipe " + recipe.id() + " is not an integer");
    }
    return (int) Math.round(values.get(name));
  }

  public double doubleValue(String name) {
    def(name);
    return values.get(name);
  }

  /** The values as strings, integers without a fraction, as the events carry them. */
  public Map<String, String> asStrings() {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach(
        (name, value) ->
            out.put(
                name, def(name).integer() ? Long.toString(Math.round(value)) : value.toString()));
    return Collections.unmodifiableMap(out);
  }

  private HyperParameterDef def(String name) {
    HyperParameterDef def = recipe.hyperParameters().get(name);
    if (def == null) {
      throw new IllegalArgumentException(
          "recipe "
              + recipe.id()
              + " has no hyper-parameter "
              + name
              + "; known: "
              + String.join(", ", recipe.hyperParameters().keySet()));
    }
    return def;
  }
}
