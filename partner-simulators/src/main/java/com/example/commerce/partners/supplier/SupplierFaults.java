package com.example.commerce.partners.supplier;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * The supplier's failure knobs around its SOAP calls (not the WSDL): latency first, then an outage answers 503
 * and performs nothing, and a lost response performs the call, throws its answer away and answers 503.
 */
class SupplierFaults extends OncePerRequestFilter {

    private final SupplierLedger ledger;

    SupplierFaults(SupplierLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        SupplierBehaviour behaviour = ledger.behaviour();
        if (behaviour.latencyMs() > 0) {
            try {
                Thread.sleep(behaviour.latencyMs());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (behaviour.outage()) {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "supplier outage");
            return;
        }
        if (ledger.loseThisResponse()) {
            ContentCachingResponseWrapper swallowed = new ContentCachingResponseWrapper(response);
            chain.doFilter(request, swallowed);
            response.reset();
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "response lost");
            return;
        }
        chain.doFilter(request, response);
    }
}
