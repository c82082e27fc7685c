package com.example.commerce.shipping.callback;

import com.example.commerce.shipping.callback.CourierCallbacks.CourierStatusUpdate;
import com.example.commerce.starter.ProblemTypes;
import com.example.commerce.starter.Problems;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/v1/shipments/callbacks/courier}: the courier's status callbacks. Open without a token
 * (the courier has none); authenticated by its HMAC signature instead.
 */
@RestController
class CourierCallbackController {

    static final String PATH = "/api/v1/shipments/callbacks/courier";
    private static final Set<String> STATUSES = Set.of("DISPATCHED", "DELIVERED", "FAILED");

    private final CallbackSignatures signatures;
    private final CourierCallbacks callbacks;
    private final JsonMapper json;

    CourierCallbackController(CallbackSignatures signatures, CourierCallbacks callbacks, JsonMapper json) {
        this.signatures = signatures;
        this.callbacks = callbacks;
        this.json = json;
    }

    @PostMapping(PATH)
    Map<String, String> receive(@RequestHeader(name = "X-Signature", required = false) String signature,
                                @RequestBody String body) {
        CallbackSignatures.Verdict verdict = signatures.check(signature, body);
        if (verdict != CallbackSignatures.Verdict.VALID) {
            throw Problems.problem(HttpStatus.UNAUTHORIZED, ProblemTypes.of("invalid-callback-signature"),
                    "Invalid callback signature", switch (verdict) {
                        case MISSING -> "The X-Signature header is missing";
                        case STALE -> "The signature's timestamp is outside the accepted window";
                        default -> "The signature does not match the body";
                    }, Map.of());
        }
        CourierStatusUpdate update = parse(body);
        try {
            return Map.of("outcome", callbacks.receive(update).name());
        } catch (CourierCallbacks.UnknownShipmentException unknown) {
            throw Problems.problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Unknown shipment",
                    unknown.getMessage(), Map.of());
        }
    }

    private CourierStatusUpdate parse(String body) {
        try {
            JsonNode node = json.readTree(body);
            String id = node.path("id").asString(null);
            String status = node.path("status").asString(null);
            String reference = node.path("reference").asString(null);
            if (id == null || id.isBlank() || status == null || !STATUSES.contains(status) || reference == null) {
                throw malformed("id, reference and a status of DISPATCHED, DELIVERED or FAILED are required");
            }
            String occurredAt = node.path("occurredAt").asString(null);
            return new CourierStatusUpdate(id, UUID.fromString(reference), node.path("bookingId").asString(null),
                    node.path("trackingNumber").asString(null), status, node.path("reason").asString(null),
                    occurredAt == null ? null : Instant.parse(occurredAt));
        } catch (ErrorResponseException e) {
            throw e;
        } catch (RuntimeException e) {
            throw malformed("The callback is not a valid courier status update: " + e.getMessage());
        }
    }

    private static ErrorResponseException malformed(String detail) {
        return Problems.problem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST, "Malformed callback", detail,
                Map.of());
    }
}
