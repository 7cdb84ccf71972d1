package org.biomedvital.selection.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Domain;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.model.EmbeddingInput;
import org.biomedvital.selection.ScoredSample;
import org.biomedvital.selection.Selector;
import org.biomedvital.selection.embed.HashingEmbedder;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

final class SelectorProperties {
  private static final String[] WORDS = {"nodule", "lesion", "fracture", "cyst", "mass", "effusion"};
  private static final Function<InstructionSample, float[]> VECTORS =
      s -> HashingEmbedder.create(32).embed(EmbeddingInput.text(s.conversation().turns().get(1).text()));

  /** Scored candidates with tied scores, shared figures and mixed domains. */
  static Gen<List<ScoredSample>> pools() {
    return longs().all().map(seed -> {
      Random r = new Random(seed);
      int n = r.nextInt(60);
      List<ScoredSample> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Set<Domain> domains = r.nextInt(6) == 0 ? Set.of() : Set.of(Domain.values()[r.nextInt(5)]);
        String fig = "fig" + r.nextInt(15);
        InstructionSample s = InstructionSample.builder().id("s" + i).figureId(fig).image(fig + ".jpg")
            .domains(domains)
            .conversation(Conversation.of("q?", "a " + WORDS[r.nextInt(WORDS.length)] + " " + WORDS[r.nextInt(WORDS.length)]))
            .build();
        out.add(new ScoredSample(s, r.nextInt(10) / 2.0));
      }
      return out;
    });
  }

  private static List<ScoredSample> shuffled(List<ScoredSample> in, long seed) {
    List<ScoredSample> s = new ArrayList<>(in);
    Collections.shuffle(s, new Random(seed));
    return s;
  }

  @Test
  void topFractionIsMonotoneInTheFraction() {
    qt().forAll(pools(), doubles().between(0, 1), doubles().between(0, 1)).checkAssert((pool, a, b) -> {
      double lo = Math.min(a, b);
      double hi = Math.max(a, b);
      List<ScoredSample> small = Selectors.topFraction(lo).select(pool);
      List<ScoredSample> large = Selectors.topFraction(hi).select(pool);

      assertThat(large).containsAll(small);
      assertThat(large).hasSize((int) Math.floor(hi * pool.size() + 1e-9));
    });
  }

  @Test
  void selectorsAreStableUnderInputOrder() {
    qt().forAll(pools(), longs().all()).checkAssert((pool, seed) -> {
      for (Selector s : everySelector()) {
        assertThat(s.select(shuffled(pool, seed))).isEqualTo(s.select(pool));
      }
    });
  }

  @Test
  void filteringSelectorsAreIdempotent() {
    List<Selector> idempotent = List.of(Selectors.topK(7), Selectors.threshold(2.0),
        Selectors.bestPerFigure(1), Selectors.bestPerFigure(2), Selectors.dedupe(0.9, VECTORS),
        Selectors.kCenter(Selectors.Size.top(5), VECTORS));
    qt().forAll(pools()).checkAssert(pool -> {
      for (Selector s : idempotent) {
        List<ScoredSample> once = s.select(pool);
        assertThat(s.select(once)).isEqualTo(once);
      }
    });
  }

  @Test
  void poolQuotasKeepTheDomainMixAndEachGroupsBest() {
    qt().forAll(pools(), integers().between(0, 70)).checkAssert((pool, k) -> {
      List<ScoredSample> picked = Selectors.domainQuota(Selectors.Size.top(k), Selectors.DomainMix.pool())
          .select(pool);
      Map<String, Integer> have = Selectors.groupCounts(pool);
      Map<String, Integer> got = Selectors.groupCounts(picked);
      int total = Math.min(k, pool.size());

      assertThat(picked).hasSize(total);
      for (Map.Entry<String, Integer> e : have.entrySet()) {
        double exact = pool.isEmpty() ? 0 : (double) total * e.getValue() / pool.size();
        assertThat((double) got.get(e.getKey())).isBetween(Math.floor(exact), Math.ceil(exact));
        List<ScoredSample> group = Selectors.sorted(pool).stream()
            .filter(s -> Selectors.group(s.sample()).equals(e.getKey())).toList();
        assertThat(picked).containsAll(group.subList(0, got.get(e.getKey())));
      }
    });
  }

  @Test
  void targetQuotasFollowTheMixAndPassOnWhatAGroupCannotFill() {
    qt().forAll(pools(), integers().between(0, 70)).checkAssert((pool, k) -> {
      Selectors.DomainMix mix = Selectors.DomainMix.target(Map.of("ct_scan", 3.0, "mri", 1.0));
      List<ScoredSample> picked = Selectors.domainQuota(Selectors.Size.top(k), mix).select(pool);
      Map<String, Integer> have = Selectors.groupCounts(pool);
      Map<String, Integer> got = Selectors.groupCounts(picked);
      int available = have.get("ct_scan") + have.get("mri");

      assertThat(picked).hasSize(Math.min(k, available));
      assertThat(got.get("chest_xray") + got.get("histology") + got.get("gross") + got.get("none")).isZero();
      if (k <= available && have.get("ct_scan") >= Math.ceil(0.75 * k) && have.get("mri") >= Math.ceil(0.25 * k)) {
        assertThat((double) got.get("ct_scan")).isBetween(Math.floor(0.75 * k), Math.ceil(0.75 * k));
      }
    });
  }

  @Test
  void bestPerFigureAndDedupeHonourTheirRules() {
    qt().forAll(pools()).checkAssert(pool -> {
      List<ScoredSample> perFigure = Selectors.bestPerFigure(1).select(pool);
      Set<String> figures = new HashSet<>();
      perFigure.forEach(s -> assertThat(figures.add(s.sample().figureId())).isTrue());
      assertThat(figures).hasSize((int) pool.stream().map(s -> s.sample().figureId()).distinct().count());

      List<ScoredSample> unique = Selectors.dedupe(0.99, VECTORS).select(pool);
      for (int i = 0; i < unique.size(); i++) {
        for (int j = i + 1; j < unique.size(); j++) {
          assertThat(org.biomedvital.selection.embed.Vectors.cosine(VECTORS.apply(unique.get(i).sample()),
              VECTORS.apply(unique.get(j).sample()))).isLessThanOrEqualTo(0.99);
        }
      }
    });
  }

  private static List<Selector> everySelector() {
    return List.of(Selectors.topFraction(0.5), Selectors.topK(9), Selectors.threshold(1.5),
        Selectors.bestPerFigure(1), Selectors.dedupe(0.95, VECTORS),
        Selectors.kCenter(Selectors.Size.fraction(0.3), VECTORS),
        Selectors.domainQuota(Selectors.Size.fraction(0.4), Selectors.DomainMix.pool()),
        Selectors.bestPerFigure(2).andThen(Selectors.topFraction(0.6)));
  }
}
