package com.example.commerce.reporting;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code commerce.reporting.*}.
 *
 * @param maxRangeDays  the longest range a report covers, in days (a year and a day: 366)
 * @param rebuildPoll   how long the rebuild's consumer waits in one poll
 * @param ordersUrl     order-service's base URL, for reconciliation
 * @param paymentsUrl   payment-service's base URL, for reconciliation
 */
@ConfigurationProperties("commerce.reporting")
public record ReportingProperties(@DefaultValue("366") int maxRangeDays,
                                  @DefaultValue("500ms") Duration rebuildPoll,
                                  @DefaultValue("http://localhost:8084") String ordersUrl,
                                  @DefaultValue("http://localhost:8086") String paymentsUrl) {
}
