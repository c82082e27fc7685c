package com.example.commerce.starter.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.events.customer.CustomerErased;
import com.example.commerce.events.order.OrderCancelled;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The order id an event's log lines carry: taken from the event where it has one, never made up. */
class InboxLogContextTests {

    @Test
    void anEventOfAnOrderNamesItsOrder() {
        UUID orderId = UUID.randomUUID();
        assertThat(Inbox.orderIdOf(new OrderCancelled(orderId, "CUSTOMER_REQUEST", Instant.now())))
                .isEqualTo(orderId.toString());
    }

    @Test
    void anEventOfNoOrderNamesNone() {
        assertThat(Inbox.orderIdOf(new CustomerErased(UUID.randomUUID(), Instant.now()))).isNull();
        assertThat(Inbox.orderIdOf(null)).isNull();
    }
}
