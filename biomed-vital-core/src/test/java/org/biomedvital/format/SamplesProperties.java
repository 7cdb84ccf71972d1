package org.biomedvital.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import org.biomedvital.data.InstructionSample;
import org.biomedvital.testing.VitalGen;
import org.junit.jupiter.api.Test;

final class SamplesProperties {

  @Test
  void jsonRoundTripIsLossless() {
    qt().forAll(VitalGen.samples())
        .checkAssert(s -> assertThat(Samples.fromJson(Samples.toJson(s), "gen", 1)).isEqualTo(s));
  }

  @Test
  void aSampleIsAlwaysOneLine() {
    qt().forAll(VitalGen.samples())
        .checkAssert(s -> assertThat(Samples.toJson(s)).doesNotContain("\n", "\r"));
  }

  @Test
  void toBuilderBuildIsTheIdentity() {
    qt().forAll(VitalGen.samples())
        .checkAssert(s -> assertThat(s.toBuilder().build()).isEqualTo(s));
  }
}
