package org.biomedvital.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.biomedvital.data.Domain;
import org.biomedvital.data.Figure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class PmcFiguresTest {
  @TempDir Path tmp;

  static final String DOMAIN_CT = "{\"chest_xray\": false, \"mri\": false, \"ct_scan\": true, "
      + "\"histology\": false, \"gross\": false}";

  static String figure(String pairId, String mentions) {
    return "{\"pair_id\": \"" + pairId + "\", \"pmid\": \"" + pairId.split("_")[0] + "\", \"fig_id\": \""
        + pairId.split("_")[1] + "\", \"fig_label\": \"Fig.\\u00a01\", \"fig_caption\": \"Axial CT.\", "
        + "\"in_text_mention\": " + mentions + ", \"domain\": " + DOMAIN_CT
        + ", \"graphic_ref\": \"b8/2b/PMC1/x.jpg\", \"extra_field\": [1, {\"a\": null}]}";
  }

  static final String OBJECTS = "[{\"tokens\": \"CT shows a mass ( Fig. 1 ) .\", \"entities\": "
      + "[{\"type\": \"figure\", \"entity_id\": \"1\", \"start_tok\": 4, \"end_tok\": 6}]}]";

  @Test
  void readsTheDomainKeyedObjectWithEveryMentionForm() throws Exception {
    Path f = Files.writeString(tmp.resolve("captions.json"), "{\"ct_scan\": [\n"
        + figure("100_F1", "null") + ",\n" + figure("100_F2", "[\"plain sentence\"]") + "\n],\n"
        + "\"mri\": [\n" + figure("200_F1", OBJECTS) + "\n], \"gross\": []}\n");

    try (RecordReader<PmcFigureRecord> r = PmcFigures.reader(f, ReadMode.STRICT)) {
      List<PmcFigureRecord> all = r.readAll();

      assertThat(r.layout()).isEqualTo(Layout.KEYED_OBJECT);
      assertThat(all).extracting(rec -> rec.group().orElseThrow()).containsExactly("ct_scan", "ct_scan", "mri");
      assertThat(all.get(0).mentions()).isEmpty();
      assertThat(all.get(1).mentions()).containsExactly("plain sentence");
      assertThat(all.get(2).mentions()).containsExactly("CT shows a mass ( Fig. 1 ) .");
      Figure fig = all.get(2).toFigure();
      assertThat(fig.pairId()).isEqualTo("200_F1");
      assertThat(fig.image()).isEqualTo("200_F1.jpg");
      assertThat(fig.figureLabel()).isEqualTo("Fig.\u00a01");
      assertThat(fig.domains()).containsExactly(Domain.CT_SCAN);
      assertThat(all.get(2).graphicRef()).contains("b8/2b/PMC1/x.jpg");
    }
    assertThat(FileKind.detect(f)).isEqualTo(FileKind.PMC_FIGURES);
  }

  @Test
  void writesBackTheKeyedObjectExactlyWithUnknownFields() throws Exception {
    String original = "{\n\"ct_scan\": [\n" + figure("100_F1", "null") + ",\n"
        + figure("100_F2", "[\"s\"]") + "\n],\n\"mri\": [\n" + figure("200_F1", OBJECTS) + "\n]\n}\n";
    Path f = Files.writeString(tmp.resolve("in.json"), original);
    Path out = tmp.resolve("out.json");

    try (RecordReader<PmcFigureRecord> r = PmcFigures.reader(f, ReadMode.STRICT);
        RecordWriter<PmcFigureRecord> w = PmcFigures.writer(out, Layout.KEYED_OBJECT)) {
      r.forEachRemaining(w::write);
    }

    assertThat(Files.readString(out)).isEqualTo(original);
  }

  @Test
  void readsAFlatListAndJsonLines() throws Exception {
    Path list = Files.writeString(tmp.resolve("list.json"), "[" + figure("1_F1", "[]") + "]");
    Path lines = Files.writeString(tmp.resolve("f.jsonl"), figure("1_F1", "[]") + "\n" + figure("2_F1", "null") + "\n");

    assertThat(PmcFigures.read(list)).hasSize(1);
    assertThat(PmcFigures.read(lines)).extracting(PmcFigureRecord::pairId).containsExactly("1_F1", "2_F1");
    assertThat(FileKind.detect(lines)).isEqualTo(FileKind.PMC_FIGURES);
  }

  @Test
  void aKeyedFileNeedsEachGroupTogether() {
    PmcFigureRecord a = PmcFigureRecord.of(Figure.of("1_F1", "c", List.of(), Set.of(Domain.MRI)), "mri");
    PmcFigureRecord b = a.withGroup("gross");

    try (RecordWriter<PmcFigureRecord> w = PmcFigures.writer(tmp.resolve("k.json"), Layout.KEYED_OBJECT)) {
      w.write(a);
      w.write(b);
      assertThatThrownBy(() -> w.write(a))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("records of group 'mri' must be written together but the group comes back "
              + "after 'gross'; sort the records by group");
      w.abort();
    }
    assertThat(tmp.resolve("k.json")).doesNotExist();
  }

  @Test
  void rejectsAMentionOfTheWrongShape() throws Exception {
    Path f = Files.writeString(tmp.resolve("bad.jsonl"), figure("1_F1", "[42]") + "\n");

    assertThatThrownBy(() -> PmcFigures.read(f)).hasMessage(f
        + ":1: field 'in_text_mention[0]' must be a string or an object with a string 'tokens' but is NUMBER (id '1_F1')");
  }

  @Test
  void aFigureRecordMadeFromAFigureReadsBackAsIt() throws Exception {
    Figure fig = new Figure("300_F4", "300", "Figure 4", "Gross specimen.", List.of("m1", "m2"),
        Set.of(Domain.GROSS, Domain.HISTOLOGY), "300_F4.jpg");
    Path f = tmp.resolve("one.jsonl");

    try (RecordWriter<PmcFigureRecord> w = PmcFigures.writer(f, Layout.JSONL)) {
      w.write(PmcFigureRecord.of(fig, null));
    }

    assertThat(PmcFigures.read(f).get(0).toFigure()).isEqualTo(fig);
  }
}
