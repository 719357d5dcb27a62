package io.slidestream.bench.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class OneDnnBenchmarkTest {

  @Test
  void timesStockAndFixedNetworksSideBySide() {
    StringWriter text = new StringWriter();
    OneDnnBenchmark.Result r = OneDnnBenchmark.run(new PrintWriter(text), new OneDnnBenchmark.Options(4, 2, 32, 2, 2, 1));
    assertThat(r.stockTrain()).isPositive();
    assertThat(r.fixedTrain()).isPositive();
    assertThat(r.trainSpeedup()).isEqualTo(r.stockTrain() / r.fixedTrain());
    assertThat(r.inferSpeedup()).isEqualTo(r.stockInfer() / r.fixedInfer());
    // The stock network really runs without helpers and the fixed one on oneDNN.
    assertThat(text.toString()).contains("helpers, stock: [built-in]")
        .contains("helpers, fixed: [MKLDNNConvHelper, MKLDNNSubsamplingHelper]")
        .contains("| training step |").contains("| forward pass |");
  }
}
