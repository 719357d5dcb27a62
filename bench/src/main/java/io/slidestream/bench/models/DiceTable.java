package io.slidestream.bench.models;

import io.slidestream.models.eval.ClassDice;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Runs side by side as a Markdown table: overall Dice, then Dice per class. */
final class DiceTable {

  private DiceTable() {}

  static String of(List<BenchRun> runs) {
    if (runs.isEmpty()) {
      return "(no runs)\n";
    }
    List<String> classes = runs.get(0).report().dice().classes().stream().map(ClassDice::name).toList();
    List<String> header = new ArrayList<>(List.of("run", "training labels", "loss", "balancing", "overall Dice"));
    header.addAll(classes);
    StringBuilder sb = new StringBuilder();
    row(sb, header);
    row(sb, header.stream().map(h -> "---").toList());
    for (BenchRun r : runs) {
      List<String> cells = new ArrayList<>(List.of(r.name(), r.labels(), r.loss(), r.balancing(),
          dice(r.report().dice().overall())));
      for (ClassDice d : r.report().dice().classes()) {
        cells.add(dice(d.dice()));
      }
      row(sb, cells);
    }
    return sb.toString();
  }

  private static void row(StringBuilder sb, List<String> cells) {
    sb.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }

  static String dice(double d) {
    return Double.isNaN(d) ? "–" : String.format(Locale.ROOT, "%.3f", d);
  }
}
