package org.biomedvital.selection.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.biomedvital.InvalidDataException;
import org.biomedvital.internal.Json;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The extractor on real captions and mentions of the clinician demonstrations, and the lexicon format. */
final class ClinicalFactExtractorTest {
  private static final Map<Integer, JsonNode> DEMOS = new HashMap<>();
  private final ClinicalFactExtractor extractor = ClinicalFactExtractor.create();

  @BeforeAll
  static void load() throws IOException {
    Path file = null;
    for (String dir : new String[] {"../shared/data", "../../shared/data"}) {
      Path p = Path.of(dir, "clinician-demonstrations.jsonl");
      if (Files.isRegularFile(p)) {
        file = p;
      }
    }
    if (file == null) {
      return;
    }
    for (String line : Files.readAllLines(file)) {
      JsonNode n = Json.mapper().readTree(line);
      DEMOS.put(n.path("id").asInt(), n);
    }
  }

  private static String caption(int id) {
    Assumptions.assumeTrue(!DEMOS.isEmpty(), "needs ../shared/data/clinician-demonstrations.jsonl; skipping");
    return DEMOS.get(id).path("fig_caption").asText();
  }

  private static String mention(int id) {
    Assumptions.assumeTrue(!DEMOS.isEmpty(), "needs ../shared/data/clinician-demonstrations.jsonl; skipping");
    return DEMOS.get(id).path("in_text_mention").get(0).path("tokens").asText();
  }

  @Test
  void readsModalitySidesAndSizesOfATeratomaCaption() {
    // "Computed tomography (CT) scan of malignant teratoma. A 7.0×5.5 cm mass is observed within the
    // right anterior neck. The trachea and right sternocleidomastoid muscle are deviated to the left."
    ClinicalFacts f = extractor.extract(caption(5));

    assertThat(f.modalities()).containsExactly("ct");
    assertThat(f.measurements()).extracting(ClinicalFacts.Measurement::kind).containsOnly("length");
    assertThat(f.measurements()).extracting(ClinicalFacts.Measurement::value).containsExactly(70.0, 55.0);
    assertThat(f.sides()).extracting(ClinicalFacts.Side::side).containsExactly("right", "right", "left");
    assertThat(f.sides().get(0).anchors()).contains("neck");
    assertThat(f.anatomy()).contains("neck");
  }

  @Test
  void scopesNegationAsNegExDoes() {
    // "Sagittal MRI showing intensity changes in the bullet tract against C7-D2; there is no canal compromise"
    ClinicalFacts f = extractor.extract(caption(12));

    assertThat(f.planes()).containsExactly("sagittal");
    assertThat(f.modalities()).containsExactly("mri");
    assertThat(f.negated()).contains("canal", "compromis");
    assertThat(f.affirmed()).contains("chang", "bullet", "tract").doesNotContain("canal");
    // "... a heterogeneous solid mass with no enhancement in the left lower thorax": the scope ends at "in"
    ClinicalFacts g = extractor.extract(caption(9));
    assertThat(g.directions()).containsEntry("enhancement", java.util.Set.of("down"));
    assertThat(g.affirmed()).contains("mass", "heterogeneou");
    assertThat(g.sides()).singleElement().satisfies(s -> {
      assertThat(s.side()).isEqualTo("left");
      assertThat(s.anchors()).contains("chest");
    });
  }

  @Test
  void readsSequencesStainsViewsAndCounts() {
    // MRI of the left elbow, "4.5 × 3.5 × 2 cm", "hyperintense on T2 fat-suppressed view"
    ClinicalFacts elbow = extractor.extract(caption(21));
    assertThat(elbow.modalities()).contains("mri", "mri:t2", "mri:fat-suppressed");
    assertThat(elbow.measurements()).extracting(ClinicalFacts.Measurement::value).contains(45.0, 35.0, 20.0);
    assertThat(elbow.directions()).containsKey("signal");
    assertThat(elbow.anatomy()).contains("elbow");
    // "Sagittal T2-weighted MR image of both knees shows multiple nodular low-density lesions."
    ClinicalFacts knees = extractor.extract(caption(2));
    assertThat(knees.planes()).contains("ap", "sagittal");
    assertThat(knees.modalities()).contains("x-ray", "mri", "mri:t2");
    assertThat(knees.counts()).containsEntry("lesion", java.util.Set.of("many"));
    assertThat(knees.sides()).extracting(ClinicalFacts.Side::side).contains("bilateral");
    // "... (×400, H&E)." and "H&E., 1000 X."
    assertThat(extractor.extract(caption(77)).modalities()).contains("histology:he");
    assertThat(extractor.extract(caption(78)).modalities()).contains("histology", "histology:he");
    assertThat(extractor.extract(caption(75)).modalities()).contains("gross");
    assertThat(extractor.extract(caption(51)).planes()).containsExactly("pa");
    // "Brain CT ... recurrence of extradural collection ( 22HU )"
    assertThat(extractor.extract(mention(1)).measurements()).singleElement()
        .satisfies(m -> assertThat(m.kind()).isEqualTo("attenuation"));
  }

