package org.biomedvital.selection.clinician;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.biomedvital.Experimental;
import org.biomedvital.data.ImageLimits;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.QaPair;
import org.biomedvital.format.Samples;
import org.biomedvital.internal.Hashing;
import org.biomedvital.internal.Json;
import org.biomedvital.io.AtomicFiles;
import org.biomedvital.selection.internal.ResourceText;

/**
 * Builds clinician annotation tasks from generated candidates with two answers per question, and
 * writes them as a CSV sheet and one self-contained HTML page.
 *
 * <h2>Where two answers come from</h2>
 *
 * <ul>
 *   <li>two candidates of the same figure that ask the same question (compared case- and
 *       space-insensitively): one item per shared question;
 *   <li>a candidate whose answer holds {@code Answer 1: ... Answer 2: ...}, as BioMed-VITAL's
 *       two-answer generator asked GPT-4V to write: one item per such answer.
 * </ul>
 *
 * The answer shown first is chosen by a hash of the item id, so position says nothing.
 *
 * <h2>The page</h2>
 *
 * {@code task.html} embeds every image as a {@code data:} URL, the caption, mentions, question and
 * both answers with accept/reject controls, a confidence (1-5) and a rationale per item. Its
 * <em>Save</em> button downloads a JSON file that {@link ClinicianAnnotations} reads with {@link
 * AnnotationFormat#ACCEPT_REJECT}. The page needs no network and no server.
 */
@Experimental("the task page and its CSV columns follow the clinicians' feedback")
public final class AnnotationTask {
  private static final Pattern TWO_ANSWERS = Pattern.compile(
      "(?is)^\\s*(?:\\*\\*)?answer\\s*1(?:\\*\\*)?\\s*[:.)-]\\s*(.+?)\\s*(?:\\*\\*)?answer\\s*2"
          + "(?:\\*\\*)?\\s*[:.)-]\\s*(.+?)\\s*$");

  private AnnotationTask() {}

  /** The files a task was written to. */
  public record Written(Path csv, Path html, int items) {}

  /** Reads candidates from a JSONL file and builds at most {@code maxItems} items. */
  public static List<TaskItem> items(Path candidates, int maxItems) {
    Map<String, List<InstructionSample>> byFigure = new LinkedHashMap<>();
    Samples.forEach(candidates,
        s -> byFigure.computeIfAbsent(s.figureId(), f -> new ArrayList<>()).add(s));
    List<InstructionSample> all = new ArrayList<>();
    byFigure.values().forEach(all::addAll);
    return items(all, maxItems);
  }

  /** Builds at most {@code maxItems} items from candidates, in figure order. */
  public static List<TaskItem> items(List<InstructionSample> candidates, int maxItems) {
    if (maxItems <= 0) {
      throw new IllegalArgumentException("maxItems must be > 0 but was " + maxItems);
    }
    Map<String, List<InstructionSample>> byFigure = new LinkedHashMap<>();
    for (InstructionSample s : candidates) {
      byFigure.computeIfAbsent(s.figureId(), f -> new ArrayList<>()).add(s);
    }
    List<TaskItem> out = new ArrayList<>();
    for (List<InstructionSample> group : byFigure.values()) {
      for (InstructionSample s : group) {
        List<QaPair> pairs = s.conversation().withoutImageToken().pairs();
        for (int q = 0; q < pairs.size(); q++) {
          Matcher m = TWO_ANSWERS.matcher(pairs.get(q).answer());
          if (m.matches()) {
            add(out, s, s, pairs.get(q).question(), m.group(1), m.group(2), "q" + q);
          }
        }
      }
      for (int i = 0; i + 1 < group.size(); i += 2) {
        InstructionSample a = group.get(i);
        InstructionSample b = group.get(i + 1);
        List<QaPair> pa = a.conversation().withoutImageToken().pairs();
        List<QaPair> pb = b.conversation().withoutImageToken().pairs();
        for (int x = 0; x < pa.size(); x++) {
          for (QaPair other : pb) {
            if (normal(pa.get(x).question()).equals(normal(other.question()))
                && !normal(pa.get(x).answer()).equals(normal(other.answer()))) {
              add(out, a, b, pa.get(x).question(), pa.get(x).answer(), other.answer(), "q" + x);
              break;
            }
          }
        }
      }
    }
    return out.size() > maxItems ? List.copyOf(out.subList(0, maxItems)) : List.copyOf(out);
  }

