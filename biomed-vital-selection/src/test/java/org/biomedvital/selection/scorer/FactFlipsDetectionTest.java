package org.biomedvital.selection.scorer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.biomedvital.data.Demonstration;
import org.biomedvital.selection.clinical.Contradiction;
import org.biomedvital.selection.clinical.FactChecker;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fact checker on its own, no learning: how many single-fact flips of real answers it flags,
 * and how many real answers it flags (false alarms), on the 58 clinician demonstrations.
 */
final class FactFlipsDetectionTest {
  private static final Logger LOG = LoggerFactory.getLogger(FactFlipsDetectionTest.class);

  @Test
  void flagsFlippedAnswersFarMoreOftenThanRealOnes() {
    List<Demonstration> all = ClinicianNegatives.demonstrations();
    FactChecker checker = FactChecker.create();
    int realPairs = 0;
    int realFlagged = 0;
    for (Demonstration d : all) {
      for (FactChecker.PairCheck p : checker.check(ClinicianNegatives.positive(d))) {
        realPairs++;
        if (!p.contradictions().isEmpty()) {
          realFlagged++;
          LOG.info("real answer flagged: {} pair {}: {}", d.id(), p.index(),
              p.contradictions().stream().map(Contradiction::explain).toList());
        }
      }
    }
    Map<String, int[]> byKind = new LinkedHashMap<>();
    for (FactFlips.Case c : FactFlips.cases(all)) {
      int[] n = byKind.computeIfAbsent(c.kind(), k -> new int[2]);
      n[0]++;
      int before = checker.check(ClinicianNegatives.positive(c.demo())).get(c.pair()).contradictions().size();
      int after = checker.check(c.negative()).get(c.pair()).contradictions().size();
      if (after > before) {
        n[1]++;
      } else if (System.getProperty("flips.debug") != null) {
        LOG.info("missed {} flip of {} pair {}: {} || {}", c.kind(), c.demo().id(), c.pair(),
            c.negative().conversation().pairs().get(c.pair()).answer(), c.demo().figure().caption());
      }
    }
    LOG.info("real answers flagged: {}/{}", realFlagged, realPairs);
    byKind.forEach((k, n) -> LOG.info("flips of {} flagged: {}/{}", k, n[1], n[0]));
    assertThat((double) realFlagged / realPairs).isLessThan(0.2);
    // measured: 6/221 real answers flagged; laterality flips 34/40, size 19/37, negation 81/174 (issue 19,
    // after sides anchored both ways, scale nouns and open questions' presuppositions)
    assertThat(realFlagged).isLessThanOrEqualTo(6);
    assertThat(byKind.get("laterality")[1]).isGreaterThanOrEqualTo(34);
    assertThat(byKind.get("size")[1]).isGreaterThanOrEqualTo(19);
    assertThat(byKind.get("negation")[1]).isGreaterThanOrEqualTo(81);
    assertThat(byKind.get("modality")[1]).isGreaterThanOrEqualTo(82);
  }
}
