package com.example.commerce.order.order;

import com.example.commerce.order.OrderProperties;
import com.example.commerce.order.access.Scopes;
import com.example.commerce.order.timeline.OrderChanges;
import com.example.commerce.order.timeline.Timeline;
import com.example.commerce.order.timeline.TimelineEntry;
import com.example.commerce.starter.security.Caller;
import com.example.commerce.starter.web.PageResponse;
import jakarta.persistence.criteria.Predicate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reading orders: the owner sees theirs, operators ({@code orders:read}) every order; anyone else gets the
 * same 404 as for an unknown id.
 */
@Service
public class OrderTracking {

    private final Orders orders;
    private final Timeline timeline;
    private final OrderChanges changes;
    private final OrderProperties properties;
    private final TransactionTemplate readOnly;

    OrderTracking(Orders orders, Timeline timeline, OrderChanges changes, OrderProperties properties,
                  TransactionTemplate transactions) {
        this.orders = orders;
        this.timeline = timeline;
        this.changes = changes;
        this.properties = properties;
        this.readOnly = new TransactionTemplate(transactions.getTransactionManager());
        this.readOnly.setReadOnly(true);
    }

    /** Filters of the list of orders. */
    public record Filter(OrderStatus status, Instant placedFrom, Instant placedTo, UUID customerId) {
    }

    @Transactional(readOnly = true)
    public OrderView view(Caller caller, UUID id) {
        return OrderView.of(readable(caller, id));
    }

    /**
     * The order once its status is {@code waitFor} or terminal, or as it is after {@code timeout}. Re-reads
     * the database every {@code commerce.order.waiting.recheck-interval} (a change by another instance) and
     * at once when this instance changes the order. Holds no connection while it waits.
     */
    public OrderView await(Caller caller, UUID id, OrderStatus waitFor, Duration timeout) {
        Duration bounded = timeout.compareTo(properties.waiting().longPollMax()) > 0
                ? properties.waiting().longPollMax() : timeout;
        long giveUpAt = System.nanoTime() + bounded.toNanos();
        while (true) {
            OrderView view = readOnly.execute(status -> view(caller, id));
            long left = giveUpAt - System.nanoTime();
            if (view.status() == waitFor || view.status().terminal() || left <= 0) {
                return view;
            }
            try {
                changes.await(id, Duration.ofNanos(Math.min(left, properties.waiting().recheckInterval().toNanos())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return view;
            }
        }
    }

    /** The caller's own orders (operators: all, filtered), newest first. */
    @Transactional(readOnly = true)
    public PageResponse<OrderView> list(Caller caller, Filter filter, int page, int size) {
        boolean operator = caller.hasScope(Scopes.ORDERS_READ);
        UUID customer = filter.customerId();
        if (!operator) {
            UUID self = asUuid(caller.subject());
            if (customer != null && !customer.equals(self)) {
                throw new AccessDeniedException("Only operators (orders:read) may list another customer's orders");
            }
            if (self == null) {
                return PageResponse.of(List.of(), page, size, 0);
            }
            customer = self;
        }
        UUID customerId = customer;
        Specification<Order> matching = (root, query, cb) -> {
            List<Predicate> where = new ArrayList<>();
            if (customerId != null) {
                where.add(cb.equal(root.get("customerId"), customerId));
            }
            if (filter.status() != null) {
                where.add(cb.equal(root.get("status"), filter.status()));
            }
            if (filter.placedFrom() != null) {
                where.add(cb.greaterThanOrEqualTo(root.get("placedAt"), filter.placedFrom()));
            }
            if (filter.placedTo() != null) {
                where.add(cb.lessThan(root.get("placedAt"), filter.placedTo()));
            }
            return cb.and(where.toArray(Predicate[]::new));
        };
        Page<Order> found = orders.findAll(matching, PageRequest.of(page, size,
                Sort.by(Sort.Order.desc("placedAt"), Sort.Order.desc("id"))));
        return PageResponse.of(found.getContent().stream().map(OrderView::of).toList(), page, size,
                found.getTotalElements());
    }

    /** The order's timeline, oldest entry first. */
    @Transactional(readOnly = true)
    public List<TimelineEntry> timeline(Caller caller, UUID id) {
        readable(caller, id);
        return timeline.of(id);
    }

    /** The entries after {@code afterId} and the order's status now (for event streams; access checked by the caller). */
    @Transactional(readOnly = true)
    public List<TimelineEntry> entriesAfter(UUID id, long afterId) {
        return timeline.after(id, afterId);
    }

    private Order readable(Caller caller, UUID id) {
        Order order = orders.findById(id).orElseThrow(() -> new OrderNotFoundException(id));
        if (!caller.hasScope(Scopes.ORDERS_READ) && !order.customerId().toString().equals(caller.subject())) {
            throw new OrderNotFoundException(id);
        }
        return order;
    }

    static UUID asUuid(String subject) {
        try {
            return UUID.fromString(subject);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