  private static void add(List<TaskItem> out, InstructionSample a, InstructionSample b,
      String question, String answerA, String answerB, String q) {
    String itemId = a.id().equals(b.id()) ? a.id() + ":" + q : a.id() + "~" + b.id() + ":" + q;
    boolean swap = Hashing.sha256Hex(itemId).charAt(0) >= '8';
    out.add(new TaskItem(itemId, a.figureId(), a.image(), a.caption(), a.mentions(),
        question.strip(), (swap ? answerB : answerA).strip(), (swap ? answerA : answerB).strip(),
        swap ? b.id() : a.id(), swap ? a.id() : b.id()));
  }

  private static String normal(String s) {
    return s.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
  }

  /**
   * Writes {@code task.csv} and {@code task.html} into {@code dir} (atomically).
   *
   * @param images where images are; null to leave them out of the page
   * @param taskId the task's id, recorded in the saved JSON
   * @throws org.biomedvital.InvalidDataException when an image is missing or not an image
   */
  public static Written write(List<TaskItem> items, ImageRoot images, Path dir, String taskId) {
    Objects.requireNonNull(items, "items == null");
    Objects.requireNonNull(dir, "dir == null");
    Objects.requireNonNull(taskId, "taskId == null");
    List<String> header = new ArrayList<>(ClinicianAnnotations.SHEET_COLUMNS);
    header.addAll(List.of("task_id", "sample_1", "sample_2"));
    StringBuilder csv = new StringBuilder(Csv.line(header));
    for (TaskItem it : items) {
      csv.append(Csv.line(List.of(it.itemId(), "", "", it.image(), it.caption(),
          String.join(ClinicianAnnotations.MENTION_SEPARATOR, it.mentions()), it.question(),
          it.answer1(), it.answer2(), "", "", "", "", "", taskId, it.sample1(), it.sample2())));
    }
    Path csvFile = dir.resolve("task.csv");
    Path htmlFile = dir.resolve("task.html");
    AtomicFiles.writeString(csvFile, csv.toString());
    AtomicFiles.writeString(htmlFile, html(items, images, taskId));
    return new Written(csvFile, htmlFile, items.size());
  }

  /** The self-contained HTML page of a task. */
  public static String html(List<TaskItem> items, ImageRoot images, String taskId) {
    ObjectNode data = Json.mapper().createObjectNode();
    data.put("format", ClinicianAnnotations.PAGE_FORMAT);
    data.put("task_id", taskId);
    ObjectNode imageUrls = data.putObject("images");
    ArrayNode arr = data.putArray("items");
    for (TaskItem it : items) {
      if (images != null && !imageUrls.has(it.image())) {
        imageUrls.put(it.image(), ImageLimits.check(images.resolve(it.image()), it.figureId()).toDataUrl());
      }
      ObjectNode o = AcceptRejectSheets.pageItem(arr, it.itemId(), it.image(), it.caption(), it.mentions(),
          it.question(), it.answer1(), it.answer2());
      o.put("sample_1", it.sample1());
      o.put("sample_2", it.sample2());
    }
    // '<' never occurs outside JSON strings, and inside them \u003c reads back the same, so the
    // data cannot close the script element whatever the captions hold.
    String json = data.toString().replace("<", "\\u003c");
    String template = resource("task-page.html");
    return template.replace("/*TASK_DATA*/{}", json)
        .replace("<!--TASK_TITLE-->", escape(taskId));
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static String resource(String name) {
    return ResourceText.read(AnnotationTask.class, name);
  }
}
