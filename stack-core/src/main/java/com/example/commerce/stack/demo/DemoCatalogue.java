package com.example.commerce.stack.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The demo catalogue: a three-level category tree (departments, aisles, shelves) and products on its
 * shelves, generated from a seed. The tree's names are written out below; every product (its name,
 * brand, description, price, attributes, image and starting stock) is drawn from {@link Random} with the
 * seed, so one seed always gives the same catalogue, on any JVM ({@code java.util.Random}'s algorithm is
 * part of its specification).
 *
 * @param categories parents before their children
 * @param products   in SKU order of generation
 */
public record DemoCatalogue(List<Category> categories, List<Product> products) {

    /** The seed {@code ./fleet} loads. */
    public static final long SEED = 20261201L;

    /** How many products {@code ./fleet} loads. */
    public static final int SIZE = 1200;

    public DemoCatalogue {
        categories = List.copyOf(categories);
        products = List.copyOf(products);
    }

    /** @param parent null for a department (a root) */
    public record Category(String slug, String name, String parent) {
    }

    /**
     * @param priceMinor    euro cents
     * @param startingStock units on hand when the demo starts (some are out of stock)
     */
    public record Product(String sku, String name, String description, String brand, String category,
                          long priceMinor, String currency, Map<String, Object> attributes, List<String> images,
                          int startingStock) {

        public Product {
            attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
            images = List.copyOf(images);
        }
    }

    /** The catalogue {@code ./fleet} loads. */
    public static DemoCatalogue standard() {
        return generate(SEED, SIZE);
    }

