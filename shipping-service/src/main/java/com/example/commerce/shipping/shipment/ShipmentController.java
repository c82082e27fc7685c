package com.example.commerce.shipping.shipment;

import com.example.commerce.starter.ProblemTypes;
import com.example.commerce.starter.Problems;
import com.example.commerce.starter.security.Caller;
import com.example.commerce.starter.security.Callers;
import com.example.commerce.starter.web.PageNumber;
import com.example.commerce.starter.web.PageResponse;
import com.example.commerce.starter.web.PageSize;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/shipments/{id}} and {@code GET /api/v1/shipments?orderId=}: the owner's and operators'
 * (scope {@code shipments:read}) view of a shipment with its tracking history. Someone else's is a 404.
 */
@RestController
@RequestMapping("/api/v1/shipments")
class ShipmentController {

    private final ShipmentQueries queries;
    private final Callers callers;

    ShipmentController(ShipmentQueries queries, Callers callers) {
        this.queries = queries;
        this.callers = callers;
    }

    @GetMapping("/{id}")
    ShipmentView shipment(@PathVariable UUID id) {
        return queries.find(id, callers.current()).orElseThrow(() -> notFound("No shipment " + id));
    }

    /**
     * The order's shipments as a page. A caller without {@code shipments:read} who sees none (someone else's
     * order, or one not shipped yet) gets a 404, so the answer does not tell whose an order is.
     */
    @GetMapping
    PageResponse<ShipmentView> ofOrder(@RequestParam UUID orderId,
                                       @RequestParam(defaultValue = "0") @PageNumber int page,
                                       @RequestParam(defaultValue = PageSize.DEFAULT) @PageSize int size) {
        Caller caller = callers.current();
        PageResponse<ShipmentView> found = queries.ofOrder(orderId, caller, page, size);
        if (found.totalItems() == 0 && !caller.hasScope(ShipmentQueries.READ_SCOPE)) {
            throw notFound("No shipment of order " + orderId);
        }
        return found;
    }

    private static ErrorResponseException notFound(String detail) {
        return Problems.problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found", detail, Map.of());
    }
}
