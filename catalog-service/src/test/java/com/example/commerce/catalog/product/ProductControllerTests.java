package com.example.commerce.catalog.product;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.example.commerce.events.shared.Money;
import com.example.commerce.testing.TestTokens;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(ProductController.class)
class ProductControllerTests {

    private static final String CATALOG_WRITER = TestTokens.bearer(TestTokens.client("catalog-importer", "catalog:write"));

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private ProductCatalog catalog;

    @Test
    void listsAValidProductAndPointsToIt() throws Exception {
        given(catalog.list(any())).willReturn(new Product(UUID.randomUUID(), "MUG-1", "Mug", null,
                new Money(1299, "EUR"), Instant.parse("2026-11-22T10:00:00Z")));

        mvc.perform(post("/api/v1/products").header(TestTokens.AUTHORIZATION, CATALOG_WRITER)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"sku\":\"MUG-1\",\"name\":\"Mug\",\"price\":{\"amountMinor\":1299,\"currency\":\"EUR\"}}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/products/MUG-1"))
                .andExpect(jsonPath("$.price.amountMinor").value(1299));
    }

    @Test
    void rejectsAnInvalidProductWithoutTouchingTheCatalogue() throws Exception {
        mvc.perform(post("/api/v1/products").header(TestTokens.AUTHORIZATION, CATALOG_WRITER)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"sku\":\"mug 1\",\"name\":\"\",\"price\":{\"amountMinor\":-5,\"currency\":\"eur\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:commerce:problem:validation-failed"))
                .andExpect(jsonPath("$.invalidParams.length()").value(4));
        verifyNoInteractions(catalog);
    }

    @Test
    void refusesAWriteWithoutTheCatalogueScope() throws Exception {
        mvc.perform(post("/api/v1/products").header(TestTokens.AUTHORIZATION,
                                TestTokens.bearer(TestTokens.client("catalog-importer", "inventory:write")))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"sku\":\"MUG-1\",\"name\":\"Mug\",\"price\":{\"amountMinor\":1299,\"currency\":\"EUR\"}}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("urn:commerce:problem:forbidden"));
        verifyNoInteractions(catalog);
    }

    @Test
    void boundsThePageSize() throws Exception {
        mvc.perform(get("/api/v1/products").param("size", "1000"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:commerce:problem:validation-failed"));
        verifyNoInteractions(catalog);
    }
}
