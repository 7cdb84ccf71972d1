package org.biomedvital.report;

import java.util.Set;
import org.biomedvital.internal.DeclaredProvider;
import org.biomedvital.pipeline.StageAction;
import org.biomedvital.pipeline.StageActionProvider;
import org.biomedvital.spi.ProviderSettings;

/** Provides the HTML run report as stage action {@code html}; it reads no settings. */
public final class HtmlReportProvider extends DeclaredProvider<StageAction>
    implements StageActionProvider {
  /** For the service loader. */
  public HtmlReportProvider() {
    super("html", Set.of());
  }

  @Override
  public StageAction create(ProviderSettings settings) {
    if (!settings.keys().isEmpty()) {
      throw new IllegalArgumentException("the html report takes no settings but got " + settings.keys());
    }
    return new HtmlReportStage();
  }

  @Override
  public String description() {
    return "html: the self-contained run report report/index.html (no settings)";
  }
}
