package com.example.commerce.order.deadline;

import com.example.commerce.order.order.OrderStatus;
import com.example.commerce.starter.metrics.TableGauges;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * What the saga's dashboards and alerts read from the orders table (at most every 10 s): {@code commerce.orders.open}
 * (tag {@code status}), the orders in each non-terminal state, and {@code commerce.orders.past.deadline} (tag
 * {@code status}), those of them whose deadline has passed and that the deadline job has not acted on yet. The
 * second stays at 0 while the job keeps up; anything above 0 for minutes is a stuck saga (alert
 * {@code OrdersPastDeadline}).
 */
@Component
class OrderStateGauges {

    /** Every state an order can wait in; a terminal order has no deadline (the partial index's condition). */
    static final List<String> OPEN_STATES = Arrays.stream(OrderStatus.values())
            .filter(status -> status != OrderStatus.DELIVERED && status != OrderStatus.CANCELLED
                    && status != OrderStatus.REJECTED)
            .map(Enum::name).toList();

    OrderStateGauges(TableGauges gauges) {
        gauges.countBy("commerce.orders.open", "Orders in each non-terminal state", "status", OPEN_STATES,
                "SELECT status, count(*) FROM orders WHERE deadline_at IS NOT NULL GROUP BY status");
        gauges.countBy("commerce.orders.past.deadline",
                "Orders whose deadline has passed and that the deadline job has not acted on yet", "status", OPEN_STATES,
                "SELECT status, count(*) FROM orders WHERE deadline_at IS NOT NULL AND deadline_at < now() GROUP BY status");
    }
}
