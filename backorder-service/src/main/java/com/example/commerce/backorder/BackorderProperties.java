package com.example.commerce.backorder;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How backorders become purchase orders ({@code commerce.backorder.*}).
 *
 * @param batchingWindow how long a supplier's purchase order collects shortages after its first one before it is
 *                       placed (ten orders of one SKU within the window make one line)
 * @param maxWait        the longest an order may wait: a line the supplier expects to ship later than the order was
 *                       backordered plus this fails the orders it covers
 * @param pollInterval   how often a placed purchase order's status is asked of the supplier until it ships
 */
@ConfigurationProperties("commerce.backorder")
public record BackorderProperties(@DefaultValue("1m") Duration batchingWindow,
                                  @DefaultValue("7d") Duration maxWait,
                                  @DefaultValue("10s") Duration pollInterval) {
}
