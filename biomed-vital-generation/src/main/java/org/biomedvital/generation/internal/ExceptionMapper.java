package org.biomedvital.generation.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Headers;
import org.biomedvital.AuthenticationException;
import org.biomedvital.RateLimitedException;
import org.biomedvital.RemoteServiceException;
import org.biomedvital.internal.Json;
import org.biomedvital.internal.Secrets;

/**
 * The one place where HTTP outcomes become exceptions: 401/403 {@link AuthenticationException},
 * 429 {@link RateLimitedException} with the server's {@code Retry-After} / {@code retry-after-ms},
 * 408, 409 and 5xx retriable {@link RemoteServiceException}s, every other status (400, 404...) not
 * retriable. Bodies are cut to {@value #MAX_BODY} characters and scrubbed of the known secrets.
 */
public final class ExceptionMapper {
  /** The longest response-body excerpt put into a message. */
  public static final int MAX_BODY = 500;

  private ExceptionMapper() {}

  /** Whether a status may succeed when retried: 408, 409, 429 and every 5xx. */
  public static boolean retriable(int status) {
    return status == 408 || status == 409 || status == 429 || status >= 500;
  }

  /** The exception for an HTTP error status. */
  public static RemoteServiceException fromStatus(
      String provider, int status, String url, Headers headers, String body, String... secrets) {
    String excerpt = excerpt(body, secrets);
    String msg = provider + ": HTTP " + status + " from " + Secrets.safeUrl(url)
        + (retriable(status) ? " (retriable)" : " (not retriable)")
        + (excerpt.isEmpty() ? "" : ": " + excerpt)
        + (status == 400 ? rejectedParameter(body).map(ExceptionMapper::parameterHint).orElse("") : "");
    if (status == 401 || status == 403) {
      return new AuthenticationException(provider, status,
          msg + "; check the API key and its permissions");
    }
    if (status == 429) {
      return new RateLimitedException(provider, msg, retryAfter(headers));
    }
    return new RemoteServiceException(provider, status, retriable(status), msg);
  }

  /**
   * The request parameter a 400 body names as rejected: OpenAI's {@code error.param}, else the
   * quoted name in "Unsupported parameter: 'x'" / "Unsupported value: 'x'".
   */
  public static Optional<String> rejectedParameter(String body) {
    if (body == null || body.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonNode n = Json.mapper().readTree(body);
      String param = n == null ? "" : n.path("error").path("param").asText("");
      if (!param.isBlank()) {
        return Optional.of(param);
      }
    } catch (JacksonException e) {
      // not JSON: look at the text
    }
    Matcher m = UNSUPPORTED.matcher(body);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private static final Pattern UNSUPPORTED = Pattern.compile(
      "(?:Unsupported|unsupported|Unrecognized|unrecognized|Extra inputs)[^']{0,40}'([A-Za-z_.]+)'");

  private static String parameterHint(String param) {
    switch (param) {
      case "max_tokens":
        return "; the model rejects parameter 'max_tokens' (reasoning models take"
            + " max_completion_tokens): set model-family=reasoning";
      case "temperature":
      case "top_p":
        return "; the model rejects parameter '" + param + "' (reasoning models take only the"
            + " default): set model-family=reasoning or leave " + param + " unset";
      case "max_completion_tokens":
        return "; the server rejects parameter 'max_completion_tokens': set model-family=chat"
            + " (sends max_tokens)";
      default:
        return "; the server rejects parameter '" + param + "': leave it unset or change its value";
    }
  }

  /** The exception for a call that got no usable HTTP response (connection failure, timeout). */
  public static RemoteServiceException fromIo(String provider, String url, IOException e) {
    String kind = e instanceof SocketTimeoutException || e instanceof InterruptedIOException
        ? "timed out" : "failed";
    return new RemoteServiceException(provider, 0, true,
        provider + ": call to " + Secrets.safeUrl(url) + " " + kind + " (retriable): "
            + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
        e);
  }

  /** The exception for a 2xx response whose body is not what the API promises. */
  public static RemoteServiceException malformed(
      String provider, String url, String problem, String body, boolean retriable,
      String... secrets) {
    return new RemoteServiceException(provider, 200, retriable,
        provider + ": unreadable response from " + Secrets.safeUrl(url) + ": " + problem
            + (retriable ? " (retriable)" : " (not retriable)") + "; body: "
            + excerpt(body, secrets));
  }

  /** The body cut to {@link #MAX_BODY} characters with the given secrets masked. */
  public static String excerpt(String body, String... secrets) {
    if (body == null) {
      return "";
    }
    String s = Secrets.scrub(body.strip(), secrets);
    return s.length() > MAX_BODY ? s.substring(0, MAX_BODY) + "..." : s;
  }

  /**
   * The wait a server asked for: {@code retry-after-ms} (milliseconds), else {@code Retry-After}
   * as seconds or an HTTP date; null when absent or unparseable.
   */
  public static Duration retryAfter(Headers headers) {
    if (headers == null) {
      return null;
    }
    String ms = headers.get("retry-after-ms");
    if (ms != null) {
      try {
        double v = Double.parseDouble(ms.trim());
        if (v >= 0) {
          return Duration.ofNanos((long) (v * 1_000_000));
        }
      } catch (NumberFormatException ignored) {
        // fall through to Retry-After
      }
    }
    String ra = headers.get("Retry-After");
    if (ra == null) {
      return null;
    }
    try {
      double seconds = Double.parseDouble(ra.trim());
      return seconds < 0 ? null : Duration.ofMillis((long) (seconds * 1000));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(ra.trim(), DateTimeFormatter.RFC_1123_DATE_TIME
            .withLocale(Locale.ROOT));
        Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }
}
