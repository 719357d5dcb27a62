package io.slidestream.models.eval;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What an evaluation found: Dice per class and overall, and PR-AUC / max F1 for each binary task
 * evaluated, under a title that says what was evaluated with which configuration and seed (every
 * experiment prints these so it can be re-run). Printable as a text table and as JSON.
 */
public record EvaluationReport(String title, DiceScores dice, List<BinaryScores> binary) {

  public EvaluationReport {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(dice, "dice");
    binary = List.copyOf(binary);
  }

  /** A fixed-width table for terminals and logs. */
  public String toTable() {
    StringBuilder sb = new StringBuilder();
    if (!title.isEmpty()) {
      sb.append(title).append('\n');
    }
    int nameWidth = "overall".length();
    for (ClassDice c : dice.classes()) {
      nameWidth = Math.max(nameWidth, c.name().length());
    }
    String row = "%-" + nameWidth + "s  %14s  %14s  %8s%n";
    sb.append(String.format(Locale.ROOT, row, "class", "reference px", "predicted px", "Dice"));
    for (ClassDice c : dice.classes()) {
      sb.append(String.format(Locale.ROOT, row, c.name(), c.referencePixels(), c.predictedPixels(),
          number(c.dice()) + (c.presentInReference() ? "" : "*")));
    }
    sb.append(String.format(Locale.ROOT, row, "overall", dice.pixels(), "", number(dice.overall())));
    sb.append(String.format(Locale.ROOT, "overall Dice: mean over the %d classes present in the reference"
        + " (* absent from it: not in the mean); pixel accuracy %s; %d pixels, %d ignored%n",
        dice.classesPresent(), number(dice.accuracy()), dice.pixels(), dice.ignoredPixels()));
    for (BinaryScores b : binary) {
      sb.append(String.format(Locale.ROOT, "%s vs rest: PR-AUC %s, max F1 %s at threshold %s (precision %s,"
          + " recall %s); %d positive, %d negative pixels; prevalence %s; threshold resolution %.2g%n",
          b.name(), number(b.prAuc()), number(b.maxF1()), number(b.threshold()), number(b.precision()),
          number(b.recall()), b.positives(), b.negatives(), number(b.prevalence()), b.resolution()));
    }
    return sb.toString();
  }

  private static String number(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }

  /** JSON with every count and score; undefined scores (NaN) are {@code null}. */
  public String toJson() {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("title", title);
      number(g, "overallDice", dice.overall());
      g.writeNumberField("classesPresent", dice.classesPresent());
      g.writeNumberField("pixels", dice.pixels());
      g.writeNumberField("ignoredPixels", dice.ignoredPixels());
      number(g, "accuracy", dice.accuracy());
      g.writeArrayFieldStart("classes");
      for (ClassDice c : dice.classes()) {
        g.writeStartObject();
        g.writeNumberField("id", c.classId());
        g.writeStringField("name", c.name());
        g.writeNumberField("referencePixels", c.referencePixels());
        g.writeNumberField("predictedPixels", c.predictedPixels());
        g.writeNumberField("truePositives", c.truePositives());
        number(g, "dice", c.dice());
        g.writeBooleanField("presentInReference", c.presentInReference());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("binary");
      for (BinaryScores b : binary) {
        g.writeStartObject();
        g.writeNumberField("positiveClass", b.positiveClass());
        g.writeStringField("name", b.name());
        g.writeNumberField("positives", b.positives());
        g.writeNumberField("negatives", b.negatives());
        number(g, "prAuc", b.prAuc());
        number(g, "maxF1", b.maxF1());
        number(g, "threshold", b.threshold());
        number(g, "precision", b.precision());
        number(g, "recall", b.recall());
        g.writeNumberField("resolution", b.resolution());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void number(JsonGenerator g, String field, double v) throws IOException {
    if (Double.isNaN(v)) {
      g.writeNullField(field);
    } else {
      g.writeNumberField(field, v);
    }
  }
}
