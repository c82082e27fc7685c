package com.example.commerce.starter.work;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The fenced claim on {@code work_item} rows. A claim is one statement (its own short transaction) that picks
 * due rows with {@code FOR UPDATE SKIP LOCKED}, so two instances claiming at once never take the same row,
 * and sets each row LEASED with {@code fence = fence + 1}; the {@link Lease} it hands back carries that fence.
 * Every later write of the holder names the fence ({@code WHERE id = ? AND fence = ? AND status = 'LEASED'}) and
 * returns whether it still held the lease: a holder that stalled past its lease, while another worker claimed
 * the row again, learns that it lost and changes nothing.
 *
 * <p>Times come from the service's {@link Clock}, never from the database's {@code now()}, so a test that moves
 * the clock moves leases and due times with it.
 */
public class WorkLeases {

    private static final int TEXT_LIMIT = 2000;

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public WorkLeases(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Claims up to {@code limit} rows of {@code kinds} that are due, or whose holder's lease ran out, oldest due
     * first, for {@code leaseFor}. Each claim counts as an attempt. Rows on their last attempt whose lease ran
     * out are not claimed (see {@link #claimAbandoned}).
     */
    public List<Work> claimDue(Collection<String> kinds, int limit, Duration leaseFor) {
        if (kinds.isEmpty() || limit < 1) {
            return List.of();
        }
        Instant now = clock.instant();
        Timestamp until = Timestamp.from(now.plus(leaseFor));
        return jdbc.query(connection -> {
            var statement = connection.prepareStatement("""
                    UPDATE work_item w
                    SET status = 'LEASED', fence = w.fence + 1, lease_until = ?, due_at = ?,
                        attempts = w.attempts + 1, updated_at = ?
                    FROM (SELECT id FROM work_item
                          WHERE status IN ('DUE', 'LEASED') AND due_at <= ? AND kind = ANY (?)
                            AND attempts < max_attempts
                          ORDER BY due_at LIMIT ? FOR UPDATE SKIP LOCKED) due
                    WHERE w.id = due.id
                    RETURNING w.id, w.kind, w.work_key, w.payload, w.attempts, w.max_attempts, w.fence, w.lease_until,
                              w.traceparent""");
            statement.setTimestamp(1, until);
            statement.setTimestamp(2, until);
            statement.setTimestamp(3, Timestamp.from(now));
            statement.setTimestamp(4, Timestamp.from(now));
            Array array = connection.createArrayOf("varchar", kinds.toArray());
            statement.setArray(5, array);
            statement.setInt(6, limit);
            return statement;
        }, (rs, i) -> new Work(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                rs.getInt(6), new Lease(rs.getLong(1), rs.getLong(7), rs.getTimestamp(8).toInstant()), rs.getString(9)));
    }

    /**
     * Extends a lease the caller still holds (work that runs longer than it thought).
     *
     * @return the renewed lease, or empty when the caller no longer holds it
     */
    public Optional<Lease> renew(Lease lease, Duration leaseFor) {
        Instant until = clock.instant().plus(leaseFor);
        int updated = jdbc.update("""
                UPDATE work_item SET lease_until = ?, due_at = ?, updated_at = ?
                WHERE id = ? AND fence = ? AND status = 'LEASED'""",
                Timestamp.from(until), Timestamp.from(until), Timestamp.from(clock.instant()), lease.id(), lease.fence());
        return updated == 1 ? Optional.of(new Lease(lease.id(), lease.fence(), until)) : Optional.empty();
    }

    /**
     * Whether the caller still holds {@code lease}, locking the row until the caller's transaction ends. A handler
     * that records its effect in its own tables calls it first in that transaction and writes nothing when it
     * returns false: while the lock is held no other worker can claim the row (claims skip locked rows), so the
     * effect is written by the holder of the current fence or not at all.
     */
    public boolean holds(Lease lease) {
        return !jdbc.queryForList("SELECT 1 FROM work_item WHERE id = ? AND fence = ? AND status = 'LEASED' FOR UPDATE",
                Integer.class, lease.id(), lease.fence()).isEmpty();
    }

    /** Records success: the row becomes DONE with {@code outcome}. @return whether the caller still held the lease */
    public boolean complete(Lease lease, String outcome) {
        return finish(lease, WorkStatus.DONE, outcome, null);
    }

    /** Gives the row up: FAILED with {@code outcome} (and {@code error}). @return whether the caller still held the lease */
    public boolean fail(Lease lease, String outcome, String error) {
        return finish(lease, WorkStatus.FAILED, outcome, error);
    }

    /** The attempt did not succeed: due again at {@code dueAt}. @return whether the caller still held the lease */
    public boolean retry(Lease lease, String error, Instant dueAt) {
        return jdbc.update("""
                UPDATE work_item SET status = 'DUE', lease_until = NULL, due_at = ?, last_error = ?, updated_at = ?
                WHERE id = ? AND fence = ? AND status = 'LEASED'""",
                Timestamp.from(dueAt), clip(error), Timestamp.from(clock.instant()), lease.id(), lease.fence()) == 1;
    }

    /**
     * Hands the row back unattempted (the instance stops before it ran it): due now, and the claim does not count
     * as an attempt. @return whether the caller still held the lease
     */
    public boolean release(Lease lease) {
        Instant now = clock.instant();
        return jdbc.update("""
                UPDATE work_item SET status = 'DUE', lease_until = NULL, due_at = ?, attempts = attempts - 1,
                       updated_at = ?
                WHERE id = ? AND fence = ? AND status = 'LEASED'""",
                Timestamp.from(now), Timestamp.from(now), lease.id(), lease.fence()) == 1;
    }

    private boolean finish(Lease lease, WorkStatus status, String outcome, String error) {
        Instant now = clock.instant();
        return jdbc.update("""
                UPDATE work_item SET status = ?, lease_until = NULL, outcome = ?, last_error = coalesce(?, last_error),
                       updated_at = ?, finished_at = ?
                WHERE id = ? AND fence = ? AND status = 'LEASED'""",
                status.name(), clip(outcome), clip(error), Timestamp.from(now), Timestamp.from(now), lease.id(),
                lease.fence()) == 1;
    }

    /** Why a row whose holder vanished on its last attempt ended FAILED (its {@code last_error}). */
    public static final String LAST_LEASE_RAN_OUT = "The lease of the last attempt ran out without a result";

    /**
     * Claims up to {@code limit} rows of {@code kinds} whose holder's lease ran out on their last attempt (it
     * crashed, stalled, or failed to record), for {@code leaseFor}, so that their handler is told
     * ({@link WorkHandler#abandoned}) before {@link #abandon} ends them FAILED. Like {@link #claimDue}: one
     * statement, {@code FOR UPDATE SKIP LOCKED}, {@code fence + 1}, so the vanished holder's late writes are
     * refused; unlike it, the claim is not an attempt ({@code attempts} unchanged).
     */
    public List<Work> claimAbandoned(Collection<String> kinds, int limit, Duration leaseFor) {
        if (kinds.isEmpty() || limit < 1) {
            return List.of();
        }
        Instant now = clock.instant();
        Timestamp until = Timestamp.from(now.plus(leaseFor));
        return jdbc.query(connection -> {
            var statement = connection.prepareStatement("""
                    UPDATE work_item w
                    SET fence = w.fence + 1, lease_until = ?, due_at = ?, updated_at = ?
                    FROM (SELECT id FROM work_item
                          WHERE status = 'LEASED' AND due_at <= ? AND kind = ANY (?) AND attempts >= max_attempts
                          ORDER BY due_at LIMIT ? FOR UPDATE SKIP LOCKED) gone
                    WHERE w.id = gone.id
                    RETURNING w.id, w.kind, w.work_key, w.payload, w.attempts, w.max_attempts, w.fence, w.lease_until,
                              w.traceparent""");
            statement.setTimestamp(1, until);
            statement.setTimestamp(2, until);
            statement.setTimestamp(3, Timestamp.from(now));
            statement.setTimestamp(4, Timestamp.from(now));
            statement.setArray(5, connection.createArrayOf("varchar", kinds.toArray()));
            statement.setInt(6, limit);
            return statement;
        }, (rs, i) -> new Work(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                rs.getInt(6), new Lease(rs.getLong(1), rs.getLong(7), rs.getTimestamp(8).toInstant()), rs.getString(9)));
    }

    /**
     * Ends a row claimed by {@link #claimAbandoned} FAILED with {@code outcome} (null: the last attempt's error,
     * or {@link #LAST_LEASE_RAN_OUT}). @return whether the caller still held the lease
     */
    public boolean abandon(Lease lease, String outcome) {
        Instant now = clock.instant();
        return jdbc.update("""
                UPDATE work_item SET status = 'FAILED', lease_until = NULL,
                       outcome = coalesce(?, last_error, ?), last_error = ?, updated_at = ?, finished_at = ?
                WHERE id = ? AND fence = ? AND status = 'LEASED'""",
                clip(outcome), LAST_LEASE_RAN_OUT, LAST_LEASE_RAN_OUT, Timestamp.from(now), Timestamp.from(now),
                lease.id(), lease.fence()) == 1;
    }

    /**
     * Rows whose holder's lease ran out on their last attempt (the worker crashed or stalled while trying it):
     * FAILED, with the reason, without telling their handler. The workers no longer call it (they claim such rows
     * with {@link #claimAbandoned} and tell the handler); kept for callers of its own. @return how many
     */
    public int failExhausted(Collection<String> kinds) {
        if (kinds.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        return jdbc.update(connection -> {
            var statement = connection.prepareStatement("""
                    UPDATE work_item
                    SET status = 'FAILED', lease_until = NULL, updated_at = ?, finished_at = ?,
                        outcome = coalesce(last_error, 'The lease of the last attempt ran out without a result'),
                        last_error = 'The lease of the last attempt ran out without a result'
                    WHERE status = 'LEASED' AND due_at <= ? AND attempts >= max_attempts AND kind = ANY (?)""");
            statement.setTimestamp(1, Timestamp.from(now));
            statement.setTimestamp(2, Timestamp.from(now));
            statement.setTimestamp(3, Timestamp.from(now));
            statement.setArray(4, connection.createArrayOf("varchar", kinds.toArray()));
            return statement;
        });
    }

    /** When the next row of {@code kinds} is due (or its lease ends); empty when none is open. */
    public Optional<Instant> nextDue(Collection<String> kinds) {
        if (kinds.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(jdbc.query(connection -> {
            var statement = connection.prepareStatement(
                    "SELECT min(due_at) FROM work_item WHERE status IN ('DUE', 'LEASED') AND kind = ANY (?)");
            statement.setArray(1, connection.createArrayOf("varchar", kinds.toArray()));
            return statement;
        }, (ResultSet rs) -> rs.next() && rs.getTimestamp(1) != null ? rs.getTimestamp(1).toInstant() : null));
    }

    /** Deletes DONE rows finished before {@code before} (FAILED rows stay for an operator). @return how many */
    public int deleteDone(Instant before) {
        return jdbc.update("DELETE FROM work_item WHERE status = 'DONE' AND finished_at < ?", Timestamp.from(before));
    }

    /** How many rows of each kind are in each status (DONE not counted). */
    public Map<String, Map<WorkStatus, Long>> counts() {
        record Count(String kind, WorkStatus status, long count) {
        }
        List<Count> counts = jdbc.query("""
                SELECT kind, status, count(*) FROM work_item WHERE status <> 'DONE' GROUP BY kind, status""",
                (rs, i) -> new Count(rs.getString(1), WorkStatus.valueOf(rs.getString(2)), rs.getLong(3)));
        return counts.stream().collect(Collectors.groupingBy(Count::kind,
                Collectors.toMap(Count::status, Count::count)));
    }

    static String clip(String text) {
        return text == null || text.length() <= TEXT_LIMIT ? text : text.substring(0, TEXT_LIMIT);
    }

    static WorkItem item(ResultSet rs) throws SQLException {
        Timestamp finished = rs.getTimestamp("finished_at");
        return new WorkItem(rs.getLong("id"), rs.getString("kind"), rs.getString("work_key"), rs.getString("payload"),
                WorkStatus.valueOf(rs.getString("status")), rs.getTimestamp("due_at").toInstant(), rs.getLong("fence"),
                rs.getInt("attempts"), rs.getInt("max_attempts"), rs.getString("last_error"), rs.getString("outcome"),
                rs.getTimestamp("created_at").toInstant(), finished == null ? null : finished.toInstant());
    }
}
