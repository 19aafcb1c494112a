package dev.mlpipe.events.serde;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.Encoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Writes a record with a schema other than its own (the subject's latest, for {@code
 * use.latest.version}): fields and enum symbols are matched by name, not position, and fields the
 * record does not have get the writer schema's defaults. Avro's own writers index fields by
 * position, which silently garbles a record whose schema differs from the writer's.
 */
final class FieldNameDatumWriter<T> extends SpecificDatumWriter<T> {

  FieldNameDatumWriter(Schema writerSchema, SpecificData model) {
    super(writerSchema, model);
  }

  @Override
  protected void writeField(Object datum, Schema.Field field, Encoder out, Object state)
      throws IOException {
    Schema own = ((GenericContainer) datum).getSchema();
    Schema.Field ownField = own.getField(field.name());
    Object value =
        ownField != null
            ? ((IndexedRecord) datum).get(ownField.pos())
            : getData().getDefaultValue(field);
    write(field.schema(), value, out);
  }

  @Override
  protected void writeEnum(Schema schema, Object datum, Encoder out) throws IOException {
    out.writeEnum(schema.getEnumOrdinal(datum.toString()));
  }
}
