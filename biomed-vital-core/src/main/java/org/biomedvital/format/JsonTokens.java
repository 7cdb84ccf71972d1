package org.biomedvital.format;

import com.fasterxml.jackson.core.JsonToken;

/** Names JSON tokens in error messages, the same way in every reader of this package. */
final class JsonTokens {
  private JsonTokens() {}

  /**
   * {@code "an array"}, {@code "an object"}, {@code "a string"}, {@code "a number"},
   * {@code "a boolean"}, {@code "null"}; {@code "nothing"} for the end of the input; a structural
   * token quoted, e.g. {@code "']'"}.
   */
  static String describe(JsonToken t) {
    if (t == null) {
      return "nothing";
    }
    switch (t) {
      case START_ARRAY:
        return "an array";
      case START_OBJECT:
        return "an object";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "a number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      default:
        return t.asString() == null ? t.name() : "'" + t.asString() + "'";
    }
  }
}
