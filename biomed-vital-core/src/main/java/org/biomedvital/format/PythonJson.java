package org.biomedvital.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/**
 * Serialises JSON exactly as Python's {@code json.dumps(obj)} does with its defaults, the style of
 * every file the LLaVA-Med and BioMed-VITAL scripts write: {@code ", "} and {@code ": "} separators,
 * object keys in insertion order, every character outside printable ASCII escaped as a lower-case
 * {@code \\uXXXX} (astral characters as surrogate pairs), and floats in Python's shortest
 * {@code repr} form ({@code 0.5}, {@code 1e-05}, {@code 3.0}). A line read from such a file and
 * written back is byte-for-byte the same.
 *
 * <p>Stateless and thread-safe.
 */
public final class PythonJson {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private PythonJson() {}

  /** The node as Python's {@code json.dumps} would write it. */
  public static String toJson(JsonNode node) {
    StringBuilder sb = new StringBuilder(256);
    write(node, sb);
    return sb.toString();
  }

  /** Appends the node as Python's {@code json.dumps} would write it. */
  public static void write(JsonNode node, StringBuilder out) {
    Objects.requireNonNull(node, "node == null");
    switch (node.getNodeType()) {
      case OBJECT: {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          if (!first) {
            out.append(", ");
          }
          first = false;
          string(e.getKey(), out);
          out.append(": ");
          write(e.getValue(), out);
        }
        out.append('}');
        break;
      }
      case ARRAY: {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(", ");
          }
          write(node.get(i), out);
        }
        out.append(']');
        break;
      }
      case STRING:
        string(node.textValue(), out);
        break;
      case NUMBER:
        if (node.isIntegralNumber()) {
          out.append(node.bigIntegerValue().toString());
        } else {
          out.append(number(node.doubleValue()));
        }
        break;
      case BOOLEAN:
        out.append(node.booleanValue() ? "true" : "false");
        break;
      case NULL:
      case MISSING:
        out.append("null");
        break;
      default:
        // Binary and POJO nodes never come from parsing JSON text.
        throw new IllegalArgumentException("cannot write a " + node.getNodeType() + " node as JSON");
    }
  }

  /** Appends a JSON string literal with Python's {@code ensure_ascii} escaping. */
  public static void string(String s, StringBuilder out) {
    out.append('"');
    int n = s.length();
    int run = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c <= 0x7E && c != '"' && c != '\\') {
        continue;
      }
      out.append(s, run, i);
      run = i + 1;
      String shortEscape = switch (c) {
        case '"' -> "\\\"";
        case '\\' -> "\\\\";
        case '\n' -> "\\n";
        case '\r' -> "\\r";
        case '\t' -> "\\t";
        case '\b' -> "\\b";
        case '\f' -> "\\f";
        default -> null;
      };
      if (shortEscape != null) {
        out.append(shortEscape);
      } else {
        out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
            .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
      }
    }
    out.append(s, run, n);
    out.append('"');
  }

  /** A float in Python's {@code repr} form: {@code 0.1}, {@code 3.0}, {@code 1e-05}, {@code 1e+16}. */
  public static String number(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0.0" : "0.0";
    }
    BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = bd.unscaledValue().toString();
    // value = 0.<digits> x 10^point
    int point = digits.length() - bd.scale();
    int exponent = point - 1;
    StringBuilder sb = new StringBuilder(24);
    if (d < 0) {
      sb.append('-');
    }
    if (exponent >= -5 + 1 && exponent < 16) {
      if (point <= 0) {
        sb.append("0.");
        for (int i = 0; i < -point; i++) {
          sb.append('0');
        }
        sb.append(digits);
      } else if (point >= digits.length()) {
        sb.append(digits);
        for (int i = digits.length(); i < point; i++) {
          sb.append('0');
        }
        sb.append(".0");
      } else {
        sb.append(digits, 0, point).append('.').append(digits, point, digits.length());
      }
    } else {
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      sb.append('e').append(exponent < 0 ? '-' : '+');
      int abs = Math.abs(exponent);
      if (abs < 10) {
        sb.append('0');
      }
      sb.append(abs);
    }
    return sb.toString();
  }
}
