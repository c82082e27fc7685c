package com.example.commerce.reporting.report;

import com.example.commerce.starter.web.PageResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * Writes a report as CSV (RFC 4180, UTF-8, CRLF): a header of the row's field names, then one line per row. A
 * page writes its items (its totals go in the {@code X-Total-Items} and {@code X-Total-Pages} headers); a list its
 * elements; a single record one line.
 */
public class CsvMessageConverter extends AbstractHttpMessageConverter<Object> {

    public static final String TEXT_CSV_VALUE = "text/csv";
    public static final MediaType TEXT_CSV = MediaType.parseMediaType(TEXT_CSV_VALUE);

    public CsvMessageConverter() {
        super(StandardCharsets.UTF_8, TEXT_CSV);
    }

    @Override
    protected boolean supports(Class<?> type) {
        return PageResponse.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type) || type.isRecord();
    }

    @Override
    protected boolean canRead(MediaType mediaType) {
        return false;
    }

    @Override
    protected Object readInternal(Class<?> type, HttpInputMessage input) {
        throw new HttpMessageNotReadableException("CSV is written, not read", input);
    }

    @Override
    protected void writeInternal(Object body, HttpOutputMessage output) throws IOException {
        List<?> rows;
        if (body instanceof PageResponse<?> page) {
            rows = page.items();
            output.getHeaders().set("X-Total-Items", Long.toString(page.totalItems()));
            output.getHeaders().set("X-Total-Pages", Integer.toString(page.totalPages()));
        } else if (body instanceof Collection<?> collection) {
            rows = List.copyOf(collection);
        } else {
            rows = List.of(body);
        }
        Writer writer = new OutputStreamWriter(output.getBody(), StandardCharsets.UTF_8);
        writer.write(csv(rows, body instanceof PageResponse<?> || body instanceof Collection<?> ? null : body.getClass()));
        writer.flush();
    }

    /** The CSV text of {@code rows} (records); the header comes from {@code type}, or from the first row. */
    static String csv(List<?> rows, Class<?> type) {
        StringBuilder csv = new StringBuilder();
        Class<?> rowType = type != null ? type : rows.isEmpty() ? null : rows.getFirst().getClass();
        if (rowType == null || !rowType.isRecord()) {
            return "";
        }
        RecordComponent[] components = rowType.getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            csv.append(i == 0 ? "" : ",").append(field(components[i].getName()));
        }
        csv.append("\r\n");
        for (Object row : rows) {
            for (int i = 0; i < components.length; i++) {
                Object value;
                try {
                    value = components[i].getAccessor().invoke(row);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
                csv.append(i == 0 ? "" : ",").append(value == null ? "" : field(value.toString()));
            }
            csv.append("\r\n");
        }
        return csv.toString();
    }

    private static String field(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
