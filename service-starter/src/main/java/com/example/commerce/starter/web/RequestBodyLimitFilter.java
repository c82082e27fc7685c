package com.example.commerce.starter.web;

import com.example.commerce.starter.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bounds every request body before anything reads it ({@link RequestBodyLimitProperties}): a {@code Content-Length}
 * over the bound is answered 413 {@code urn:commerce:problem:payload-too-large} at once, without reading a byte of
 * the body (and the connection is closed, so the container does not read the rest either); a body of unknown
 * length (chunked) is counted as it is read, and reading past the bound fails ({@link RequestBodyTooLargeException})
 * with the same answer. Runs before the security filters, so a public webhook's small bound holds before its
 * signature is checked. Form posts that the container parses itself are bounded by
 * {@code server.tomcat.max-http-form-post-size} (the starter sets it to the same 1MB default).
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

    private record Bound(PathPattern pattern, long maxBytes) {
    }

    private final long defaultMaxBytes;
    private final List<Bound> routes;
    private final JsonMapper json;

    public RequestBodyLimitFilter(RequestBodyLimitProperties properties, JsonMapper json) {
        this.defaultMaxBytes = properties.maxSize().toBytes();
        this.routes = properties.routes().stream()
                .map(route -> new Bound(PathPatternParser.defaultInstance.parse(route.path()), route.maxSize().toBytes()))
                .toList();
        this.json = json;
    }

    /** The bound of a body sent to {@code path}: the smallest of the routes that match it, else the default. */
    long maxBytesFor(String path) {
        PathContainer container = PathContainer.parsePath(path);
        return routes.stream().filter(bound -> bound.pattern().matches(container)).mapToLong(Bound::maxBytes).min()
                .orElse(defaultMaxBytes);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long maxBytes = maxBytesFor(request.getRequestURI().substring(request.getContextPath().length()));
        if (request.getContentLengthLong() > maxBytes) {
            refuse(request, response, maxBytes);
            return;
        }
        try {
            chain.doFilter(new BoundedRequest(request, maxBytes), response);
        } catch (IOException | ServletException | RuntimeException e) {
            RequestBodyTooLargeException tooLarge = RequestBodyTooLargeException.in(e);
            if (tooLarge == null || response.isCommitted()) {
                throw e;
            }
            refuse(request, response, tooLarge.maxBytes());
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, long maxBytes) throws IOException {
        response.resetBuffer();
        response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
        response.setHeader(HttpHeaders.CONNECTION, "close");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), problem(request.getRequestURI(), maxBytes));
    }

    /** The problem of a body over its bound, as the filter and {@code ProblemDetailsAdvice} both answer it. */
    public static Map<String, Object> problem(String instance, long maxBytes) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", ProblemTypes.PAYLOAD_TOO_LARGE.toString());
        problem.put("title", "Payload too large");
        problem.put("status", HttpStatus.CONTENT_TOO_LARGE.value());
        problem.put("detail", detail(maxBytes));
        problem.put("instance", instance);
        problem.put("maxBytes", maxBytes);
        return problem;
    }

    public static String detail(long maxBytes) {
        return "The request body is larger than this endpoint takes (" + maxBytes + " bytes).";
    }

    /** The request with its body counted as it is read. */
    private static final class BoundedRequest extends HttpServletRequestWrapper {

        private final long maxBytes;
        private BoundedInputStream stream;
        private BufferedReader reader;

        BoundedRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new BoundedInputStream(super.getInputStream(), maxBytes);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                String encoding = getCharacterEncoding();
                Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
                reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
            }
            return reader;
        }
    }

    private static final class BoundedInputStream extends ServletInputStream {

        private final ServletInputStream delegate;
        private final long maxBytes;
        private long read;

        BoundedInputStream(ServletInputStream delegate, long maxBytes) {
            this.delegate = delegate;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int next = delegate.read();
            if (next >= 0) {
                count(1);
            }
            return next;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            // Never ask for more than one byte past the bound: a body just over it fails without more being read.
            long allowed = maxBytes - read + 1;
            int n = delegate.read(buffer, offset, (int) Math.max(1, Math.min(length, allowed)));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws RequestBodyTooLargeException {
            read += n;
            if (read > maxBytes) {
                throw new RequestBodyTooLargeException(maxBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
