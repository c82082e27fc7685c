package com.example.commerce.starter.outbox;

import com.example.commerce.starter.ProblemTypes;
import com.example.commerce.starter.Problems;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.ErrorResponseException;

/**
 * Outbox events the relay parked because they can never be sent as they are, for operations: list them,
 * look at one, send one again once its cause is fixed (a topic created, the broker's size limit raised),
 * or discard it. Either decision releases the later events of the same key, which waited behind it, and
 * writes one line to the {@code commerce.audit} log: who, which event, its type, topic and key, and why it
 * had been parked.
 */
public class ParkedEvents {

    public static final int MAX_PAGE_SIZE = com.example.commerce.starter.web.PageSize.MAX;
    static final URI NOT_PARKED = ProblemTypes.of("outbox-event-not-parked");

    private static final Logger audit = LoggerFactory.getLogger("commerce.audit");
    private static final String COLUMNS = """
            event_id, topic, event_type, aggregate_id, octet_length(payload), created_at, parked_at, park_reason,
            attempts, discarded_at, discarded_by, sent_at""";
    private static final String PARKED = "parked_at IS NOT NULL AND discarded_at IS NULL AND sent_at IS NULL";

    private final JdbcTemplate jdbc;

    public ParkedEvents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One outbox event that was parked, as operations see it (the payload's size, not the payload). */
    public record ParkedEvent(UUID eventId, String topic, String eventType, String key, int payloadBytes,
                              Instant createdAt, Instant parkedAt, String reason, int attempts,
                              Instant discardedAt, String discardedBy, Instant sentAt, long waitingBehind) {
    }

    public record Page(List<ParkedEvent> items, long total) {
    }

    /** Parked events still waiting for a decision, oldest first, optionally of one topic. */
    public Page list(String topic, int page, int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page must be >= 0 and size 1.." + MAX_PAGE_SIZE);
        }
        List<Object> arguments = new ArrayList<>();
        String where = PARKED;
        if (topic != null) {
            where += " AND topic = ?";
            arguments.add(topic);
        }
        long total = jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE " + where, Long.class,
                arguments.toArray());
        arguments.add(size);
        arguments.add((long) page * size);
        List<ParkedEvent> items = jdbc.query("SELECT " + COLUMNS + ", " + waitingBehind("o") + " FROM outbox_event o WHERE "
                + where + " ORDER BY id LIMIT ? OFFSET ?", ParkedEvents::map, arguments.toArray());
        return new Page(items, total);
    }

    /** A parked event, whether still parked, discarded or sent again. */
    public Optional<ParkedEvent> find(UUID eventId) {
        return jdbc.query("SELECT " + COLUMNS + ", " + waitingBehind("o") + " FROM outbox_event o"
                + " WHERE event_id = ? AND park_reason IS NOT NULL", ParkedEvents::map, eventId).stream().findFirst();
    }

    /**
     * Puts a parked event back in line: the relay sends it next, before the later events of its key.
     *
     * @throws ErrorResponseException 404 if no such event was parked, 409 if it was discarded or sent already
     */
    public ParkedEvent retry(UUID eventId, String operator) {
        decide(eventId, "UPDATE outbox_event SET parked_at = NULL WHERE event_id = ? AND " + PARKED,
                eventId);
        ParkedEvent event = jdbc.query("SELECT " + COLUMNS + ", " + waitingBehind("o") + " FROM outbox_event o"
                + " WHERE event_id = ?", ParkedEvents::map, eventId).getFirst();
        audit.info("Parked outbox event {} retried by {}: topic={} key={} ceType={} reason={}", event.eventId(), operator,
                event.topic(), event.key(), event.eventType(), event.reason());
        return event;
    }

    /**
     * Gives a parked event up for good: it is never sent, and the later events of its key go on. It is kept,
     * discarded, until the outbox retention deletes it.
     *
     * @throws ErrorResponseException 404 if no such event was parked, 409 if it was discarded or sent already
     */
    public ParkedEvent discard(UUID eventId, String operator) {
        decide(eventId, "UPDATE outbox_event SET discarded_at = now(), discarded_by = ? WHERE event_id = ? AND " + PARKED,
                operator, eventId);
        ParkedEvent event = find(eventId).orElseThrow();
        audit.info("Parked outbox event {} discarded by {}: topic={} key={} ceType={} reason={}", event.eventId(),
                operator, event.topic(), event.key(), event.eventType(), event.reason());
        return event;
    }

    private ParkedEvent decide(UUID eventId, String update, Object... arguments) {
        ParkedEvent before = find(eventId).orElseThrow(() -> Problems.problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND,
                "Parked event not found", "No outbox event " + eventId + " was parked.", Map.of("eventId", eventId)));
        if (jdbc.update(update, arguments) == 0) {
            throw Problems.problem(HttpStatus.CONFLICT, NOT_PARKED, "Event no longer parked",
                    "Outbox event " + eventId + " is not parked any more: it was "
                            + (before.discardedAt() != null ? "discarded at " + before.discardedAt()
                            : before.sentAt() != null ? "sent at " + before.sentAt() : "put back in line") + ".",
                    Map.of("eventId", eventId));
        }
        return before;
    }

    private static String waitingBehind(String alias) {
        return "(SELECT count(*) FROM outbox_event w WHERE w.topic = " + alias + ".topic AND w.aggregate_id = " + alias
                + ".aggregate_id AND w.id > " + alias + ".id AND w.sent_at IS NULL AND w.discarded_at IS NULL)";
    }

    private static ParkedEvent map(ResultSet rs, int row) throws SQLException {
        return new ParkedEvent(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getInt(5), instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)), rs.getString(8), rs.getInt(9),
                instant(rs.getTimestamp(10)), rs.getString(11), instant(rs.getTimestamp(12)), rs.getLong(13));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
