package com.example.commerce.catalog.product;

import java.util.Arrays;

/**
 * A product's ETag is its version as a strong entity tag ({@code "7"}): every change to what
 * {@code GET /api/v1/products/{sku}} shows bumps the version, and categories are never renamed or moved,
 * so equal tags mean equal bodies.
 */
final class ETags {

    private ETags() {
    }

    static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * Whether {@code If-Match} lets a write through: {@code *}, or a list naming the current tag. Strong
     * comparison: a weak tag never matches (RFC 9110 §13.1.1).
     */
    static boolean matchHits(String ifMatch, long current) {
        String tag = of(current);
        return Arrays.stream(ifMatch.split(",")).map(String::trim)
                .anyMatch(candidate -> candidate.equals("*") || candidate.equals(tag));
    }

    /** Whether {@code If-None-Match} names the current tag (weak comparison, RFC 9110 §13.1.2). */
    static boolean noneMatchHits(String ifNoneMatch, long current) {
        String tag = of(current);
        return Arrays.stream(ifNoneMatch.split(",")).map(String::trim)
                .anyMatch(candidate -> candidate.equals("*") || candidate.equals(tag) || candidate.equals("W/" + tag));
    }
}
