package com.example.commerce.stack;

/** What the launcher reports of one process once the fleet is up. */
public record ProcessStatus(String name, String url, String health, String openApiUrl, long pid) {
}
