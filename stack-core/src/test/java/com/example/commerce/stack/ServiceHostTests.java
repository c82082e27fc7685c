package com.example.commerce.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceHostTests {

    @Test
    void aLibraryEveryServiceHasOrThatConfiguresNothingIsSharedAndAnAutoConfigurationStaysWithItsService() {
        Path spring = Path.of("order/lib/spring-core.jar");
        Path resilience = Path.of("order/lib/resilience4j-core.jar");
        Path authorizationServer = Path.of("customer/lib/spring-boot-security-oauth2-authorization-server.jar");
        Path starter = Path.of("customer/lib/service-starter.jar");
        Map<String, Map<String, Path>> libraries = new TreeMap<>(Map.of(
                "customer-service", new TreeMap<>(Map.of("spring-core.jar", Path.of("customer/lib/spring-core.jar"),
                        "service-starter.jar", starter,
                        "spring-boot-security-oauth2-authorization-server.jar", authorizationServer)),
                "order-service", new TreeMap<>(Map.of("spring-core.jar", spring, "service-starter.jar",
                        Path.of("order/lib/service-starter.jar"), "resilience4j-core.jar", resilience))));
        Map<String, Path> shared = new TreeMap<>();

        Map<String, List<Path>> own = ServiceHostApp.partition(libraries,
                jar -> jar.getFileName().toString().startsWith("spring") || jar.getFileName().toString().startsWith("service"),
                shared);

        assertThat(shared).containsOnlyKeys("spring-core.jar", "service-starter.jar", "resilience4j-core.jar");
        assertThat(shared.get("spring-core.jar")).as("one copy, the first service's").isEqualTo(Path.of("customer/lib/spring-core.jar"));
        assertThat(own.get("customer-service")).containsExactly(authorizationServer);
        assertThat(own.get("order-service")).isEmpty();
    }

    @Test
    void thePlanNamesEachServiceWithItsMainClassLoaderPathAndArguments(@TempDir Path dir) throws Exception {
        Path plan = dir.resolve("plan.tsv");
        Files.writeString(plan, """
                service\torder-service\tcom.example.Order
                path\torder-service\t/apps/order-service/classes
                arg\torder-service\t--server.port=8084
                arg\torder-service\t--a=b c

                service\tcart-service\tcom.example.Cart
                """);

        Map<String, ServiceHost.Hosted> hosted = ServiceHost.readPlan(plan);

        assertThat(hosted).containsOnlyKeys("order-service", "cart-service");
        assertThat(hosted.get("order-service").mainClass).isEqualTo("com.example.Order");
        assertThat(hosted.get("order-service").paths).containsExactly(Path.of("/apps/order-service/classes"));
        assertThat(hosted.get("order-service").arguments).containsExactly("--server.port=8084", "--a=b c");
        assertThat(hosted.get("cart-service").arguments).isEmpty();
    }

    @Test
    void aPlanLineBeforeItsServiceOrOfAnUnknownKindIsRefused(@TempDir Path dir) throws Exception {
        Path early = dir.resolve("early.tsv");
        Files.writeString(early, "arg\torder-service\t--x=1\n");
        assertThatIllegalArgumentException().isThrownBy(() -> ServiceHost.readPlan(early)).withMessageContaining("before");
        Path odd = dir.resolve("odd.tsv");
        Files.writeString(odd, "service\torder-service\tcom.example.Order\nenv\torder-service\tX=1\n");
        assertThatIllegalArgumentException().isThrownBy(() -> ServiceHost.readPlan(odd)).withMessageContaining("bad plan line");
        Path empty = dir.resolve("empty.tsv");
        Files.writeString(empty, "\n");
        assertThatIllegalArgumentException().isThrownBy(() -> ServiceHost.readPlan(empty)).withMessageContaining("no service");
    }

    @Test
    void thePlanHoldingTheDevelopmentSecretsIsReadableByItsOwnerOnlyAndRefusesAnArgumentThatWouldSplitALine(@TempDir Path dir)
            throws Exception {
        ServiceSpec order = new ServiceSpec("order-service", 8084, "orders");
        Path plan = dir.resolve("plan.tsv");
        ServiceHostApp host = new ServiceHostApp(List.of(order), Map.of("order-service", "com.example.Order"),
                Map.of("order-service", List.of(dir.resolve("order-service/classes"))), List.of(), List.of(), plan, null, null);

        host.writePlan(Map.of("order-service", List.of("--server.port=8084", "--commerce.db.password=orders")));

        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(plan))).isEqualTo("rw-------");
        Map<String, ServiceHost.Hosted> read = ServiceHost.readPlan(plan);
        assertThat(read.get("order-service").arguments).containsExactly("--server.port=8084", "--commerce.db.password=orders");
        assertThat(read.get("order-service").paths).containsExactly(dir.resolve("order-service/classes"));
        assertThatIllegalArgumentException().isThrownBy(() -> host.writePlan(Map.of("order-service", List.of("--a=b\nservice\tx\ty"))))
                .withMessageContaining("tab or newline");
    }
}
