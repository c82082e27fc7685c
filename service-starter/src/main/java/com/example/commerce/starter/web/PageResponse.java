package com.example.commerce.starter.web;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The one shape of every paginated response in the fleet: {@code {items, page, size, totalItems, totalPages}}.
 * Pages count from 0; {@code size} is the size asked for (the last page may hold fewer items), and a page
 * past the end is empty with the same totals. Bound the request with {@link PageNumber} and {@link PageSize}.
 *
 * @param items      this page's items
 * @param page       the page number asked for, from 0
 * @param size       the page size asked for, 1..{@value PageSize#MAX}
 * @param totalItems how many items match in all
 * @param totalPages how many pages of {@code size} they fill
 */
public record PageResponse<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

    public PageResponse {
        items = List.copyOf(items);
        if (page < 0 || size < 1 || totalItems < 0 || totalPages < 0) {
            throw new IllegalArgumentException("page >= 0, size >= 1 and non-negative totals, not page " + page
                    + ", size " + size + ", totalItems " + totalItems + ", totalPages " + totalPages);
        }
    }

    /** A page of {@code items} out of {@code totalItems}, with the page count worked out. */
    public static <T> PageResponse<T> of(List<T> items, int page, int size, long totalItems) {
        Objects.requireNonNull(items, "items");
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1: " + size);
        }
        return new PageResponse<>(items, page, size, totalItems, Math.toIntExact((totalItems + size - 1) / size));
    }

    /** The same page with each item mapped (an entity to its view, say). */
    public <R> PageResponse<R> map(Function<? super T, ? extends R> mapper) {
        return new PageResponse<>(items.stream().<R>map(mapper).toList(), page, size, totalItems, totalPages);
    }

    /** The row offset of a page: {@code page * size}, for a query's OFFSET. */
    public static long offset(int page, int size) {
        return (long) page * size;
    }
}
