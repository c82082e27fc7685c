package com.example.commerce.order.placement;

import com.example.commerce.order.OrderProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Back-pressure on placement: how many orders wait for the saga's first answer (PENDING, in every instance), read
 * from the database at most once per {@code commerce.order.admission.recount}. While they are
 * {@code max-pending} or more, a new placement is refused at once ({@link SagaBusyException}: 503, Retry-After)
 * before anything is stored: the orders already accepted are confirmed within their deadline instead of every
 * order waiting behind a backlog that the saga cannot work off before the PENDING deadline times them out.
 */
@Component
public class SagaBacklog {

    private final JdbcTemplate jdbc;
    private final OrderProperties.Admission admission;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong countedAt = new AtomicLong(Long.MIN_VALUE);
    private final Counter refused;

    SagaBacklog(JdbcTemplate jdbc, OrderProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.admission = properties.admission();
        this.refused = Counter.builder("commerce.orders.placements.refused").tag("reason", "saga-busy")
                .description("Placements refused because too many orders wait for the saga").register(meters);
        Gauge.builder("commerce.orders.pending", pending, AtomicLong::get)
                .description("Orders waiting for the saga's first answer (PENDING), as last counted").register(meters);
    }

    /** @throws SagaBusyException when {@code max-pending} orders or more wait for the saga */
    void admit() {
        long now = System.nanoTime();
        long last = countedAt.get();
        if (last == Long.MIN_VALUE || now - last >= admission.recount().toNanos()) {
            if (countedAt.compareAndSet(last, now)) {
                pending.set(jdbc.queryForObject("SELECT count(*) FROM orders WHERE status = 'PENDING'", Long.class));
            }
        }
        long waiting = pending.get();
        if (waiting >= admission.maxPending()) {
            refused.increment();
            throw new SagaBusyException(waiting, admission.maxPending());
        }
    }
}
