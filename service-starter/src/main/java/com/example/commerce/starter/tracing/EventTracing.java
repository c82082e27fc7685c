package com.example.commerce.starter.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;

/**
 * Carries a trace across the outbox, where no thread or call stack connects the request that wrote an
 * event to the relay that sends it: {@link #currentTraceparent} is stored with the outbox row, and
 * {@link #startPublish} continues that trace in a producer span whose context goes out as the record's
 * W3C {@code traceparent} header. Without a tracer (tracing switched off) the stored header passes
 * through unchanged.
 */
public class EventTracing {

    /** Tracing off: nothing recorded, stored trace contexts passed on as they are. */
    public static final EventTracing NONE = new EventTracing(null, null);

    private static final String TRACEPARENT = "traceparent";

    private final Tracer tracer;
    private final Propagator propagator;

    public EventTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** The W3C {@code traceparent} of the span in scope on this thread, or null outside any trace. */
    public String currentTraceparent() {
        if (tracer == null) {
            return null;
        }
        Span span = tracer.currentSpan();
        if (span == null) {
            return null;
        }
        return traceparentOf(span.context());
    }

    /**
     * Starts the span of one event's publication, a child of the trace the event was written in (or the
     * root of a new trace when there was none). End it with {@link Publication#end}.
     */
    public Publication startPublish(String storedTraceparent, String topic, String eventType, String key) {
        if (tracer == null) {
            return new Publication(null, storedTraceparent);
        }
        Map<String, String> carrier = storedTraceparent == null ? Map.of() : Map.of(TRACEPARENT, storedTraceparent);
        Span span = propagator.extract(carrier, Map::get)
                .kind(Span.Kind.PRODUCER)
                .name(topic + " publish")
                .tag("messaging.system", "kafka")
                .tag("messaging.destination.name", topic)
                .tag("messaging.kafka.message.key", key)
                .tag("cloudevents.event_type", eventType)
                .start();
        return new Publication(span, traceparentOf(span.context()));
    }

    private String traceparentOf(TraceContext context) {
        Map<String, String> carrier = new HashMap<>(2);
        propagator.inject(context, carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /**
     * Continues the trace {@code storedTraceparent} names (a new one when null) in a span {@code name} that is in
     * scope on this thread until closed: what the code inside does (a call to a partner) is part of that trace.
     */
    public Continued continueTrace(String storedTraceparent, String name) {
        if (tracer == null) {
            return Continued.NOTHING;
        }
        Map<String, String> carrier = storedTraceparent == null ? Map.of() : Map.of(TRACEPARENT, storedTraceparent);
        Span span = propagator.extract(carrier, Map::get).kind(Span.Kind.CONSUMER).name(name).start();
        Tracer.SpanInScope scope = tracer.withSpan(span);
        return new Continued(() -> {
            scope.close();
            span.end();
        });
    }

    /** A continued trace's span; closing it ends the span. */
    public static final class Continued implements AutoCloseable {

        static final Continued NOTHING = new Continued(() -> {
        });

        private final Runnable end;

        private Continued(Runnable end) {
            this.end = end;
        }

        @Override
        public void close() {
            end.run();
        }
    }

    /** One event's publication: the header to send and the span to end when the broker answered. */
    public record Publication(Span span, String traceparent) {

        public void end(Throwable failure) {
            if (span == null) {
                return;
            }
            if (failure != null) {
                span.error(failure);
            }
            span.end();
        }
    }
}
