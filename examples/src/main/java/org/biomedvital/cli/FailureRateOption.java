package org.biomedvital.cli;

import java.util.Locale;
import org.biomedvital.failure.FailureBudget;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The {@code --max-failure-rate} option of commands that process many items: the share of items
 * that may fail with the run still counted done (exit 3) rather than failed (exit 1).
 */
public final class FailureRateOption {
  @Option(names = "--max-failure-rate", paramLabel = "RATE", converter = RateConverter.class,
      defaultValue = "0.02",
      description = "Largest share of items that may fail (a fraction such as 0.05, or 5%%) for the"
          + " run to finish with exit 3 instead of 1; default 0.02 (2%%).")
  double maxFailureRate = FailureBudget.DEFAULT_MAX_FAILURE_RATE;

  /** Picocli creates it. */
  public FailureRateOption() {}

  /** The budget given. */
  public FailureBudget budget() {
    return new FailureBudget(maxFailureRate);
  }

  /** Reads {@code 0.05} or {@code 5%}. */
  static final class RateConverter implements CommandLine.ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      String v = value.trim();
      double d;
      try {
        d = v.endsWith("%") ? Double.parseDouble(v.substring(0, v.length() - 1).trim()) / 100
            : Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a rate; give a fraction such as 0.05 or a percentage such as 5%");
      }
      if (!(d >= 0 && d <= 1)) {
        throw new CommandLine.TypeConversionException(String.format(Locale.ROOT,
            "'%s' is not in [0, 1] (0%% to 100%%)", value));
      }
      return d;
    }
  }
}
