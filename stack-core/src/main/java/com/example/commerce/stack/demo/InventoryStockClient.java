package com.example.commerce.stack.demo;

import java.net.http.HttpClient;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Sets a SKU's stock through inventory-service's own API:
 * {@code POST /api/v1/inventory/{sku}/update {"mode":"SET","quantity":N,"reason":"demo stock"}} (scope
 * {@code inventory:write}). The only place the loader knows that endpoint's shape.
 */
class InventoryStockClient {

    /** How a call went: set, not known yet (inventory learns SKUs from catalogue events), or refused. */
    enum Outcome { SET, UNKNOWN_SKU, REFUSED }

    private final ApiClient api;

    InventoryStockClient(HttpClient http, String baseUrl, Supplier<String> authorization) {
        this.api = new ApiClient(http, baseUrl, authorization);
    }

    Outcome set(String sku, int quantity) {
        ApiClient.Reply reply = api.post("/api/v1/inventory/" + sku + "/update",
                Json.write(Map.of("mode", "SET", "quantity", quantity, "reason", "demo stock")));
        if (reply.status() / 100 == 2) {
            return Outcome.SET;
        }
        return reply.status() == 404 ? Outcome.UNKNOWN_SKU : Outcome.REFUSED;
    }
}
