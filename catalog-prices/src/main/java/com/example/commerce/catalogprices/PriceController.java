package com.example.commerce.catalogprices;

import com.example.commerce.events.shared.Money;
import com.example.commerce.starter.ProblemTypes;
import com.example.commerce.starter.Problems;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The catalogue prices as this service sees them. */
@RestController
class PriceController {

    private final PriceBook priceBook;

    PriceController(PriceBook priceBook) {
        this.priceBook = priceBook;
    }

    /** @param categoryPath the category's slugs from the root down ({@code kitchen/cookware}); null for none */
    record PriceView(String sku, String name, Money price, boolean discontinued, String categoryPath) {

        static PriceView of(CatalogPrice price) {
            return new PriceView(price.sku(), price.name(), price.price(), price.discontinued(), price.categoryPath());
        }
    }

    @GetMapping("/api/v1/prices/{sku}")
    PriceView find(@PathVariable @NotBlank @Size(max = 64) String sku) {
        return priceBook.find(sku).map(PriceView::of).orElseThrow(() -> notFound(sku));
    }

    private static ErrorResponseException notFound(String sku) {
        return Problems.problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Price not found",
                "No price is known for SKU " + sku + ".", Map.of("sku", sku));
    }
}
