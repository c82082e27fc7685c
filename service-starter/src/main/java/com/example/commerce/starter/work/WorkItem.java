package com.example.commerce.starter.work;

import java.time.Instant;

/** A work row as it stands, for a caller that asks what became of its work (and for operators). */
public record WorkItem(long id, String kind, String key, String payload, WorkStatus status, Instant dueAt,
                       long fence, int attempts, int maxAttempts, String lastError, String outcome,
                       Instant createdAt, Instant finishedAt) {
}
