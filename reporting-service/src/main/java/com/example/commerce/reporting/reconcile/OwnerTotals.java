package com.example.commerce.reporting.reconcile;

import com.example.commerce.reporting.ReportingProperties;
import com.example.commerce.reporting.report.DateRange;
import com.example.commerce.starter.ProblemTypes;
import com.example.commerce.starter.Problems;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The owning services' side of a reconciliation: order-service's and payment-service's operators' totals, asked
 * with the caller's own bearer token (token relay, as order-service asks its peers), with short timeouts. Not
 * inside a transaction. A peer that does not answer clearly is a 502 {@code urn:commerce:problem:peer-unavailable}.
 */
@Component
class OwnerTotals {

    record OrderTotals(List<Totals.OrderRow> orders) {
    }

    record PaymentTotals(List<Totals.PaymentRow> operations) {
    }

    private final RestClient http;
    private final ReportingProperties properties;

    OwnerTotals(ReportingProperties properties) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
        requests.setReadTimeout(Duration.ofSeconds(10));
        this.http = RestClient.builder().requestFactory(requests).build();
        this.properties = properties;
    }

    Totals of(DateRange range, String authorization) {
        String query = "?from=" + range.from() + "&to=" + range.to();
        OrderTotals orders = get(properties.ordersUrl() + "/api/v1/ops/orders/totals" + query, authorization,
                OrderTotals.class, "order-service");
        PaymentTotals payments = get(properties.paymentsUrl() + "/api/v1/ops/payments/totals" + query, authorization,
                PaymentTotals.class, "payment-service");
        return new Totals(orders.orders(), payments.operations());
    }

    private <T> T get(String url, String authorization, Class<T> type, String peer) {
        try {
            T body = http.get().uri(url).header(HttpHeaders.AUTHORIZATION, authorization).retrieve().body(type);
            if (body == null) {
                throw new RestClientException("no body");
            }
            return body;
        } catch (RestClientException e) {
            throw Problems.problem(HttpStatus.BAD_GATEWAY, ProblemTypes.of("peer-unavailable"), "A peer did not answer",
                    peer + " did not give its totals: " + e.getMessage(), Map.of("peer", peer));
        }
    }
}
