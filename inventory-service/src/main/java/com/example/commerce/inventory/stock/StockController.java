package com.example.commerce.inventory.stock;

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

/** The stock of a SKU. */
@RestController
class StockController {

    private final StockLevels stockLevels;

    StockController(StockLevels stockLevels) {
        this.stockLevels = stockLevels;
    }

    record StockView(String sku, int available, int reserved) {

        static StockView of(StockItem item) {
            return new StockView(item.sku(), item.available(), item.reserved());
        }
    }

    @GetMapping("/api/v1/stock/{sku}")
    StockView find(@PathVariable @NotBlank @Size(max = 64) String sku) {
        return stockLevels.find(sku).map(StockView::of).orElseThrow(() -> notFound(sku));
    }

    private static ErrorResponseException notFound(String sku) {
        return Problems.problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Stock item not found",
                "No stock is kept for SKU " + sku + ".", Map.of("sku", sku));
    }
}