  @Test
  void hedgesAndPseudoTriggers() {
    ClinicalFacts f = extractor.extract(
        "Metastasis cannot be excluded. There is no change in the nodule, but possible pneumonia.");

    assertThat(f.uncertain()).contains("metastasi", "pneumonia");
    assertThat(f.negated()).isEmpty();
    assertThat(f.affirmed()).contains("nodul");
    assertThat(extractor.extract("The heart is not enlarged.").directions()).containsEntry("size", java.util.Set.of("down"));
  }

  @Test
  void comparesAnAnswerWithItsCaption() {
    ClinicalFacts caption = extractor.extract(caption(42)); // coronal CT, 31 x 78 mm, right lower lung lobe
    ClinicalFacts faithful = extractor.extract("The coronal CT shows a cavitary lesion of 31 x 78 mm in the right lung.");
    ClinicalFacts flipped = extractor.extract("The sagittal MRI shows a cavitary lesion of 93 x 78 mm in the left lung.");

    FactComparison ok = FactComparison.compare(faithful, caption, java.util.EnumSet.allOf(FactKind.class), "caption");
    FactComparison bad = FactComparison.compare(flipped, caption, java.util.EnumSet.allOf(FactKind.class), "caption");

    assertThat(ok.contradictions()).isEmpty();
    assertThat(ok.agreements()).contains(FactKind.MODALITY, FactKind.PLANE, FactKind.LATERALITY, FactKind.MEASUREMENT);
    assertThat(bad.contradictions()).extracting(Contradiction::kind)
        .contains(FactKind.MODALITY, FactKind.PLANE, FactKind.LATERALITY, FactKind.MEASUREMENT);
    assertThat(bad.contradictions()).extracting(Contradiction::explain)
        .contains("laterality: the answer says left (cavitar lesion lung), the caption says right (cavitar lesion lung)",
            "modality: the answer says mri, the caption says ct");
  }

  @Test
  void aSideUsedAsAPlaceQualifiesTheWordsBeforeIt() {
    // mention of 16: "... progressively expanding PIE on the right side and a marked shift of the
    // mediastinum to the left"; the caption: "emphysema in the right lung and a mediastinal shift to the left"
    ClinicalFacts ctx = extractor.extract(caption(16) + "\n" + mention(16));
    assertThat(ctx.sides()).filteredOn(s -> s.side().equals("left"))
        .allSatisfy(s -> assertThat(s.anchors()).contains("shift", "chest").doesNotContain("lung"));
    ClinicalFacts faithful = extractor.extract("The mediastinum appears shifted towards the left side of the image.");
    ClinicalFacts flipped = extractor.extract("The mediastinum appears shifted towards the right side of the image.");
    java.util.Set<FactKind> lat = java.util.EnumSet.of(FactKind.LATERALITY);
    assertThat(FactComparison.compare(faithful, ctx, lat, "caption").agreements()).contains(FactKind.LATERALITY);
    assertThat(FactComparison.compare(flipped, ctx, lat, "caption").contradicts(FactKind.LATERALITY)).isTrue();
    // 5: "The trachea and right sternocleidomastoid muscle are deviated to the left": left qualifies the trachea
    assertThat(extractor.extract(caption(5)).sides()).filteredOn(s -> s.side().equals("left")).singleElement()
        .satisfies(s -> assertThat(s.anchors()).contains("neck", "deviat"));
    // "material left in situ" names no side
    assertThat(extractor.extract("Some material was left in situ after the extraction.").sides()).isEmpty();
  }

