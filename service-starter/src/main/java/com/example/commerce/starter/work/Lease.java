package com.example.commerce.starter.work;

import java.time.Instant;

/**
 * The token of a fenced claim on one work row: the row, the fence its claim set, and how long the claim holds.
 * Every later write of the holder ({@link WorkLeases#complete}, {@link WorkLeases#retry}, {@link WorkLeases#fail},
 * {@link WorkLeases#release}, {@link WorkLeases#renew}) is {@code UPDATE ... WHERE id = ? AND fence = ?}: once
 * the lease ran out and another worker claimed the row (fence + 1), the old holder's writes change nothing and
 * tell it so.
 *
 * @param id    the row
 * @param fence the fencing token; each claim of the row increments it
 * @param until when the claim ends unless renewed; after it, any worker may claim the row again
 */
public record Lease(long id, long fence, Instant until) {
}
