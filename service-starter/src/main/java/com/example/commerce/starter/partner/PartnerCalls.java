package com.example.commerce.starter.partner;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.RequestReplySenderContext;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;

/**
 * Calls to third parties (the payment provider, couriers) made with the JDK's {@code HttpClient}, observed the way
 * Spring observes its own clients: each exchange is timed in {@code http.client.requests} (tags {@code client.name}
 * = the partner, {@code method}, {@code uri} as a template, {@code status}, {@code outcome}, {@code exception}; the
 * SLO buckets of the starter's defaults), and is a client span of the current trace whose W3C {@code traceparent}
 * goes out as a request header, so one order's trace reaches the partner. Path segments that are not plain words
 * (ids, references, numbers) become {@code {id}} in the {@code uri} tag, so a tag value never names one payment.
 */
public class PartnerCalls {

    /** The exchange itself: send the (traced) request and return the answer. */
    @FunctionalInterface
    public interface Exchange<T> {
        HttpResponse<T> send(HttpRequest request) throws Exception;
    }

    private static final Pattern WORD = Pattern.compile("[a-z][a-z-]*");

    private final ObservationRegistry observations;

    public PartnerCalls(ObservationRegistry observations) {
        this.observations = observations;
    }

    /** Not observed: for unit tests of code that takes a {@code PartnerCalls}. */
    public static PartnerCalls unobserved() {
        return new PartnerCalls(ObservationRegistry.NOOP);
    }

    /**
     * {@code executor} with each task run in the trace of the thread that submitted it: for a call to a partner that
     * a time limiter runs on another thread, so its span still belongs to the caller's trace.
     */
    public static ExecutorService inCallersTrace(ExecutorService executor) {
        return Context.taskWrapping(executor);
    }

    public <T> HttpResponse<T> exchange(String partner, HttpRequest request, Exchange<T> exchange) throws Exception {
        HttpRequest.Builder traced = HttpRequest.newBuilder(request, (name, value) -> true);
        RequestReplySenderContext<HttpRequest.Builder, HttpResponse<?>> context =
                new RequestReplySenderContext<>((carrier, key, value) -> {
                    if (carrier != null) {
                        carrier.setHeader(key, value);
                    }
                });
        context.setCarrier(traced);
        context.setRemoteServiceName(partner);
        Observation observation = Observation.createNotStarted("http.client.requests", () -> context, observations)
                .contextualName("http " + request.method().toLowerCase())
                .lowCardinalityKeyValue("client.name", partner)
                .lowCardinalityKeyValue("method", request.method())
                .lowCardinalityKeyValue("uri", template(request.uri()))
                .highCardinalityKeyValue("http.url", request.uri().toString())
                .start();
        try (Observation.Scope scope = observation.openScope()) {
            HttpResponse<T> response = exchange.send(traced.build());
            context.setResponse(response);
            int status = response.statusCode();
            observation.lowCardinalityKeyValue("status", String.valueOf(status))
                    .lowCardinalityKeyValue("outcome", outcome(status))
                    .lowCardinalityKeyValue("exception", "none");
            return response;
        } catch (Exception failure) {
            observation.lowCardinalityKeyValue("status", "CLIENT_ERROR")
                    .lowCardinalityKeyValue("outcome", "UNKNOWN")
                    .lowCardinalityKeyValue(KeyValue.of("exception", failure.getClass().getSimpleName()))
                    .error(failure);
            throw failure;
        } finally {
            observation.stop();
        }
    }

    static String template(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        StringBuilder template = new StringBuilder();
        for (String segment : path.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            template.append('/').append(WORD.matcher(segment).matches() || segment.matches("v[0-9]+") ? segment : "{id}");
        }
        return template.isEmpty() ? "/" : template.toString();
    }

    private static String outcome(int status) {
        return switch (status / 100) {
            case 1 -> "INFORMATIONAL";
            case 2 -> "SUCCESS";
            case 3 -> "REDIRECTION";
            case 4 -> "CLIENT_ERROR";
            case 5 -> "SERVER_ERROR";
            default -> "UNKNOWN";
        };
    }
}
