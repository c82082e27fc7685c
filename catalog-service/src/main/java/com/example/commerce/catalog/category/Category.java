package com.example.commerce.catalog.category;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A node of the category tree. Its {@code path} is the slugs from the root down ({@code kitchen/cookware/pans}),
 * fixed at creation: categories are neither renamed nor moved, so a product's view never changes behind
 * its version.
 */
@Entity
@Table(name = "category")
public class Category {

    @Id
    private UUID id;

    @Column(nullable = false, unique = true, length = 80)
    private String slug;

    @Column(nullable = false, length = 200)
    private String name;

    @Column(name = "parent_id")
    private UUID parentId;

    @Column(nullable = false, unique = true, length = 1000)
    private String path;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Category() {
    }

    Category(UUID id, String slug, String name, Category parent, Instant now) {
        this.id = Objects.requireNonNull(id);
        this.slug = Objects.requireNonNull(slug);
        this.name = Objects.requireNonNull(name);
        this.parentId = parent == null ? null : parent.id;
        this.path = parent == null ? slug : parent.path + "/" + slug;
        this.createdAt = now;
    }

    public UUID id() {
        return id;
    }

    public String slug() {
        return slug;
    }

    public String name() {
        return name;
    }

    public UUID parentId() {
        return parentId;
    }

    public String path() {
        return path;
    }

    /** How deep it sits: 1 for a root. */
    public int depth() {
        return path.split("/").length;
    }
}
