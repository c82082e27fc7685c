package com.example.commerce.starter.deadletter;

import com.example.commerce.starter.outbox.Uuids;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code dead_letter} table of the service's schema. Headers are kept as a JSON array of
 * {@code {name, value}} with base64 values, in record order, so any header (binary, repeated, without a
 * value) comes back exactly as it was.
 *
 * <p>Writing a row must not fail for anything a poison record can carry: a failed write sends the record
 * round the retries and to the DLT again, forever. PostgreSQL text cannot hold NUL, so a NUL in the key,
 * a header name, {@code ce_id} or {@code ce_type} is stored as U+FFFD (the one case a redrive is not
 * exact); every bounded value (consumer group, topic, {@code ce_id}, {@code ce_type}, reason, exception
 * class, DLT failure) is cut to its column, never between the two halves of a surrogate pair. A consumer
 * group cut to {@value #CONSUMER_GROUP_LENGTH} characters is still matched by {@link RedriveFilter}.
 *
 * <p>A redrive claims rows here ({@code REDRIVING}, a token, the database's time) in one statement and
 * holds no lock or transaction while it waits for the broker; only the claim's token marks or releases
 * them, so a redrive whose claim went stale and was taken over cannot mark what it no longer owns.
 */
class DeadLetterStore {

    /** The width of {@code consumer_group}. */
    static final int CONSUMER_GROUP_LENGTH = 255;

    private static final String COLUMNS = """
            id, consumer_group, topic, kafka_partition, kafka_offset, record_key, event_id, event_type, reason,
            exception_class, dead_lettered_at, status, redriven_at, redrive_count""";

    private static final String WITH_RECORD = COLUMNS + ", headers::text AS headers, payload, dlt_failure";

    /**
     * One row per (group, topic, partition, offset): a record dead-lettered again at the same offset (its
     * offset was not committed, or the group replayed the topic) is not stored twice. If it had been
     * redriven meanwhile it is pending again, or its new failure would be invisible here.
     */
    private static final String INSERT = """
            INSERT INTO dead_letter (id, consumer_group, topic, kafka_partition, kafka_offset, record_key, headers,
                                     event_id, event_type, payload, reason, exception_class, dlt_failure)
            VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)
            ON CONFLICT ON CONSTRAINT dead_letter_record_uq DO UPDATE
                SET status = 'PENDING', reason = EXCLUDED.reason, exception_class = EXCLUDED.exception_class,
                    dead_lettered_at = EXCLUDED.dead_lettered_at, dlt_failure = EXCLUDED.dlt_failure
                WHERE dead_letter.status = 'REDRIVEN'""";

    /** Claimable: pending, or claimed by a redrive so long ago ({@code ?} seconds) that it is taken as lost. */
    private static final String CLAIMABLE = """
            (status = 'PENDING' OR (status = 'REDRIVING' AND claimed_at < clock_timestamp() - make_interval(secs => ?)))""";

    private static final String CLAIM = "UPDATE dead_letter SET status = 'REDRIVING', claim_token = ?,"
            + " claimed_at = clock_timestamp()";

    private static final int TOPIC_LENGTH = 249;
    private static final int REASON_LENGTH = 2000;
    private static final int EXCEPTION_CLASS_LENGTH = 500;
    private static final int CE_ATTRIBUTE_LENGTH = 200;

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final RowMapper<DeadLetter> deadLetters = (rs, n) -> deadLetter(rs);
    private final RowMapper<DeadLetter.WithRecord> withRecords = (rs, n) -> new DeadLetter.WithRecord(
            deadLetter(rs), headersOf(rs.getString("headers")), rs.getBytes("payload"), rs.getString("dlt_failure"));

    DeadLetterStore(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A record whose copy is on the DLT; see the full form. */
    boolean add(String consumerGroup, String topic, int partition, long offset, String key, List<Header> headers,
                byte[] payload, String reason, String exceptionClass) {
        return add(consumerGroup, topic, partition, offset, key, headers, payload, reason, exceptionClass, null);
    }

    /**
     * @param dltFailure null when the record's copy is on the DLT, else why it could never be written there
     * @return whether a row was written (false when the record was already pending here)
     */
    boolean add(String consumerGroup, String topic, int partition, long offset, String key, List<Header> headers,
                byte[] payload, String reason, String exceptionClass, String dltFailure) {
        return jdbc.update(INSERT, Uuids.v7(), fit(consumerGroup, CONSUMER_GROUP_LENGTH), fit(topic, TOPIC_LENGTH),
                partition, offset, storable(key), headersJson(headers),
                fit(lastValue(headers, "ce_id"), CE_ATTRIBUTE_LENGTH),
                fit(lastValue(headers, "ce_type"), CE_ATTRIBUTE_LENGTH), payload, fit(reason, REASON_LENGTH),
                fit(exceptionClass, EXCEPTION_CLASS_LENGTH), fit(dltFailure, REASON_LENGTH)) > 0;
    }

    /** One page, newest first; a null status or topic matches any. */
    List<DeadLetter> page(DeadLetterStatus status, String topic, int page, int size) {
        Filter filter = Filter.of(status, topic);
        List<Object> args = new ArrayList<>(filter.args());
        args.add(size);
        args.add((long) page * size);
        return jdbc.query("SELECT " + COLUMNS + " FROM dead_letter" + filter.where()
                + " ORDER BY dead_lettered_at DESC, id DESC LIMIT ? OFFSET ?", deadLetters, args.toArray());
    }

    long count(DeadLetterStatus status, String topic) {
        Filter filter = Filter.of(status, topic);
        Long count = jdbc.queryForObject("SELECT count(*) FROM dead_letter" + filter.where(), Long.class,
                filter.args().toArray());
        return count == null ? 0 : count;
    }

    Optional<DeadLetter.WithRecord> find(UUID id) {
        return jdbc.query("SELECT " + WITH_RECORD + " FROM dead_letter WHERE id = ?", withRecords, id)
                .stream().findFirst();
    }

    /**
     * Claims one dead letter for a redrive, committed at once: it is {@code REDRIVING} under {@code token}
     * until {@link #markRedriven} or {@link #release} with the same token.
     *
     * @param staleAfter how old another redrive's claim must be to be taken over
     * @return the claimed row, empty if there is none to claim (unknown, redriven, or claimed by another)
     */
    Optional<DeadLetter.WithRecord> claim(UUID id, UUID token, Duration staleAfter) {
        return jdbc.query(CLAIM + " WHERE id = ? AND " + CLAIMABLE + " RETURNING " + WITH_RECORD, withRecords,
                token, id, seconds(staleAfter)).stream().findFirst();
    }

    /**
     * Claims the oldest claimable rows dead-lettered up to {@code until}, committed at once; rows another
     * redrive is claiming at this moment are left to it.
     *
     * @return the claimed rows, oldest first
     */
    List<DeadLetter.WithRecord> claimPending(String topic, Instant until, int limit, UUID token, Duration staleAfter) {
        List<Object> args = new ArrayList<>(List.of(token, seconds(staleAfter), until.atOffset(ZoneOffset.UTC)));
        String byTopic = "";
        if (topic != null) {
            byTopic = " AND topic = ?";
            args.add(topic);
        }
        args.add(limit);
        List<DeadLetter.WithRecord> claimed = new ArrayList<>(jdbc.query(CLAIM + " WHERE id IN (SELECT id FROM"
                + " dead_letter WHERE " + CLAIMABLE + " AND dead_lettered_at <= ?" + byTopic
                + " ORDER BY dead_lettered_at, id LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING " + WITH_RECORD,
                withRecords, args.toArray()));
        claimed.sort(Comparator.comparing((DeadLetter.WithRecord row) -> row.deadLetter().deadLetteredAt())
                .thenComparing(row -> row.deadLetter().id()));
        return claimed;
    }

    /**
     * Marks rows of the claim {@code token} redriven (call it only after the broker's ack).
     *
     * @return the ids marked; a row missing here was no longer held by this claim
     */
    List<UUID> markRedriven(List<UUID> ids, UUID token) {
        return ended(ids, token, """
                UPDATE dead_letter SET status = 'REDRIVEN', redriven_at = now(), redrive_count = redrive_count + 1,
                                       claim_token = NULL, claimed_at = NULL
                WHERE id = ? AND claim_token = ?""");
    }

    /** Gives rows of the claim {@code token} back: pending again, as if never claimed. */
    List<UUID> release(List<UUID> ids, UUID token) {
        return ended(ids, token, """
                UPDATE dead_letter SET status = 'PENDING', claim_token = NULL, claimed_at = NULL
                WHERE id = ? AND claim_token = ?""");
    }

    private List<UUID> ended(List<UUID> ids, UUID token, String update) {
        if (ids.isEmpty()) {
            return List.of();
        }
        int[] counts = jdbc.batchUpdate(update, ids.stream().map(id -> new Object[] {id, token}).toList());
        List<UUID> ended = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            if (counts[i] != 0) {
                ended.add(ids.get(i));
            }
        }
        return ended;
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    /** Dead letters not redriven yet: pending, or claimed by a redrive that has not seen its ack. */
    long countPending() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM dead_letter WHERE status <> 'REDRIVEN'", Long.class);
        return count == null ? 0 : count;
    }

    /** The database's clock, which stamps the rows. */
    Instant now() {
        return jdbc.queryForObject("SELECT clock_timestamp()", OffsetDateTime.class).toInstant();
    }

    private static DeadLetter deadLetter(ResultSet rs) throws SQLException {
        Timestamp redrivenAt = rs.getTimestamp("redriven_at");
        return new DeadLetter(rs.getObject("id", UUID.class), rs.getString("consumer_group"), rs.getString("topic"),
                rs.getInt("kafka_partition"), rs.getLong("kafka_offset"), rs.getString("record_key"),
                rs.getString("event_id"), rs.getString("event_type"), rs.getString("reason"),
                rs.getString("exception_class"), rs.getTimestamp("dead_lettered_at").toInstant(),
                DeadLetterStatus.valueOf(rs.getString("status")), redrivenAt == null ? null : redrivenAt.toInstant(),
                rs.getInt("redrive_count"));
    }

    /** One header as stored: its name and its value in base64 (null for a header without a value). */
    private record StoredHeader(String name, String value) {
    }

    private String headersJson(List<Header> headers) {
        Base64.Encoder base64 = Base64.getEncoder();
        return json.writeValueAsString(headers.stream()
                .map(h -> new StoredHeader(storable(h.key()), h.value() == null ? null : base64.encodeToString(h.value())))
                .toList());
    }

    private List<Header> headersOf(String stored) {
        Base64.Decoder base64 = Base64.getDecoder();
        List<Header> headers = new ArrayList<>();
        for (StoredHeader header : json.readValue(stored, StoredHeader[].class)) {
            headers.add(new RecordHeader(header.name(), header.value() == null ? null : base64.decode(header.value())));
        }
        return headers;
    }

    private static String lastValue(List<Header> headers, String name) {
        String value = null;
        for (Header header : headers) {
            if (header.key().equals(name) && header.value() != null) {
                value = new String(header.value(), StandardCharsets.UTF_8);
            }
        }
        return value;
    }

    /** The text made storable and cut to {@code length} characters, never between a surrogate pair. */
    static String fit(String text, int length) {
        String storable = storable(text);
        if (storable == null || storable.length() <= length) {
            return storable;
        }
        int end = Character.isHighSurrogate(storable.charAt(length - 1)) ? length - 1 : length;
        return storable.substring(0, end);
    }

    private static String storable(String text) {
        return text == null ? null : text.replace('\u0000', '\uFFFD');
    }

    private record Filter(String where, List<Object> args) {

        static Filter of(DeadLetterStatus status, String topic) {
            List<String> conditions = new ArrayList<>(2);
            List<Object> args = new ArrayList<>(2);
            if (status != null) {
                conditions.add("status = ?");
                args.add(status.name());
            }
            if (topic != null) {
                conditions.add("topic = ?");
                args.add(topic);
            }
            return new Filter(conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions), args);
        }
    }
}
