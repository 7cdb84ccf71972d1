package org.biomedvital.generation.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.biomedvital.RemoteServiceException;
import org.biomedvital.internal.Json;

/**
 * The shared {@link OkHttpClient} and the one way the providers execute a JSON POST. A request
 * that finds its pooled connection closed by the server is sent again on a fresh connection (see
 * {@link #shared()}); every other failure is mapped by {@link ExceptionMapper}.
 */
public final class HttpSupport {
  /** The JSON media type. */
  public static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private static final OkHttpClient SHARED = createShared();

  private HttpSupport() {}

  private static OkHttpClient createShared() {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(256);
    dispatcher.setMaxRequestsPerHost(256);
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        // Generation runs keep dozens of calls in flight; keep their connections for reuse.
        .connectionPool(new ConnectionPool(128, 5, TimeUnit.MINUTES))
        // Servers close pooled connections (HTTP/1.0 after each reply, keep-alive servers when
        // idle): a request that meets a connection already closed goes again at once on a fresh
        // one. This is no retry of a failed model call and spends no retry budget: OkHttp repeats
        // only a request whose pooled connection failed (one that had served a response before);
        // failures on a fresh connection, timeouts and bodies cut short reach the retry policy.
        // (It also repeats a 408 once, as HTTP allows: the server did not take the request.)
        .retryOnConnectionFailure(true)
        .build();
  }

  /** The client every provider shares unless given its own (one pool, one dispatcher). */
  public static OkHttpClient shared() {
    return SHARED;
  }

  /** A client sharing {@code base}'s pool and dispatcher with the given timeouts. */
  public static OkHttpClient withTimeouts(
      OkHttpClient base, Duration connect, Duration read, Duration call) {
    return base.newBuilder()
        .connectTimeout(connect)
        .readTimeout(read)
        .writeTimeout(read)
        .callTimeout(call)
        .build();
  }

  /**
   * Reads a 2xx response body as JSON. A body that is not JSON is usually a response cut short, so
   * the failure is retriable.
   *
   * @return the tree; null or a missing node for an empty body
   * @throws RemoteServiceException (retriable) naming the provider and URL when it is not JSON
   */
  public static JsonNode readJson(String provider, String url, String body, String... secrets) {
    try {
      return Json.mapper().readTree(body);
    } catch (JacksonException e) {
      throw ExceptionMapper.malformed(provider, url, "not JSON (" + e.getOriginalMessage() + ")",
          body, true, secrets);
    }
  }

  /** A successful response: status, headers and the whole body. */
  public record HttpResult(int status, Headers headers, String body) {}

  /**
   * POSTs {@code json} and returns the 2xx response; maps every other outcome through {@link
   * ExceptionMapper}.
   *
   * @param headersSeen called with the response headers of every response (also errors), e.g. to
   *     update rate limits; may be null
   * @throws RemoteServiceException for an error status, a connection failure, a timeout or a body
   *     cut short
   */
  public static HttpResult postJson(OkHttpClient client, String provider, String url,
      Headers headers, String json, Consumer<Headers> headersSeen, String... secrets) {
    Request request = new Request.Builder()
        .url(url)
        .headers(headers)
        .post(RequestBody.create(json, JSON))
        .build();
    return execute(client, provider, request, headersSeen, secrets);
  }

  /** Executes any request with the same mapping as {@link #postJson}. */
  public static HttpResult execute(OkHttpClient client, String provider, Request request,
      Consumer<Headers> headersSeen, String... secrets) {
    String url = request.url().toString();
    try (Response response = client.newCall(request).execute()) {
      if (headersSeen != null) {
        headersSeen.accept(response.headers());
      }
      ResponseBody rb = response.body();
      String body;
      try {
        body = rb.string();
      } catch (IOException e) {
        throw ExceptionMapper.fromIo(provider, url, e);
      }
      if (!response.isSuccessful()) {
        throw ExceptionMapper.fromStatus(
            provider, response.code(), url, response.headers(), body, secrets);
      }
      return new HttpResult(response.code(), response.headers(), body);
    } catch (IOException e) {
      throw ExceptionMapper.fromIo(provider, url, e);
    }
  }

  /**
   * Executes a request and hands each line of its 2xx body to {@code lines} as it arrives, so a
   * file of any size passes through in constant memory. Maps other outcomes as {@link #execute}.
   */
  public static void lines(OkHttpClient client, String provider, Request request,
      Consumer<String> lines, String... secrets) {
    String url = request.url().toString();
    try (Response response = client.newCall(request).execute()) {
      ResponseBody rb = response.body();
      if (!response.isSuccessful()) {
        String body;
        try {
          body = rb.string();
        } catch (IOException e) {
          throw ExceptionMapper.fromIo(provider, url, e);
        }
        throw ExceptionMapper.fromStatus(
            provider, response.code(), url, response.headers(), body, secrets);
      }
      BufferedSource source = rb.source();
      String line;
      while ((line = source.readUtf8Line()) != null) {
        lines.accept(line);
      }
    } catch (IOException e) {
      throw ExceptionMapper.fromIo(provider, url, e);
    }
  }
}
