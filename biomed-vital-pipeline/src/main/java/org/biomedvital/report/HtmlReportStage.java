package org.biomedvital.report;

import java.nio.file.Path;
import org.biomedvital.pipeline.StageAction;
import org.biomedvital.pipeline.StageContext;
import org.biomedvital.pipeline.StageResult;

/** The pipeline's report stage: reads the run folder and writes {@code report/index.html}. */
public final class HtmlReportStage implements StageAction {
  /** The report file, relative to the run folder. */
  public static final String OUTPUT = "report/index.html";

  @Override
  public StageResult run(StageContext context) {
    ReportData data = RunReader.read(context.outputDir());
    Path file = context.path(OUTPUT);
    HtmlReport.write(data, file);
    return StageResult.builder().count("plots", plots(data)).count("tables", data.evaluation().size())
        .build();
  }

  static long plots(ReportData d) {
    long n = 0;
    n += d.poolDomains().isEmpty() ? 0 : 1;
    n += d.scores().isEmpty() ? 0 : 1;
    n += d.sweep().isEmpty() ? 0 : 1;
    n += d.scorerLoss().isEmpty() ? 0 : 1;
    n += d.tuningLoss().isEmpty() ? 0 : 1;
    return n;
  }
}
