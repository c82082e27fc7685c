package com.example.commerce.cart.cart;

import java.util.Map;

/**
 * A change the cart refuses (a 422 problem, nothing changes): {@code slug} names the problem type
 * ({@code urn:commerce:problem:<slug>}).
 */
public class CartRuleException extends RuntimeException {

    private final String slug;
    private final String title;
    private final Map<String, Object> details;

    CartRuleException(String slug, String title, String message, Map<String, Object> details) {
        super(message);
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

    public Map<String, Object> details() {
        return details;
    }
}
