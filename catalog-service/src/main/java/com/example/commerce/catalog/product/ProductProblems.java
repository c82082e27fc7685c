package com.example.commerce.catalog.product;

import com.example.commerce.starter.ProblemTypes;
import com.example.commerce.starter.Problems;
import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The problems the product API answers with, each with a stable type. */
final class ProductProblems {

    static final URI DUPLICATE_SKU = ProblemTypes.of("duplicate-sku");
    static final URI PRODUCT_NOT_FOUND = ProblemTypes.of("product-not-found");

    private ProductProblems() {
    }

    static ErrorResponseException duplicateSku(String sku) {
        return Problems.problem(HttpStatus.CONFLICT, DUPLICATE_SKU, "Duplicate SKU",
                "A product with SKU " + sku + " exists already.", Map.of("sku", sku));
    }

    static ErrorResponseException notFound(String sku) {
        return Problems.problem(HttpStatus.NOT_FOUND, PRODUCT_NOT_FOUND, "Product not found",
                "No product has SKU " + sku + ".", Map.of("sku", sku));
    }
}
