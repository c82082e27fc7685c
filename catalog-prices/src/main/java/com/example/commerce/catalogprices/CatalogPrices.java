package com.example.commerce.catalogprices;

import org.springframework.data.jpa.repository.JpaRepository;

/** The catalogue prices this service knows, by SKU. */
interface CatalogPrices extends JpaRepository<CatalogPrice, String> {
}
