package org.biomedvital.selection.clinician;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.data.PreferencePair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the annotation page in real headless Chromium, clicks the choices as a clinician would,
 * saves the JSON through the page's download and imports it. Needs Debian's {@code chromium}
 * ({@code apt-get install -y chromium}); skipped when /usr/bin/chromium is absent.
 */
final class TaskPageChromiumTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @TempDir Path dir;

  @Test
  void clinicianChoicesClickedInChromiumAreSavedAndImported() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM),
        "needs headless Chromium at /usr/bin/chromium (Debian: apt-get install -y chromium)");
    Path images = Files.createDirectories(dir.resolve("images"));
    Files.write(images.resolve("fig1.png"), png());
    Files.write(images.resolve("fig2.png"), png());
    List<TaskItem> items = AnnotationTask.items(AnnotationTaskTest.candidates(), 10);
    AnnotationTask.Written task = AnnotationTask.write(items, ImageRoot.of(images),
        dir.resolve("task"), "chromium-task");
    Path downloads = Files.createDirectories(dir.resolve("downloads"));

    try (Cdp cdp = Cdp.launch(CHROMIUM, dir.resolve("profile"))) {
      cdp.browser("Browser.setDownloadBehavior",
          Map.of("behavior", "allow", "downloadPath", downloads.toString()));
      cdp.open(task.html().toUri().toString());
      cdp.waitFor("document.readyState === 'complete' && "
          + "document.querySelectorAll('section.item').length === 2");
      assertThat(cdp.eval("document.querySelector('#item-0 img').naturalWidth").asInt())
          .isEqualTo(4);
      // Markup in a caption is shown as text, never interpreted.
      assertThat(cdp.eval("document.querySelector('#item-0 .caption').textContent").asText())
          .isEqualTo("MRI of the brain </script><b>bold</b>");
      assertThat(cdp.eval("document.querySelectorAll('b').length").asInt()).isZero();

      cdp.click("save");
      assertThat(cdp.eval("document.getElementById('status').textContent").asText())
          .isEqualTo("Enter your annotator id first.");
      cdp.type("annotator-id", "dr-chromium");
      cdp.type("role", "pathologist");
      cdp.click("item-0-a1-reject");
      cdp.click("item-0-a2-accept");
      cdp.click("item-1-a1-accept");
      cdp.click("item-1-a2-accept");
      cdp.type("item-0-rationale", "answer 1 leaks the caption");
      cdp.eval("(() => { const s = document.getElementById('item-0-confidence'); s.value = '4';"
          + " s.dispatchEvent(new Event('change')); return true; })()");
      assertThat(cdp.eval("document.getElementById('progress').textContent").asText())
          .isEqualTo("2 / 2 done");
      cdp.click("save");
      Path saved = awaitDownload(downloads);

      List<PreferencePair> pairs = ClinicianAnnotations.read(AnnotationFormat.ACCEPT_REJECT, saved);

      assertThat(saved.getFileName().toString())
          .isEqualTo("annotations-chromium-task-dr-chromium.json");
      assertThat(pairs).singleElement().satisfies(p -> {
        assertThat(p.annotatorId()).isEqualTo("dr-chromium");
        assertThat(p.attributes()).containsEntry("role", "pathologist")
            .containsEntry("confidence", "4").containsEntry("rationale", "answer 1 leaks the caption")
            .containsEntry("task_id", "chromium-task").containsEntry("item_id", items.get(0).itemId());
        assertThat(p.chosen().conversation().pairs().get(0).answer()).isEqualTo(items.get(0).answer2());
        assertThat(p.rejected().conversation().pairs().get(0).answer()).isEqualTo(items.get(0).answer1());
      });
    }
  }

  private static Path awaitDownload(Path downloads) throws Exception {
    long end = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < end) {
      try (Stream<Path> files = Files.list(downloads)) {
        List<Path> done = files.filter(f -> f.toString().endsWith(".json")).toList();
        if (!done.isEmpty()) {
          return done.get(0);
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the page saved no JSON into " + downloads);
  }

  private static byte[] png() throws Exception {
    BufferedImage img = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
    img.setRGB(1, 1, 0xFF3366);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }
}
