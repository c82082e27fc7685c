package com.example.commerce.cart.pricing;

import org.springframework.data.jpa.repository.JpaRepository;

/** The catalogue prices the cart knows, by SKU. */
interface CatalogPrices extends JpaRepository<CatalogPrice, String> {
}
