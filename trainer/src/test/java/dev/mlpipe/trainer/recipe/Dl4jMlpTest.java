package dev.mlpipe.trainer.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlpipe.models.mlp.FeatureEncoder;
import dev.mlpipe.models.mlp.MlpModel;
import dev.mlpipe.models.tabular.TabularGenerator;
import dev.mlpipe.models.tabular.TabularShape;
import dev.mlpipe.models.tabular.TabularTable;
import dev.mlpipe.models.tabular.TabularTask;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class Dl4jMlpTest {

  private static final Dl4jMlpConfig CONFIG = new Dl4jMlpConfig(8, 2, 2, 0.01, 1e-4, 64, 7);

  @Test
  void thePlainJavaForwardPassGivesDl4jsOutputOnTheSameWeights() {
    assertSameOutputs(TabularShape.CHURN, TabularTask.BINARY_CLASSIFICATION);
    assertSameOutputs(TabularShape.TAXI, TabularTask.REGRESSION);
  }

  private static void assertSameOutputs(TabularShape shape, TabularTask task) {
    NativeRuntime.configure();
    TabularTable rows = TabularGenerator.generate(shape, 3, 200, false);
    List<FeatureEncoder> encoders = MlpModel.fitEncoders(rows, 100);
    double[][] x = MlpModel.encode(encoders, rows);
    Dl4jMlp recipe = new Dl4jMlp(CONFIG, task);
    MultiLayerNetwork net = new MultiLayerNetwork(recipe.network(x[0].length));
    net.init();
    // Fit a few batches so the weights are not just their initial values.
    INDArray features = Nd4j.create(x).castTo(DataType.FLOAT);
    INDArray labels =
        Nd4j.create(rows.targets(), new long[] {rows.size(), 1}).castTo(DataType.FLOAT);
    if (task == TabularTask.REGRESSION) {
      labels = labels.sub(labels.meanNumber()).div(labels.stdNumber());
    }
    for (int k = 0; k < 5; k++) {
      net.fit(features, labels);
    }
    MlpModel mlp = new MlpModel(task, "y", encoders, recipe.extract(net), 0.5, 0, 1);
    double[] dl4j = net.output(features).castTo(DataType.DOUBLE).data().asDouble();
    for (int row = 0; row < rows.size(); row++) {
      // DL4J computes in float: agreement to float precision.
      assertThat(mlp.predictEncoded(x[row])).isCloseTo(dl4j[row], within(1e-5));
    }
  }

  @Test
  void theSameDataSettingsAndSeedTrainTheSameModel() throws Exception {
    TabularTable rows = TabularGenerator.generate(TabularShape.CHURN, 3, 500, false);
    Dl4jMlp recipe = new Dl4jMlp(CONFIG, TabularTask.BINARY_CLASSIFICATION);
    MlpModel a = recipe.train(rows, EpochProgress.Listener.NONE);
    MlpModel b = recipe.train(rows, EpochProgress.Listener.NONE);
    assertThat(a.layers()).isEqualTo(b.layers());
    assertThat(a.threshold()).isEqualTo(b.threshold());
  }

  @Test
  void aClassifierLearnsToRankChurnersAboveTheOthers() throws Exception {
    TabularTable rows = TabularGenerator.generate(TabularShape.CHURN, 3, 3000, false);
    MlpModel model =
        new Dl4jMlp(
                new Dl4jMlpConfig(16, 1, 5, 0.01, 1e-4, 128, 1), TabularTask.BINARY_CLASSIFICATION)
            .train(rows, EpochProgress.Listener.NONE);
    double auc =
        dev.mlpipe.models.eval.TabularEvaluator.rocAuc(model.predict(rows), rows.targets());
    assertThat(auc).isGreaterThan(0.75);
  }
}
