package org.biomedvital.selection.preference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.data.PreferenceSource;
import org.biomedvital.selection.PreferenceDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class PreferencePairsTest {
  @TempDir Path dir;

  @Test
  void datasetRoundTripsThroughTheJournalAndARerunAddsNothing() {
    PreferencePair h = new PreferencePair("h1", Rated.of("a", "f", 9).sample(),
        Rated.of("b", "f", 1).sample(), PreferenceSource.CLINICIAN, "dr-a", 100,
        Map.of("role", "radiologist", "confidence", "4", "rationale", "b leaks the caption"));
    PreferencePair m = PreferencePair.of("m1", Rated.of("c", "g", 7).sample(),
        Rated.of("d", "g", 3).sample(), PreferenceSource.MODEL);
    PreferenceDataset d = new PreferenceDataset(List.of(h), List.of(m));
    Path f = dir.resolve("pairs.jsonl");

    int first = PreferencePairs.write(f, d);
    int second = PreferencePairs.write(f, d);

    assertThat(first).isEqualTo(2);
    assertThat(second).isZero();
    assertThat(PreferencePairs.readDataset(f)).isEqualTo(d);
  }

  @Test
  void ratingsRoundTrip() throws Exception {
    RatedSample r = Rated.of("s1", "f", 6.5);
    Path f = dir.resolve("ratings.jsonl");
    Files.writeString(f, Ratings.toJson(r) + "\n\n");

    assertThat(Ratings.read(f)).containsExactly(r);
  }

  @Test
  void ratingWithoutSampleNamesFileLineAndField() throws Exception {
    Path f = dir.resolve("ratings.jsonl");
    Files.writeString(f, Ratings.toJson(Rated.of("s1", "f", 6)) + "\n{\"id\": \"x\", \"score\": 3}\n");

    assertThatThrownBy(() -> Ratings.read(f))
        .isInstanceOf(InvalidDataException.class)
        .hasMessage(f + ":2: field 'sample' is required: ratings lines embed the rated candidate "
            + "(write them with biomed-vital judge), or give the candidates file holding sample 'x'");
  }

  @Test
  void pipelineRatingsWithoutEmbeddedSamplesJoinTheCandidatesFile() throws Exception {
    RatedSample r = Rated.of("s1", "f", 6);
    Path candidates = dir.resolve("candidates.jsonl");
    Files.writeString(candidates, org.biomedvital.format.Samples.toJson(r.sample()) + "\n");
    Path ratings = dir.resolve("ratings.jsonl");
    Files.writeString(ratings, "{\"id\":\"s1\",\"score\":6.0,\"scale\":10.0,"
        + "\"rubric_id\":\"biomed-vital-clinician@1\",\"rater\":\"heuristic-v1\",\"rationale\":\"\"}\n");

    assertThat(Ratings.read(ratings, candidates)).containsExactly(r);
  }

  @Test
  void validationSplitIsWrittenAsValidationAndTestIsReadAsValidation() throws Exception {
    PreferencePair m = PreferencePair.of("m1", Rated.of("c", "g", 7).sample(),
        Rated.of("d", "g", 3).sample(), PreferenceSource.MODEL);
    String line = PreferencePairs.toJson(m, Split.VALIDATION);
    Path f = dir.resolve("pairs.jsonl");
    Files.writeString(f, line.replace("\"split\":\"validation\"", "\"split\":\"test\"") + "\n");

    assertThat(line).contains("\"split\":\"validation\"");
    assertThat(PreferencePairs.readDataset(f).validation()).containsExactly(m);
  }
}
