package com.example.commerce.starter.outbox;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Size;
import java.security.Principal;
import java.util.Map;
import java.util.UUID;
import com.example.commerce.starter.ProblemTypes;
import com.example.commerce.starter.Problems;
import com.example.commerce.starter.web.PageNumber;
import com.example.commerce.starter.web.PageResponse;
import com.example.commerce.starter.web.PageSize;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The operations API of this service's parked outbox events. */
@RestController
@RequestMapping("/api/v1/ops/outbox/parked")
@Tag(name = "Parked outbox events (operations)",
        description = "Events this service could never publish as they are, and what operators decide about them")
class ParkedEventsController {

    private final ParkedEvents parkedEvents;

    ParkedEventsController(ParkedEvents parkedEvents) {
        this.parkedEvents = parkedEvents;
    }

    @GetMapping
    @Operation(summary = "List parked events waiting for a decision, oldest first",
            description = "Filter by topic; page from 0, size 1..100; the fleet's page shape {items, page, size,"
                    + " totalItems, totalPages}. waitingBehind counts the later events of the same key held back.")
    PageResponse<ParkedEvents.ParkedEvent> list(
            @RequestParam(name = "topic", required = false) @Size(max = 249) String topic,
            @RequestParam(name = "page", defaultValue = "0") @PageNumber int page,
            @RequestParam(name = "size", defaultValue = PageSize.DEFAULT) @PageSize int size) {
        ParkedEvents.Page found = parkedEvents.list(topic, page, size);
        return PageResponse.of(found.items(), page, size, found.total());
    }

    @GetMapping("/{eventId}")
    @Operation(summary = "One parked event (also once retried, discarded or sent)")
    ParkedEvents.ParkedEvent one(@PathVariable("eventId") UUID eventId) {
        return parkedEvents.find(eventId).orElseThrow(() -> Problems.problem(HttpStatus.NOT_FOUND,
                ProblemTypes.NOT_FOUND, "Parked event not found", "No outbox event " + eventId + " was parked.",
                Map.of("eventId", eventId)));
    }

    @PostMapping("/{eventId}/retry")
    @Operation(summary = "Put a parked event back in line, ahead of the later events of its key",
            description = "404 if it was never parked, 409 (urn:commerce:problem:outbox-event-not-parked) if it was"
                    + " discarded, sent or put back already.")
    ParkedEvents.ParkedEvent retry(@PathVariable("eventId") UUID eventId, Principal principal) {
        return parkedEvents.retry(eventId, operator(principal));
    }

    @PostMapping("/{eventId}/discard")
    @Operation(summary = "Give a parked event up: it is never sent, and the later events of its key go on",
            description = "404 if it was never parked, 409 if it was discarded, sent or put back already.")
    ParkedEvents.ParkedEvent discard(@PathVariable("eventId") UUID eventId, Principal principal) {
        return parkedEvents.discard(eventId, operator(principal));
    }

    private static String operator(Principal principal) {
        return principal == null || principal.getName() == null ? "anonymous" : principal.getName();
    }
}
