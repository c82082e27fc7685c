package com.example.commerce.order.placement;

import java.util.Map;

/** An order that cannot be placed as asked (422, problem type {@code urn:commerce:problem:<slug>}); nothing is stored. */
public class PlacementRefusedException extends RuntimeException {

    private final String slug;
    private final String title;
    private final Map<String, ?> details;

    public PlacementRefusedException(String slug, String title, String detail, Map<String, ?> details) {
        super(detail);
        this.slug = slug;
        this.title = title;
        this.details = Map.copyOf(details);
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public Map<String, ?> details() {
        return details;
    }
}
