package com.example.commerce.customer.notification;

import com.example.commerce.starter.work.Lease;
import com.example.commerce.starter.work.WorkLeases;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records what became of one attempt of an email, each in a transaction that first checks the relay still holds
 * the work's lease (a stalled holder's late answer writes nothing).
 */
@Service
class EmailOutcomes {

    private final Notifications notifications;
    private final WorkLeases leases;
    private final Clock clock;

    EmailOutcomes(Notifications notifications, WorkLeases leases, Clock clock) {
        this.notifications = notifications;
        this.leases = leases;
        this.clock = clock;
    }

    /** The mail server accepted it. */
    @Transactional
    public boolean sent(Lease lease, UUID id, UUID customerId, String language) {
        return leases.holds(lease) && notifications.finish(id, "SENT", customerId, language, null, clock.instant());
    }

    /** The mail server refused it for good: it is not tried again. */
    @Transactional
    public boolean refused(Lease lease, UUID id, UUID customerId, String language, String error) {
        return leases.holds(lease) && notifications.finish(id, "REFUSED", customerId, language, error, clock.instant());
    }

    /** The mail server was away (or said "later"): it is tried again. */
    @Transactional
    public boolean failed(Lease lease, UUID id, UUID customerId, String error, boolean lastAttempt) {
        if (!leases.holds(lease)) {
            return false;
        }
        return lastAttempt ? notifications.finish(id, "FAILED", customerId, null, error, clock.instant())
                : notifications.attemptFailed(id, customerId, error, clock.instant());
    }

    /** Nothing is sent to an erased customer. */
    @Transactional
    public boolean suppressed(Lease lease, UUID id, UUID customerId) {
        return leases.holds(lease) && notifications.suppress(id, customerId, clock.instant());
    }

    /** The relay's last attempt vanished: the row ends FAILED as its bound would. */
    @Transactional
    public boolean abandoned(Lease lease, UUID id, String error) {
        return leases.holds(lease) && notifications.finish(id, "FAILED", null, null, error, clock.instant());
    }
}
