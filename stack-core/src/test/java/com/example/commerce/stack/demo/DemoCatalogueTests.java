package com.example.commerce.stack.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.stack.demo.DemoCatalogue.Category;
import com.example.commerce.stack.demo.DemoCatalogue.Product;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DemoCatalogueTests {

    private final DemoCatalogue standard = DemoCatalogue.standard();

    @Test
    void holdsOverAThousandProductsOnAThreeLevelTreeOfOverThirtyCategories() {
        assertThat(standard.products()).hasSize(DemoCatalogue.SIZE).hasSizeGreaterThanOrEqualTo(1000);
        assertThat(standard.categories()).hasSizeGreaterThanOrEqualTo(30);
        assertThat(standard.depth()).isEqualTo(3);
        assertThat(standard.categories().stream().filter(c -> c.parent() == null)).hasSizeGreaterThanOrEqualTo(5);
        assertThat(standard.brands()).hasSizeGreaterThanOrEqualTo(8);
    }

    @Test
    void theSameSeedGivesTheSameCatalogueAndAnotherSeedAnotherOne() {
        DemoCatalogue again = DemoCatalogue.generate(DemoCatalogue.SEED, DemoCatalogue.SIZE);
        DemoCatalogue other = DemoCatalogue.generate(DemoCatalogue.SEED + 1, DemoCatalogue.SIZE);

        assertThat(again).isEqualTo(standard);
        assertThat(other.categories()).isEqualTo(standard.categories());
        assertThat(other.products()).isNotEqualTo(standard.products());
        // Pinned: java.util.Random's sequence is part of its specification, so this holds on every JVM and
        // release; a change to the generator shows here and must be meant.
        Product first = standard.products().getFirst();
        assertThat(first.sku()).isEqualTo("TST-00001");
        assertThat(first.name()).isEqualTo("Deluxe stoneware two-slice toaster, dusty pink");
        assertThat(first.priceMinor()).isEqualTo(6299);
        assertThat(first.startingStock()).isEqualTo(185);
        assertThat(standard.products().getLast().sku()).isEqualTo("SED-01200");
        assertThat(DemoCatalogue.generate(DemoCatalogue.SEED, 10_000).products().subList(0, DemoCatalogue.SIZE))
                .as("a larger catalogue from the same seed starts with the standard one")
                .isEqualTo(standard.products());
    }

    @Test
    void everyProductSitsOnAShelfWithAUniqueValidSkuAndAPlausiblePrice() {
        Set<String> shelves = shelves(standard.categories());
        Set<String> skus = new HashSet<>();
        for (Product product : standard.products()) {
            assertThat(skus.add(product.sku())).as("unique %s", product.sku()).isTrue();
            assertThat(product.sku()).matches("[A-Z0-9][A-Z0-9-]{0,63}");
            assertThat(shelves).as("%s on a shelf", product.sku()).contains(product.category());
            assertThat(product.priceMinor()).isBetween(99L, 100_000L);
            assertThat(product.currency()).isEqualTo("EUR");
            assertThat(product.name()).isNotBlank().hasSizeLessThanOrEqualTo(200);
            assertThat(product.images()).singleElement().satisfies(url -> assertThat(url).startsWith("https://"));
            assertThat(product.startingStock()).isBetween(0, 200);
        }
    }

    @Test
    void pricesStockAndShelvesVary() {
        Map<String, Long> perShelf = standard.products().stream()
                .collect(Collectors.groupingBy(Product::category, LinkedHashMap::new, Collectors.counting()));
        assertThat(perShelf.keySet()).containsExactlyInAnyOrderElementsOf(shelves(standard.categories()));
        assertThat(standard.products().stream().map(Product::priceMinor).distinct().count()).isGreaterThan(300);
        assertThat(standard.products().stream().filter(p -> p.startingStock() == 0).count())
                .as("a few out of stock").isBetween(20L, 120L);
    }

    @Test
    void parentsComeBeforeTheirChildrenAndSlugsAreUnique() {
        Set<String> seen = new HashSet<>();
        for (Category category : standard.categories()) {
            assertThat(category.parent() == null || seen.contains(category.parent()))
                    .as("parent of %s listed before it", category.slug()).isTrue();
            assertThat(seen.add(category.slug())).as("unique slug %s", category.slug()).isTrue();
            assertThat(category.slug()).matches("[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?");
        }
    }

    private static Set<String> shelves(List<Category> categories) {
        Set<String> parents = categories.stream().map(Category::parent).collect(Collectors.toSet());
        return categories.stream().map(Category::slug).filter(slug -> !parents.contains(slug)).collect(Collectors.toSet());
    }
}
