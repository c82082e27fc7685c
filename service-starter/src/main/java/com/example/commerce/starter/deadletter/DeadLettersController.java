package com.example.commerce.starter.deadletter;

import com.example.commerce.starter.ProblemTypes;
import com.example.commerce.starter.Problems;
import com.example.commerce.starter.web.PageNumber;
import com.example.commerce.starter.web.PageResponse;
import com.example.commerce.starter.web.PageSize;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operations API of this service's dead letters: list them, look at one, redrive one or all.
 *
 * <p>Only for callers whose token grants {@code ops:dead-letters} (the starter's security chain guards
 * {@code /api/v1/ops/**}); the audit log names the caller by the token's subject.
 */
@RestController
@RequestMapping("/api/v1/ops/dead-letters")
@Tag(name = "Dead letters (operations)",
        description = "Records this service's consumers gave up on, and sending them again once the cause is fixed")
class DeadLettersController {

    /** How much of a payload the single view shows, in characters. */
    static final int PAYLOAD_PREVIEW = 16 * 1024;

    private final DeadLetters deadLetters;

    DeadLettersController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** One header of the original record, its value read as UTF-8 (null if it had none). */
    record HeaderView(String name, String value) {
    }

    /**
     * A dead letter with the record it keeps: every header, and the payload as UTF-8 text, cut after
     * {@value #PAYLOAD_PREVIEW} characters ({@code payloadTruncated}); {@code payloadBytes} is its full size.
     * {@code dltCopy} says whether the record is on {@code <topic>.DLT} too; when it is not,
     * {@code dltFailure} says why it could never be written there, and this row is its only copy.
     */
    record DeadLetterDetails(UUID id, String consumerGroup, String topic, int partition, long offset, String key,
                             String eventId, String eventType, String reason, String exceptionClass,
                             Instant deadLetteredAt, DeadLetterStatus status, Instant redrivenAt, int redriveCount,
                             List<HeaderView> headers, String payload, Integer payloadBytes, boolean payloadTruncated,
                             boolean dltCopy, String dltFailure) {
    }

    record RedriveAllResult(int redriven) {
    }

    @GetMapping
    @Operation(summary = "List dead letters, newest first",
            description = "Filter by status (PENDING, REDRIVING: a redrive is waiting for the broker's ack, REDRIVEN) and original topic; page from 0, size 1..100;"
                    + " the fleet's page shape {items, page, size, totalItems, totalPages}.")
    PageResponse<DeadLetter> list(@RequestParam(name = "status", required = false) DeadLetterStatus status,
                                  @RequestParam(name = "topic", required = false) @Size(max = 249) String topic,
                                  @RequestParam(name = "page", defaultValue = "0") @PageNumber int page,
                                  @RequestParam(name = "size", defaultValue = PageSize.DEFAULT) @PageSize int size) {
        DeadLetters.Page found = deadLetters.list(status, topic, page, size);
        return PageResponse.of(found.items(), page, size, found.total());
    }

    @GetMapping("/{id}")
    @Operation(summary = "One dead letter, with the headers and payload of its record")
    DeadLetterDetails one(@PathVariable("id") UUID id) {
        return deadLetters.find(id).map(DeadLettersController::details).orElseThrow(() -> Problems.problem(
                HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Dead letter not found",
                "There is no dead letter " + id + ".", Map.of("deadLetterId", id)));
    }

    @PostMapping("/{id}/redrive")
    @Operation(summary = "Send one dead letter back to its topic, for the consumer group that failed it",
            description = "Marked REDRIVEN only after the broker's ack. 404 for an unknown id, 409"
                    + " (urn:commerce:problem:dead-letter-already-redriven) if it was redriven already, 409"
                    + " (urn:commerce:problem:dead-letter-redrive-in-progress) while another redrive of it waits for"
                    + " the broker, 503 (urn:commerce:problem:dead-letter-redrive-failed) if the broker did not take"
                    + " it (it stays PENDING) or it could not be marked after the ack (it stays REDRIVING).")
    DeadLetter redrive(@PathVariable("id") UUID id, Principal principal) {
        return deadLetters.redrive(id, operator(principal));
    }

    @PostMapping("/redrive")
    @Operation(summary = "Send every pending dead letter (of one topic, or all) back, oldest first")
    RedriveAllResult redriveAll(@RequestParam(name = "topic", required = false) @Size(max = 249) String topic,
                                Principal principal) {
        return new RedriveAllResult(deadLetters.redriveAll(topic, operator(principal)));
    }

    private static String operator(Principal principal) {
        return principal == null || principal.getName() == null ? "anonymous" : principal.getName();
    }

    private static DeadLetterDetails details(DeadLetter.WithRecord found) {
        DeadLetter d = found.deadLetter();
        List<HeaderView> headers = found.headers().stream()
                .map(h -> new HeaderView(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8)))
                .toList();
        String payload = found.payload() == null ? null : new String(found.payload(), StandardCharsets.UTF_8);
        boolean truncated = payload != null && payload.length() > PAYLOAD_PREVIEW;
        return new DeadLetterDetails(d.id(), d.consumerGroup(), d.topic(), d.partition(), d.offset(), d.key(),
                d.eventId(), d.eventType(), d.reason(), d.exceptionClass(), d.deadLetteredAt(), d.status(),
                d.redrivenAt(), d.redriveCount(), headers, truncated ? payload.substring(0, PAYLOAD_PREVIEW) : payload,
                found.payload() == null ? null : found.payload().length, truncated, found.dltFailure() == null,
                found.dltFailure());
    }
}
