package com.example.commerce.order.pricing;

import org.springframework.data.jpa.repository.JpaRepository;

/** The catalogue prices the order service knows, by SKU. */
interface CatalogPrices extends JpaRepository<CatalogPrice, String> {
}
