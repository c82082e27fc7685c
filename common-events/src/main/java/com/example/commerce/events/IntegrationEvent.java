package com.example.commerce.events;

import java.time.Instant;

/**
 * An event one bounded context publishes for the others. Every event is a record whose first component is
 * the id of the aggregate it is about and whose last component is {@link #occurredAt()}.
 *
 * <p>{@link #aggregateId()} is the Kafka record key: the order id for everything in the order saga, the
 * product id for catalogue events, the customer id, the cart id, the SKU for stock-level events and the
 * purchase-order id for supplier purchase orders. Keying by it keeps one aggregate's events in order.
 *
 * <p>The wire type name of an event comes from {@link EventTypes}, never from its Java class name.
 */
public interface IntegrationEvent {

    /** The id of the aggregate this event is about, as a string: the record key on its topic. */
    String aggregateId();

    /** When the fact happened in the producing context. */
    Instant occurredAt();
}