  @Test
  void theReferenceSideSharingTheMostWordsDecides() {
    // 42: "cavitary lesion ... in the right lower lung lobe, a 16 x 12 mm nodular density in the left lung base"
    ClinicalFacts ctx = extractor.extract(caption(42) + "\n" + mention(42));
    java.util.Set<FactKind> lat = java.util.EnumSet.of(FactKind.LATERALITY);
    assertThat(FactComparison.compare(extractor.extract("A cavitary lesion in the left lower lung lobe."), ctx, lat,
        "caption").contradicts(FactKind.LATERALITY)).isTrue();
    assertThat(FactComparison.compare(extractor.extract("A cavitary lesion in the right lower lung lobe."), ctx, lat,
        "caption").contradictions()).isEmpty();
  }

  @Test
  void anAmountWordMovesTheAxisOfTheScaleOrAnatomyAfterIt() {
    // 47: "The red arrow shows decreased tracer uptake in dopamine lesioned animals."
    assertThat(extractor.extract(caption(47)).directions()).containsEntry("uptake", java.util.Set.of("down"));
    assertThat(extractor.extract("Areas of increased lucency in the right lung.").directions())
        .containsEntry("density", java.util.Set.of("down")).doesNotContainKey("amount");
    assertThat(extractor.extract("An abnormal increase in signal intensity.").directions())
        .containsEntry("signal", java.util.Set.of("up"));
    assertThat(extractor.extract("Cardiomegaly, which means a reduced heart.").directions())
        .containsEntry("size", java.util.Set.of("down"));
    assertThat(extractor.extract("The reduced space around the swollen area.").directions())
        .containsEntry("amount", java.util.Set.of("down"));
    // 16: "diffuse pulmonary interstitial emphysema": emphysema is a lucent finding
    assertThat(extractor.extract(caption(16)).directions()).containsEntry("density", java.util.Set.of("down"));
  }

  @Test
  void aNegationReachesPastAnOrToTheClauseEnd() {
    ClinicalFacts f = extractor.extract(
        "The mass is not a simple cyst or benign tumor, therefore further evaluation is needed.");
    assertThat(f.negated()).contains("simpl", "cyst", "benign", "tumor");
    assertThat(f.affirmed()).contains("evaluation").doesNotContain("tumor");
  }

  @Test
  void aUserLexiconExtendsTheBuiltInOne(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("mine.tsv");
    Files.writeString(file, "# mine\nmodality\toct\toptical coherence tomography | oct\n");
    ClinicalFactExtractor mine = ClinicalFactExtractor.of(ClinicalLexicon.builtIn().extendedWith(ClinicalLexicon.load(file)));

    assertThat(extractor.extract("An OCT scan of the retina.").modalities()).isEmpty();
    assertThat(mine.extract("An OCT scan of the retina.").modalities()).containsExactly("oct");
    assertThat(mine.extract("A CT scan.").modalities()).containsExactly("ct");
  }

  @Test
  void malformedLexiconLinesNameFileAndLine(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.tsv");
    Files.writeString(file, "modality\tct\tct\nlaterality\tmiddle\tmiddle\n");
    assertThatThrownBy(() -> ClinicalLexicon.load(file)).isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("bad.tsv").hasMessageContaining(":2").hasMessageContaining("left|right|bilateral");
    Files.writeString(file, "colour\tred\tred\n");
    assertThatThrownBy(() -> ClinicalLexicon.load(file)).hasMessageContaining("unknown category 'colour'")
        .hasMessageContaining("modality");
    Files.writeString(file, "modality ct ct\n");
    assertThatThrownBy(() -> ClinicalLexicon.load(file)).hasMessageContaining("3 tab-separated fields");
    assertThatThrownBy(() -> ClinicalLexicon.load(dir.resolve("none.tsv"))).hasMessageContaining("does not exist");
    assertThat(ClinicalLexicon.builtIn().size()).isGreaterThan(300);
    assertThat(List.of(ClinicalLexicon.builtIn().valuesOf(ClinicalLexicon.Category.MODALITY, "X-ray"))).isNotEmpty();
  }
}
