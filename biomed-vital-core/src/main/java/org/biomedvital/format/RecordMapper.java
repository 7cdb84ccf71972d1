package org.biomedvital.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.biomedvital.internal.Json;

/**
 * Maps one record. Package-private: the readers of this package are built on it.
 *
 * <p>The parser stands on the record's {@code START_OBJECT}; the mapper must consume the whole
 * object (through its {@code END_OBJECT}) even when it then reports the record as malformed by
 * throwing {@link org.biomedvital.InvalidDataException} from {@link ReadContext#error}.
 */
@FunctionalInterface
interface RecordMapper<T> {
  T map(JsonParser parser, ReadContext context) throws IOException;

  /** A mapper that reads the record into a tree first and maps the tree. */
  static <T> RecordMapper<T> ofTree(TreeMapper<T> tree) {
    return (parser, context) -> {
      JsonNode node = Json.mapper().readTree(parser);
      return tree.map(context.fields(node), context);
    };
  }

  /** Maps a record read as a tree. */
  @FunctionalInterface
  interface TreeMapper<T> {
    T map(JsonFields fields, ReadContext context);
  }
}
