package org.biomedvital.flow.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * One node of the configuration file with its dotted key path and line, and typed accessors whose
 * errors name file, line, key and the allowed values. Package-private.
 *
 * @param file the configuration file, as named in errors
 * @param key the dotted key path of the node, empty for the whole file
 * @param node the node
 */
record YamlValue(String file, String key, Node node) {
  int line() {
    return node.getStartMark().getLine() + 1;
  }

  IllegalArgumentException error(String detail) {
    return new IllegalArgumentException(file + ":" + line() + ": " + (key.isEmpty() ? "the file" : "'" + key + "'")
        + " " + detail);
  }

  boolean isNull() {
    return node instanceof ScalarNode && node.getTag().getValue().endsWith(":null");
  }

  /** The entries of a mapping; a key not in {@code allowed} is an error listing the allowed keys. */
  Map<String, YamlValue> mapping(Set<String> allowed) {
    if (!(node instanceof MappingNode)) {
      throw error("must be a mapping of " + new TreeSet<>(allowed) + " but is " + kind());
    }
    Map<String, YamlValue> out = new LinkedHashMap<>();
    for (NodeTuple t : ((MappingNode) node).getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode)) {
        throw new YamlValue(file, key, t.getKeyNode()).error("has a key that is not a plain name");
      }
      String k = ((ScalarNode) t.getKeyNode()).getValue();
      String path = key.isEmpty() ? k : key + "." + k;
      if (allowed != null && !allowed.contains(k)) {
        throw new IllegalArgumentException(file + ":" + (t.getKeyNode().getStartMark().getLine() + 1)
            + ": unknown key '" + path + "'; allowed " + (key.isEmpty() ? "top-level keys" : "keys in '" + key + "'")
            + ": " + String.join(", ", new TreeSet<>(allowed)));
      }
      if (out.containsKey(k)) {
        throw new IllegalArgumentException(file + ":" + (t.getKeyNode().getStartMark().getLine() + 1)
            + ": key '" + path + "' appears twice");
      }
      out.put(k, new YamlValue(file, path, t.getValueNode()));
    }
    return out;
  }

  /** A mapping of free keys to scalar values, as strings (provider settings, parameters). */
  Map<String, String> stringMap() {
    Map<String, String> out = new LinkedHashMap<>();
    if (isNull()) {
      return out;
    }
    mapping(null).forEach((k, v) -> out.put(k, v.string()));
    return out;
  }

  boolean isList() {
    return node instanceof SequenceNode;
  }

  List<YamlValue> list() {
    if (!(node instanceof SequenceNode)) {
      throw error("must be a list but is " + kind());
    }
    List<YamlValue> out = new ArrayList<>();
    List<Node> items = ((SequenceNode) node).getValue();
    for (int i = 0; i < items.size(); i++) {
      out.add(new YamlValue(file, key + "[" + i + "]", items.get(i)));
    }
    return out;
  }

  String string() {
    if (!(node instanceof ScalarNode) || isNull()) {
      throw error("must be a value but is " + kind());
    }
    return ((ScalarNode) node).getValue();
  }

  String nonBlank() {
    String s = string();
    if (s.isBlank()) {
      throw error("must not be empty");
    }
    return s;
  }

  long integer(long min) {
    String s = string();
    long v;
    try {
      v = Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      throw error("must be an integer" + (min == Long.MIN_VALUE ? "" : " >= " + min) + " but was '"
          + s + "'");
    }
    if (v < min) {
      throw error("must be an integer >= " + min + " but was " + v);
    }
    return v;
  }

  double number(double min, double max, boolean minExclusive) {
    String s = string();
    double v;
    try {
      v = Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      v = Double.NaN;
    }
    String range = (minExclusive ? "(" : "[") + fmt(min) + ", " + fmt(max) + "]";
    if (Double.isNaN(v) || (minExclusive ? v <= min : v < min) || v > max) {
      throw error("must be a number in " + range + " but was '" + s + "'");
    }
    return v;
  }

  String oneOf(List<String> allowed) {
    String s = string().trim().toLowerCase(Locale.ROOT);
    if (!allowed.contains(s)) {
      throw error("must be one of " + String.join(", ", allowed) + " but was '" + string() + "'");
    }
    return s;
  }

  private static String fmt(double d) {
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private String kind() {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return isNull() ? "empty" : "the value '" + ((ScalarNode) node).getValue() + "'";
  }
}
