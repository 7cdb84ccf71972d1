package org.biomedvital.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.biomedvital.internal.Json;
import org.biomedvital.testing.VitalGen;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

final class PythonJsonProperties {

  @Test
  void stringsParseBackUnchangedAndAreAscii() {
    qt().forAll(VitalGen.texts()).checkAssert(s -> {
      StringBuilder sb = new StringBuilder();
      PythonJson.string(s, sb);
      assertThat(sb.chars()).allMatch(c -> c >= 0x20 && c <= 0x7E);
      try {
        assertThat(Json.mapper().readTree(sb.toString()).textValue()).isEqualTo(s);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  void floatsParseBackToTheSameDouble() {
    qt().forAll(SourceDSL.doubles().any()).assuming(d -> Double.isFinite(d)).checkAssert(d ->
        assertThat(Double.parseDouble(PythonJson.number(d))).isEqualTo(d));
  }

  @Test
  void writesFloatsAsPythonsRepr() {
    assertThat(PythonJson.number(0.1)).isEqualTo("0.1");
    assertThat(PythonJson.number(3)).isEqualTo("3.0");
    assertThat(PythonJson.number(-2.5)).isEqualTo("-2.5");
    assertThat(PythonJson.number(1e-5)).isEqualTo("1e-05");
    assertThat(PythonJson.number(0.0001)).isEqualTo("0.0001");
    assertThat(PythonJson.number(1e16)).isEqualTo("1e+16");
    assertThat(PythonJson.number(1234567890123456.0)).isEqualTo("1234567890123456.0");
    assertThat(PythonJson.number(1.5e300)).isEqualTo("1.5e+300");
    assertThat(PythonJson.number(-0.0)).isEqualTo("-0.0");
    assertThat(PythonJson.number(Double.NaN)).isEqualTo("NaN");
  }

  @Test
  void escapesLikeEnsureAscii() {
    assertThat(PythonJson.toJson(JsonNodeFactory.instance.textNode("a\"b\\c\n\u0001\u007f×😀")))
        .isEqualTo("\"a\\\"b\\\\c\\n\\u0001\\u007f\\u00d7\\ud83d\\ude00\"");
    assertThat(PythonJson.toJson(JsonNodeFactory.instance.objectNode().put("k", 1).putNull("n")
        .set("l", JsonNodeFactory.instance.arrayNode().add(true).add(0.5))))
        .isEqualTo("{\"k\": 1, \"n\": null, \"l\": [true, 0.5]}");
  }
}
