package chat.mindroom.operator.document;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads and writes JSON as plain trees: {@code Map<String, Object>} (insertion-ordered),
 * {@code List<Object>}, {@code String}, {@code Long}/{@code BigInteger}, {@code BigDecimal},
 * {@code Boolean} and {@code null}. Duplicate keys and trailing content are errors. Written output
 * keeps the map order, so a tree built from sorted maps is written byte-stable. Parsing is bounded:
 * at most {@value #MAX_DEPTH} levels of nesting and {@value #MAX_NUMBER_LENGTH} characters per number,
 * so no document costs much more to read than its size.
 */
public final class JsonDocument {

    /** Deeper documents are refused; no document this operator reads comes near it. */
    public static final int MAX_DEPTH = 64;
    /** Characters in one number, sign, point and exponent included. */
    public static final int MAX_NUMBER_LENGTH = 100;

    private static final Pattern CONSTRAINT_SOURCE = Pattern.compile(", from `[^`]*`");

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .build())
            .build();

    private JsonDocument() {
    }

    /** Parses UTF-8 JSON; bytes that are not UTF-8 are a {@link DocumentException} like any syntax error. */
    public static Object parse(byte[] json) {
        return parse(StrictUtf8.decode(json));
    }

    public static Object parse(String json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            try {
                return readDocument(parser);
            } catch (StreamConstraintsException e) {
                // A name too long to read is not the name the parser last saw.
                boolean inName = e.getOriginalMessage().startsWith("Name");
                throw failure(parser, CONSTRAINT_SOURCE.matcher(e.getOriginalMessage()).replaceAll(""), inName, e);
            } catch (JsonProcessingException e) {
                throw failure(parser, e.getOriginalMessage(), false, e);
            } catch (NumberFormatException | ArithmeticException e) {
                throw failure(parser, "number out of range", false, e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object readDocument(JsonParser parser) throws IOException {
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
    }

    private static DocumentException failure(JsonParser parser, String problem, boolean inName, Exception cause) {
        JsonLocation where = parser.currentLocation();
        return new DocumentException("malformed JSON at line " + where.getLineNr() + ", column "
                + where.getColumnNr() + ": " + problem, fieldPath(parser.getParsingContext(), inName), cause);
    }

    /**
     * {@code limits.cpu}, {@code domains[2]}: where the parser was, in the API's field notation;
     * {@code inName} leaves out the innermost object's last name, when the failure was in the next one.
     */
    private static String fieldPath(JsonStreamContext context, boolean inName) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c == context && inName && c.inObject()) {
                continue;
            }
            if (c.inArray()) {
                parts.add("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.getCurrentName() != null) {
                parts.add("." + Excerpt.key(c.getCurrentName()));
            }
        }
        if (parts.isEmpty()) {
            return DocumentException.WHOLE_DOCUMENT;
        }
        Collections.reverse(parts);
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
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
        return new String(write(tree), StandardCharsets.UTF_8);
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
