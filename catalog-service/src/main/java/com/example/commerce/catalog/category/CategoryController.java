package com.example.commerce.catalog.category;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The category tree: public to browse; growing it is for catalogue operators (scope catalog:write). */
@RestController
@RequestMapping("/api/v1/categories")
@Tag(name = "Categories", description = "The category tree products are filed under")
class CategoryController {

    /** The scope growing the tree needs; reading it needs none. */
    static final String WRITE = "hasAuthority('SCOPE_catalog:write')";

    static final String SLUG_PATTERN = "[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?";
    private static final CacheControl CACHEABLE = CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic();

    private final CategoryTree tree;

    CategoryController(CategoryTree tree) {
        this.tree = tree;
    }

    record CreateCategoryRequest(@NotBlank @Pattern(regexp = SLUG_PATTERN) String slug,
                                 @NotBlank @Size(max = 200) String name,
                                 @Pattern(regexp = SLUG_PATTERN) String parent) {
    }

    /** A category without its surroundings. */
    record CategoryRef(String slug, String name, String path) {

        static CategoryRef of(Category category) {
            return new CategoryRef(category.slug(), category.name(), category.path());
        }
    }

    /** A category and its subtree. */
    record CategoryNode(String slug, String name, String path, List<CategoryNode> children) {

        static CategoryNode of(CategoryTree.Node node) {
            Category c = node.category();
            return new CategoryNode(c.slug(), c.name(), c.path(), node.children().stream().map(CategoryNode::of).toList());
        }
    }

    /** A category with the way down to it (root first) and its direct children. */
    record CategoryView(String slug, String name, String path, String parent, List<CategoryRef> ancestors,
                        List<CategoryRef> children) {

        static CategoryView of(CategoryTree.Placed placed) {
            Category c = placed.category();
            List<CategoryRef> ancestors = placed.ancestors().stream().map(CategoryRef::of).toList();
            return new CategoryView(c.slug(), c.name(), c.path(), ancestors.isEmpty() ? null : ancestors.getLast().slug(),
                    ancestors, placed.children().stream().map(CategoryRef::of).toList());
        }
    }

    @GetMapping
    @Operation(summary = "The whole category tree, roots first, siblings by name")
    ResponseEntity<List<CategoryNode>> tree() {
        return ResponseEntity.ok().cacheControl(CACHEABLE).body(tree.tree().stream().map(CategoryNode::of).toList());
    }

    @GetMapping("/{slug}")
    @Operation(summary = "One category, with its ancestors and children")
    ResponseEntity<CategoryView> find(@PathVariable("slug") @Pattern(regexp = SLUG_PATTERN) String slug) {
        return ResponseEntity.ok().cacheControl(CACHEABLE).body(CategoryView.of(tree.find(slug)));
    }

    @PostMapping
    @PreAuthorize(WRITE)
    @Operation(summary = "Add a category under a parent (or as a root); scope catalog:write",
            description = "409 duplicate-category, 422 unknown-category for an unknown parent,"
                    + " 422 category-too-deep below the fifth level.")
    ResponseEntity<CategoryView> create(@Valid @RequestBody CreateCategoryRequest request) {
        Category created = tree.add(new CategoryTree.NewCategory(request.slug(), request.name(), request.parent()));
        return ResponseEntity.created(URI.create("/api/v1/categories/" + created.slug()))
                .body(CategoryView.of(tree.find(created.slug())));
    }
}