    /** {@code count} products spread over the shelves of the tree, drawn from {@code seed}. */
    public static DemoCatalogue generate(long seed, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        List<Category> categories = new ArrayList<>();
        List<Shelf> shelves = new ArrayList<>();
        for (Department department : TREE) {
            categories.add(new Category(department.slug, department.name, null));
            for (Aisle aisle : department.aisles) {
                categories.add(new Category(aisle.slug, aisle.name, department.slug));
                for (Shelf shelf : aisle.shelves) {
                    categories.add(new Category(shelf.slug, shelf.name, aisle.slug));
                    shelves.add(shelf.in(department));
                }
            }
        }
        Random random = new Random(seed);
        List<Product> products = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Shelf shelf = shelves.get(random.nextInt(shelves.size()));
            products.add(product(i, shelf, random));
        }
        return new DemoCatalogue(categories, products);
    }

    /** Every brand some product carries. */
    public Set<String> brands() {
        Set<String> brands = new TreeSet<>();
        products.forEach(p -> brands.add(p.brand()));
        return brands;
    }

    /** How deep the tree is: 3. */
    public int depth() {
        Map<String, String> parents = new LinkedHashMap<>();
        categories.forEach(c -> parents.put(c.slug(), c.parent()));
        int depth = 0;
        for (String slug : parents.keySet()) {
            int d = 0;
            for (String at = slug; at != null; at = parents.get(at)) {
                d++;
            }
            depth = Math.max(depth, d);
        }
        return depth;
    }

    private static Product product(int index, Shelf shelf, Random random) {
        String adjective = pick(ADJECTIVES, random);
        String material = pick(shelf.department.materials, random);
        String noun = pick(shelf.nouns, random);
        String colour = pick(COLOURS, random);
        String brand = pick(shelf.department.brands, random);
        String name = adjective + " " + material + " " + noun + ", " + colour;
        String description = "A " + adjective.toLowerCase() + " " + noun + " in " + material + ", finished in "
                + colour + ". " + pick(FEATURES, random) + " " + pick(FEATURES, random);
        long euros = shelf.minEuros + random.nextInt(shelf.maxEuros - shelf.minEuros + 1);
        long cents = euros * 100 - (random.nextBoolean() ? 1 : 51);
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("colour", colour);
        attributes.put("material", material);
        attributes.put("weightGrams", 100 + random.nextInt(49) * 50);
        attributes.put("warrantyYears", 1 + random.nextInt(3));
        String sku = shelf.skuCode + "-" + String.format("%05d", index + 1);
        int stock = random.nextInt(20) == 0 ? 0 : 1 + random.nextInt(200);
        return new Product(sku, name, description, brand, shelf.slug, Math.max(cents, 99), "EUR", attributes,
                List.of("https://img.example.com/demo/" + sku.toLowerCase() + "/1.jpg"), stock);
    }

    private static String pick(List<String> choices, Random random) {
        return choices.get(random.nextInt(choices.size()));
    }

    private record Department(String slug, String name, List<String> brands, List<String> materials, List<Aisle> aisles) {
    }

    private record Aisle(String slug, String name, List<Shelf> shelves) {
    }

    private record Shelf(String slug, String name, String skuCode, int minEuros, int maxEuros, List<String> nouns,
                         Department department) {

        Shelf in(Department department) {
            return new Shelf(slug, name, skuCode, minEuros, maxEuros, nouns, Objects.requireNonNull(department));
        }
    }

    private static Shelf shelf(String slug, String name, String skuCode, int minEuros, int maxEuros, String... nouns) {
        return new Shelf(slug, name, skuCode, minEuros, maxEuros, List.of(nouns), null);
    }

    private static final List<String> ADJECTIVES = List.of("Classic", "Compact", "Large", "Small", "Nordic",
            "Vintage", "Modern", "Rustic", "Premium", "Everyday", "Deluxe", "Slim", "Sturdy", "Lightweight");

    private static final List<String> COLOURS = List.of("sand", "charcoal", "sage", "navy", "terracotta", "white",
            "black", "ochre", "slate", "forest green", "dusty pink", "ivory");

    private static final List<String> FEATURES = List.of("Built to last for years of daily use.",
            "Easy to clean.", "Designed in Copenhagen.", "Made from responsibly sourced materials.",
            "Ships in plastic-free packaging.", "A favourite of our customers.", "Backed by our repair service.",
            "Dishwasher safe where it matters.", "Tested in our own workshop.", "Comes with a two-year guarantee.");

    private static final List<Department> TREE = List.of(
            new Department("kitchen", "Kitchen", List.of("Northfield", "Kettleby", "Ashby & Co"),
                    List.of("stainless steel", "cast iron", "ceramic", "stoneware", "glass", "enamel"), List.of(
                    new Aisle("cookware", "Cookware", List.of(
                            shelf("pans", "Pans", "PAN", 19, 119, "frying pan", "saute pan", "wok", "griddle pan"),
                            shelf("pots", "Pots", "POT", 24, 159, "stock pot", "saucepan", "casserole", "dutch oven"),
                            shelf("bakeware", "Bakeware", "BAK", 6, 39, "baking tray", "loaf tin", "cake tin", "muffin tray"))),
                    new Aisle("tableware", "Tableware", List.of(
                            shelf("mugs", "Mugs", "MUG", 6, 29, "mug", "espresso cup", "travel mug"),
                            shelf("plates-and-bowls", "Plates and bowls", "PLT", 5, 35, "dinner plate", "side plate", "bowl"),
                            shelf("glassware", "Glassware", "GLS", 4, 45, "tumbler", "wine glass", "carafe"))),
                    new Aisle("small-appliances", "Small appliances", List.of(
                            shelf("kettles", "Kettles", "KTL", 25, 129, "kettle", "gooseneck kettle"),
                            shelf("toasters", "Toasters", "TST", 29, 149, "two-slice toaster", "four-slice toaster"),
                            shelf("coffee", "Coffee", "COF", 19, 499, "espresso machine", "cafetiere", "coffee grinder"))))),
            new Department("home", "Home", List.of("Oakmere", "Lumen", "Sable"),
                    List.of("oak", "linen", "cotton", "wool", "bamboo", "rattan"), List.of(
                    new Aisle("living-room", "Living room", List.of(
                            shelf("lamps", "Lamps", "LMP", 29, 349, "floor lamp", "table lamp", "reading lamp"),
                            shelf("cushions-and-throws", "Cushions and throws", "CSH", 15, 99, "cushion", "throw"),
                            shelf("rugs", "Rugs", "RUG", 49, 599, "rug", "runner"))),
                    new Aisle("bedroom", "Bedroom", List.of(
                            shelf("bedding", "Bedding", "BED", 29, 199, "duvet cover", "pillowcase pair", "sheet set"),
                            shelf("pillows", "Pillows", "PIL", 19, 89, "pillow", "body pillow"),
                            shelf("storage", "Storage", "STO", 12, 149, "laundry basket", "storage box", "drawer divider"))),
                    new Aisle("bathroom", "Bathroom", List.of(
                            shelf("towels", "Towels", "TWL", 9, 59, "bath towel", "hand towel", "bath sheet"),
                            shelf("bath-accessories", "Bath accessories", "BAC", 5, 49, "soap dish", "toothbrush holder", "bath mat"))))),
            new Department("garden", "Garden", List.of("Verdant", "Ridgeway", "Northfield"),
                    List.of("steel", "aluminium", "acacia wood", "recycled plastic", "terracotta", "galvanised steel"), List.of(
                    new Aisle("garden-tools", "Garden tools", List.of(
                            shelf("digging", "Digging", "DIG", 14, 89, "spade", "fork", "trowel"),
                            shelf("pruning", "Pruning", "PRN", 9, 79, "secateurs", "hedge shears", "loppers"),
                            shelf("watering", "Watering", "WAT", 7, 99, "watering can", "hose", "spray nozzle"))),
                    new Aisle("garden-furniture", "Garden furniture", List.of(
                            shelf("garden-chairs", "Garden chairs", "GCH", 39, 299, "deck chair", "garden chair", "bench"),
                            shelf("garden-tables", "Garden tables", "GTB", 79, 699, "garden table", "bistro table"))),
                    new Aisle("planting", "Planting", List.of(
                            shelf("plant-pots", "Plant pots", "PPT", 4, 79, "plant pot", "planter", "window box"),
                            shelf("seeds", "Seeds", "SED", 2, 9, "herb seed kit", "wildflower seed mix", "tomato seeds"))))),
            new Department("outdoor", "Outdoor", List.of("Ridgeway", "Harbour", "Sable"),
                    List.of("ripstop nylon", "aluminium", "titanium", "recycled polyester", "merino wool"), List.of(
                    new Aisle("camping", "Camping", List.of(
                            shelf("tents", "Tents", "TNT", 79, 899, "two-person tent", "family tent", "tarp"),
                            shelf("sleeping", "Sleeping", "SLP", 29, 399, "sleeping bag", "sleeping mat", "camp pillow"),
                            shelf("camp-kitchen", "Camp kitchen", "CKT", 9, 149, "camping stove", "pot set", "spork"))),
                    new Aisle("hiking", "Hiking", List.of(
                            shelf("backpacks", "Backpacks", "BPK", 39, 299, "daypack", "trekking pack", "hip pack"),
                            shelf("bottles", "Bottles", "BTL", 9, 49, "water bottle", "vacuum flask"))))),
            new Department("electronics", "Electronics", List.of("Pixel Forge", "Lumen", "Harbour"),
                    List.of("aluminium", "recycled plastic", "fabric-covered", "matte plastic"), List.of(
                    new Aisle("audio", "Audio", List.of(
                            shelf("headphones", "Headphones", "HPH", 29, 399, "over-ear headphones", "earbuds"),
                            shelf("speakers", "Speakers", "SPK", 39, 499, "bluetooth speaker", "bookshelf speaker"))),
                    new Aisle("power-and-cables", "Power and cables", List.of(
                            shelf("chargers", "Chargers", "CHG", 12, 89, "usb-c charger", "wireless charger", "power bank"),
                            shelf("cables", "Cables", "CBL", 5, 29, "usb-c cable", "hdmi cable", "lightning cable"))))));

    static {
        Set<String> slugs = new HashSet<>();
        for (Department d : TREE) {
            check(slugs, d.slug);
            d.aisles.forEach(a -> {
                check(slugs, a.slug);
                a.shelves.forEach(s -> check(slugs, s.slug));
            });
        }
    }

    private static void check(Set<String> slugs, String slug) {
        if (!slugs.add(slug)) {
            throw new IllegalStateException("demo category slug used twice: " + slug);
        }
    }
}
