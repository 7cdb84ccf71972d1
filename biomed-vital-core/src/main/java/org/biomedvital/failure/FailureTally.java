package org.biomedvital.failure;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Counts failures by reason so that a summary can say {@code 40 x connection refused:
 * http://127.0.0.1:9/v1} instead of {@code failed: 40}. Not thread-safe; guard it or merge.
 */
public final class FailureTally {
  private final Map<String, Long> counts = new LinkedHashMap<>();
  private long total;

  /** Counts one failure with this reason. */
  public void add(String reason) {
    counts.merge(reason, 1L, Long::sum);
    total++;
  }

  /** Counts one failure of {@code e}. */
  public void add(Throwable e) {
    add(reasonOf(e));
  }

  /** Counts one recorded failure. */
  public void add(FailureRecord r) {
    add(r.reason());
  }

  /** Adds every count of {@code other}. */
  public void addAll(FailureTally other) {
    other.counts.forEach((k, v) -> counts.merge(k, v, Long::sum));
    total += other.total;
  }

  /** The number of failures counted. */
  public long total() {
    return total;
  }

  /** Reason to count, most frequent first (ties in first-seen order). */
  public Map<String, Long> byReason() {
    List<Map.Entry<String, Long>> es = new ArrayList<>(counts.entrySet());
    es.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
    Map<String, Long> out = new LinkedHashMap<>();
    es.forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /**
   * Up to {@code maxReasons} lines {@code "<count> x <reason>"}, most frequent first, and a last
   * line {@code "... and N more reasons"} when there are more.
   */
  public List<String> lines(int maxReasons) {
    List<String> out = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, Long> e : byReason().entrySet()) {
      if (i++ == maxReasons) {
        out.add(String.format(Locale.ROOT, "... and %d more reasons", counts.size() - maxReasons));
        break;
      }
      out.add(String.format(Locale.ROOT, "%d x %s", e.getValue(), e.getKey()));
    }
    return out;
  }

  /**
   * A short, person-readable reason for {@code e}: the innermost well-known network cause named
   * plainly ({@code connection refused}, {@code timed out}, {@code unknown host}), else the
   * message's first line, cut to 200 characters. Messages never hold secrets in this library.
   */
  public static String reasonOf(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return "connection refused" + where(e);
      }
      if (t instanceof UnknownHostException) {
        return "unknown host " + t.getMessage();
      }
      if (t instanceof SocketTimeoutException) {
        return "timed out" + where(e);
      }
    }
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    String first = m.strip().lines().findFirst().orElse(m);
    return first.length() > 200 ? first.substring(0, 200) + "..." : first;
  }

  private static String where(Throwable e) {
    String m = e.getMessage();
    if (m == null) {
      return "";
    }
    int at = m.indexOf("http");
    if (at < 0) {
      return "";
    }
    int end = at;
    while (end < m.length() && !Character.isWhitespace(m.charAt(end)) && m.charAt(end) != ','
        && m.charAt(end) != ';' && m.charAt(end) != ')') {
      end++;
    }
    String url = m.substring(at, end);
    int q = url.indexOf('?');
    return ": " + (q >= 0 ? url.substring(0, q) : url);
  }
}
