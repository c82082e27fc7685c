package com.example.commerce.catalog.product;

import com.example.commerce.catalog.category.CategoryProblems;
import com.example.commerce.catalog.category.CategoryTree;
import com.example.commerce.events.shared.Money;
import com.example.commerce.starter.web.PageResponse;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The read side of the catalogue: one product by SKU, and pages of products filtered, sorted and searched.
 *
 * <p>Search ({@code q}) matches name, brand and description through PostgreSQL full-text search
 * ({@code search_vector}, a GIN index; English stemming, so "mugs" finds "mug"; every word must match),
 * ranked by {@code ts_rank} with name above brand above description. Only when that finds nothing does
 * it tolerate typos: name and brand are then matched by trigram word similarity ({@code pg_trgm}'s
 * {@code <%} at its default threshold of 0.6, a GIN trigram index; "quokaberry" finds "Quokkaberry lamp",
 * "cafetire" finds "cafetiere"), ranked by that similarity. So
 * a near match never pushes an exact one down, and each of the two queries is answered from its index.
 */
@Component
public class ProductSearch {

    private static final TypeReference<Map<String, Object>> ATTRIBUTES = new TypeReference<>() { };
    private static final TypeReference<List<String>> URLS = new TypeReference<>() { };

    private static final String COLUMNS = """
            p.id, p.sku, p.name, p.description, p.brand, p.price_amount, p.currency, p.attributes::text AS attributes,
            p.image_urls::text AS image_urls, p.status, p.version, p.created_at, p.updated_at,
            c.slug AS category_slug, c.name AS category_name, c.path AS category_path""";
    /** How {@code q} is matched: by words, or (when no product has them) by similar spelling. */
    enum Match {
        WORDS(" CROSS JOIN websearch_to_tsquery('english', :q) AS query", " AND p.search_vector @@ query",
                "ts_rank(p.search_vector, query)"),
        SIMILAR_SPELLING("", " AND :q <% p.search_text", "word_similarity(:q, p.search_text)");

        private final String from;
        private final String where;
        private final String relevance;

        Match(String from, String where, String relevance) {
            this.from = from;
            this.where = where;
            this.relevance = relevance;
        }
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final CategoryTree categories;
    private final JsonMapper json;
    private final RowMapper<ProductView> views = this::view;

    ProductSearch(NamedParameterJdbcTemplate jdbc, CategoryTree categories, JsonMapper json) {
        this.jdbc = jdbc;
        this.categories = categories;
        this.json = json;
    }

    /** How a page of products is ordered; ties are broken by SKU, so pages never overlap. */
    public enum Sort {
        NAME("p.name, p.sku"),
        PRICE("p.price_amount, p.sku"),
        PRICE_DESC("p.price_amount DESC, p.sku"),
        NEWEST("p.created_at DESC, p.sku"),
        RELEVANCE("relevance DESC, p.sku");

        private final String orderBy;

        Sort(String orderBy) {
            this.orderBy = orderBy;
        }
    }

    /**
     * What to look for; every filter is optional.
     *
     * @param q        search words; null for none
     * @param category a category slug: products in it or any category below it
     * @param brand    a brand, matched case-insensitively
     * @param minPrice lowest price in minor units, inclusive
     * @param maxPrice highest price in minor units, inclusive
     * @param status   ACTIVE or DISCONTINUED
     * @param sort     null for the default: relevance with {@code q}, name without
     */
    public record Query(String q, String category, String brand, Long minPrice, Long maxPrice, Product.Status status,
                        Sort sort, int page, int size) {

        Sort effectiveSort() {
            if (sort == null) {
                return q == null ? Sort.NAME : Sort.RELEVANCE;
            }
            return sort == Sort.RELEVANCE && q == null ? Sort.NAME : sort;
        }
    }

