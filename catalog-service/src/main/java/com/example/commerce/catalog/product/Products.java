package com.example.commerce.catalog.product;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** The catalogue's products. */
public interface Products extends JpaRepository<Product, UUID> {

    Optional<Product> findBySku(String sku);

    boolean existsBySku(String sku);

    @Query("SELECT p.sku FROM Product p WHERE p.sku IN :skus")
    List<String> findExistingSkus(@Param("skus") List<String> skus);
}
