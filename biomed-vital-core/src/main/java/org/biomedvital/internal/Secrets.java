package org.biomedvital.internal;

import java.util.regex.Pattern;

/** Masks secrets before anything reaches a log line, an exception message or a file. */
public final class Secrets {
  private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._\\-~+/=]+");
  private static final Pattern KEY_PARAM =
      Pattern.compile("(?i)((?:api[-_]?key|key|token|secret|sig)=)[^&\\s]+");

  private Secrets() {}

  /** {@code "****"} plus the last 4 characters for keys of 12 or more characters, else {@code "****"}. */
  public static String mask(String secret) {
    if (secret == null || secret.isEmpty()) {
      return "";
    }
    return secret.length() >= 12 ? "****" + secret.substring(secret.length() - 4) : "****";
  }

  /** Removes the query string (which may carry keys) and any user info from a URL for messages. */
  public static String safeUrl(String url) {
    if (url == null) {
      return "";
    }
    String s = url;
    int q = s.indexOf('?');
    if (q >= 0) {
      s = s.substring(0, q);
    }
    int scheme = s.indexOf("://");
    int at = s.indexOf('@');
    int slash = scheme >= 0 ? s.indexOf('/', scheme + 3) : -1;
    if (scheme >= 0 && at > scheme && (slash < 0 || at < slash)) {
      s = s.substring(0, scheme + 3) + s.substring(at + 1);
    }
    return s;
  }

  /**
   * Scrubs text that may contain a secret: bearer tokens, {@code key=} parameters, and each of the
   * given known secrets wherever it occurs.
   */
  public static String scrub(String text, String... knownSecrets) {
    if (text == null) {
      return null;
    }
    String s = text;
    for (String secret : knownSecrets) {
      if (secret != null && secret.length() >= 4) {
        s = s.replace(secret, mask(secret));
      }
    }
    s = BEARER.matcher(s).replaceAll("$1****");
    return KEY_PARAM.matcher(s).replaceAll("$1****");
  }
}
