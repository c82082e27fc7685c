package com.example.commerce.catalog.product;

import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.example.commerce.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** Bad input never reaches the catalogue: each is a validation problem naming what is wrong. */
@WebMvcTest(ProductController.class)
class ProductControllerTests {

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private ProductCatalog catalog;

    @MockitoBean
    private ProductSearch search;

    private static final String CATALOG_WRITER = TestTokens.bearer(TestTokens.client("catalog-importer", "catalog:write"));

    @Test
    void rejectsAnInvalidProductWithoutTouchingTheCatalogue() throws Exception {
        mvc.perform(post("/api/v1/products").header(TestTokens.AUTHORIZATION, CATALOG_WRITER)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"sku\":\"mug 1\",\"name\":\"\",\"price\":{\"amountMinor\":-5,\"currency\":\"eur\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:commerce:problem:validation-failed"))
                .andExpect(jsonPath("$.invalidParams.length()").value(4));
        verifyNoInteractions(catalog, search);
    }

    @Test
    void refusesACurrencyThatIso4217DoesNotKnow() throws Exception {
        for (String currency : new String[] {"ABC", "ZZZ", "XXX", "EURO"}) {
            mvc.perform(post("/api/v1/products").header(TestTokens.AUTHORIZATION, CATALOG_WRITER)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"sku\":\"MUG-1\",\"name\":\"Mug\",\"price\":{\"amountMinor\":1299,\"currency\":\""
                                    + currency + "\"}}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value("urn:commerce:problem:validation-failed"))
                    .andExpect(jsonPath("$.invalidParams[0].name").value("price.currency"))
                    .andExpect(jsonPath("$.invalidParams[0].reason").value("must be an ISO 4217 currency code"));
        }
        verifyNoInteractions(catalog, search);
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
    void boundsThePageSizeAndThePage() throws Exception {
        for (String[] param : new String[][] {{"size", "1000"}, {"size", "0"}, {"page", "-1"}, {"page", "10001"}}) {
            mvc.perform(get("/api/v1/products").param(param[0], param[1]))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value("urn:commerce:problem:validation-failed"))
                    .andExpect(jsonPath("$.invalidParams[0].name").value(param[0]));
        }
        verifyNoInteractions(search);
    }

    @Test
    void rejectsAnUnknownSortStatusOrANegativePrice() throws Exception {
        mvc.perform(get("/api/v1/products").param("sort", "popularity"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.invalidParams[0].name").value("sort"));
        mvc.perform(get("/api/v1/products").param("status", "SOLD_OUT"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.invalidParams[0].name").value("status"));
        mvc.perform(get("/api/v1/products").param("minPrice", "-1"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.invalidParams[0].name").value("minPrice"));
        mvc.perform(get("/api/v1/products").param("q", "x".repeat(201)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.invalidParams[0].name").value("q"));
        verifyNoInteractions(search);
    }
}
