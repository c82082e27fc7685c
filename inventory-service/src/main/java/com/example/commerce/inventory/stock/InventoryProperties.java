package com.example.commerce.inventory.stock;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param lowStockThreshold at or below this many available units (and above none) a SKU shows as {@code LOW}
 */
@Validated
@ConfigurationProperties("commerce.inventory")
public record InventoryProperties(@DefaultValue("5") @Min(0) int lowStockThreshold) {
}