    @Transactional(readOnly = true)
    public Optional<ProductView> find(String sku) {
        return jdbc.query("SELECT " + COLUMNS + " FROM product p LEFT JOIN category c ON c.id = p.category_id"
                + " WHERE p.sku = :sku", Map.of("sku", sku), views).stream().findFirst();
    }

    @Transactional(readOnly = true)
    public PageResponse<ProductView> search(Query query) {
        PageResponse<ProductView> found = page(query, sql(query, Match.WORDS));
        if (query.q() == null || found.totalItems() > 0) {
            return found;
        }
        return page(query, sql(query, Match.SIMILAR_SPELLING));
    }

    /** PostgreSQL's plan for the page query of {@code query} (EXPLAIN), as the service would run it. */
    @Transactional(readOnly = true)
    public String plan(Query query, Match match) {
        Sql sql = sql(query, match);
        return String.join("\n", jdbc.queryForList("EXPLAIN " + sql.select(), sql.parameters(), String.class));
    }

    private PageResponse<ProductView> page(Query query, Sql sql) {
        List<ProductView> items = jdbc.query(sql.select(), sql.parameters(), views);
        long total = items.size() < query.size() && (query.page() == 0 || !items.isEmpty())
                ? PageResponse.offset(query.page(), query.size()) + items.size()
                : jdbc.queryForObject(sql.count(), sql.parameters(), Long.class);
        return PageResponse.of(items, query.page(), query.size(), total);
    }

    private record Sql(String select, String count, MapSqlParameterSource parameters) {
    }

    private Sql sql(Query query, Match match) {
        MapSqlParameterSource parameters = new MapSqlParameterSource()
                .addValue("status", query.status().name())
                .addValue("limit", query.size())
                .addValue("offset", PageResponse.offset(query.page(), query.size()));
        StringBuilder from = new StringBuilder(" FROM product p LEFT JOIN category c ON c.id = p.category_id");
        StringBuilder where = new StringBuilder(" WHERE p.status = :status");
        if (query.category() != null) {
            String path = categories.bySlug(query.category())
                    .orElseThrow(() -> CategoryProblems.unknownFilter(query.category()))
                    .path();
            where.append(" AND p.category_id IN (SELECT id FROM category WHERE path = :path OR path LIKE :pathPrefix)");
            parameters.addValue("path", path).addValue("pathPrefix", path + "/%");
        }
        if (query.brand() != null) {
            where.append(" AND lower(p.brand) = lower(:brand)");
            parameters.addValue("brand", query.brand());
        }
        if (query.minPrice() != null) {
            where.append(" AND p.price_amount >= :minPrice");
            parameters.addValue("minPrice", query.minPrice());
        }
        if (query.maxPrice() != null) {
            where.append(" AND p.price_amount <= :maxPrice");
            parameters.addValue("maxPrice", query.maxPrice());
        }
        String columns = COLUMNS;
        if (query.q() != null) {
            from.append(match.from);
            where.append(match.where);
            parameters.addValue("q", query.q());
            columns = COLUMNS + ", " + match.relevance + " AS relevance";
        }
        String select = "SELECT " + columns + from + where + " ORDER BY " + query.effectiveSort().orderBy
                + " LIMIT :limit OFFSET :offset";
        return new Sql(select, "SELECT count(*)" + from + where, parameters);
    }

    private ProductView view(ResultSet row, int index) throws SQLException {
        String slug = row.getString("category_slug");
        return new ProductView(row.getObject("id", UUID.class), row.getString("sku"), row.getString("name"),
                row.getString("description"), row.getString("brand"),
                slug == null ? null : new ProductView.CategoryRef(slug, row.getString("category_name"),
                        row.getString("category_path")),
                new Money(row.getLong("price_amount"), row.getString("currency")),
                json.readValue(row.getString("attributes"), ATTRIBUTES), json.readValue(row.getString("image_urls"), URLS),
                Product.Status.valueOf(row.getString("status")), row.getLong("version"),
                row.getObject("created_at", OffsetDateTime.class).toInstant(),
                row.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
