package com.example.commerce.catalog.category;

import com.example.commerce.starter.outbox.Uuids;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Grows the category tree and answers questions about it. */
@Service
public class CategoryTree {

    /** How deep the tree may grow: department, aisle, shelf and two more. */
    public static final int MAX_DEPTH = 5;

    private final Categories categories;
    private final Clock clock;

    CategoryTree(Categories categories, Clock clock) {
        this.categories = categories;
        this.clock = clock;
    }

    /** A category to add, under {@code parentSlug} or (null) as a root. */
    public record NewCategory(String slug, String name, String parentSlug) {
    }

    /** A category with the categories below it, ordered by name. */
    public record Node(Category category, List<Node> children) {
    }

    /** A category, the way from the root to it and its direct children. */
    public record Placed(Category category, List<Category> ancestors, List<Category> children) {
    }

    @Transactional
    public Category add(NewCategory request) {
        if (categories.existsBySlug(request.slug())) {
            throw CategoryProblems.duplicate(request.slug());
        }
        Category parent = request.parentSlug() == null ? null : categories.findBySlug(request.parentSlug())
                .orElseThrow(() -> CategoryProblems.unknown("parent", request.parentSlug()));
        if (parent != null && parent.depth() >= MAX_DEPTH) {
            throw CategoryProblems.tooDeep(request.slug(), MAX_DEPTH);
        }
        Category category = new Category(Uuids.v7(), request.slug(), request.name(), parent, clock.instant());
        try {
            return categories.saveAndFlush(category);
        } catch (DataIntegrityViolationException raced) {
            throw CategoryProblems.duplicate(request.slug());
        }
    }

    /** The whole tree: its roots, each with its subtree, siblings ordered by name. */
    @Transactional(readOnly = true)
    public List<Node> tree() {
        List<Category> all = categories.findAllByOrderByPath();
        Map<UUID, List<Category>> byParent = new LinkedHashMap<>();
        all.forEach(c -> byParent.computeIfAbsent(c.parentId(), parent -> new ArrayList<>()).add(c));
        return nodes(byParent, null);
    }

    @Transactional(readOnly = true)
    public Placed find(String slug) {
        Category category = categories.findBySlug(slug).orElseThrow(() -> CategoryProblems.notFound(slug));
        List<Category> ancestors = new ArrayList<>();
        UUID parent = category.parentId();
        while (parent != null) {
            Category above = categories.findById(parent).orElseThrow();
            ancestors.addFirst(above);
            parent = above.parentId();
        }
        List<Category> children = categories.findAllByOrderByPath().stream()
                .filter(c -> category.id().equals(c.parentId()))
                .sorted(Comparator.comparing(Category::name)).toList();
        return new Placed(category, ancestors, children);
    }

    /** The category of a slug, for a product that names it. */
    @Transactional(readOnly = true)
    public Optional<Category> bySlug(String slug) {
        return categories.findBySlug(slug);
    }

    /** The path of a category, e.g. {@code kitchen/cookware/pans}; null for null. */
    @Transactional(readOnly = true)
    public String pathOf(UUID id) {
        return id == null ? null : categories.findById(id).map(Category::path).orElseThrow();
    }

    private static List<Node> nodes(Map<UUID, List<Category>> byParent, UUID parent) {
        return byParent.getOrDefault(parent, List.of()).stream()
                .sorted(Comparator.comparing(Category::name))
                .map(c -> new Node(c, nodes(byParent, c.id())))
                .toList();
    }
}
