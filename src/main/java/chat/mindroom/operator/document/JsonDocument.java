package chat.mindroom.operator.document;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes JSON as plain trees: {@code Map<String, Object>} (insertion-ordered),
 * {@code List<Object>}, {@code String}, {@code Long}/{@code BigInteger}, {@code BigDecimal},
 * {@code Boolean} and {@code null}. Duplicate keys and trailing content are errors. Written output
 * keeps the map order, so a tree built from sorted maps is written byte-stable.
 */
public final class JsonDocument {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonDocument() {
    }

    public static Object parse(byte[] json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new DocumentException("the JSON document is empty");
            }
            Object tree = readValue(parser, first);
            if (parser.nextToken() != null) {
                throw new DocumentException("unexpected content after the JSON document at line "
                        + parser.currentLocation().getLineNr());
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new DocumentException("malformed JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Object parse(String json) {
        return parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static Object readValue(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String key = parser.currentName();
                    map.put(key, readValue(parser, parser.nextToken()));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    list.add(readValue(parser, t));
                }
                return list;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? parser.getBigIntegerValue() : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDecimalValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new DocumentException("unexpected JSON token " + token);
        }
    }

    public static byte[] write(Object tree) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            writeValue(generator, tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String writeString(Object tree) {
        return new String(write(tree), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void writeValue(JsonGenerator generator, Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof Map<?, ?> map) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                generator.writeFieldName(String.valueOf(entry.getKey()));
                writeValue(generator, entry.getValue());
            }
            generator.writeEndObject();
        } else if (value instanceof Iterable<?> list) {
            generator.writeStartArray();
            for (Object item : list) {
                writeValue(generator, item);
            }
            generator.writeEndArray();
        } else if (value instanceof String s) {
            generator.writeString(s);
        } else if (value instanceof Boolean b) {
            generator.writeBoolean(b);
        } else if (value instanceof BigDecimal d) {
            generator.writeNumber(d);
        } else if (value instanceof BigInteger i) {
            generator.writeNumber(i);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            generator.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number n) {
            generator.writeNumber(new BigDecimal(n.toString()));
        } else {
            generator.writeString(value.toString());
        }
    }
}
