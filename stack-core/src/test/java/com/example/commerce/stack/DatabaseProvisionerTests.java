package com.example.commerce.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatabaseProvisionerTests {

    @Test
    void givesEachSchemaARoleOfTheSameNameThatOwnsIt() {
        List<String> statements = DatabaseProvisioner.schemaStatements("commerce", "orders", "orders");
        assertThat(statements).anySatisfy(sql -> assertThat(sql).contains("CREATE ROLE orders LOGIN"));
        assertThat(statements).contains("CREATE SCHEMA IF NOT EXISTS orders AUTHORIZATION orders",
                "REVOKE ALL ON SCHEMA orders FROM PUBLIC");
    }

    @Test
    void createsTheTrigramExtensionInTheCatalogueSchemaOnly() {
        assertThat(DatabaseProvisioner.schemaStatements("commerce", "catalog", "catalog"))
                .endsWith("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA catalog");
        assertThat(DatabaseProvisioner.schemaStatements("commerce", "cart", "cart"))
                .noneSatisfy(sql -> assertThat(sql).contains("EXTENSION"));
    }

    @Test
    void takesPublicsDefaultRightsAwayBeforeAnySchema() {
        List<String> statements = DatabaseProvisioner.fleetStatements("commerce", List.of("catalog"));
        assertThat(statements.subList(0, 2)).containsExactly(
                "REVOKE ALL ON DATABASE commerce FROM PUBLIC", "REVOKE ALL ON SCHEMA public FROM PUBLIC");
    }

    @Test
    void refusesNamesThatAreNotPlainIdentifiers() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DatabaseProvisioner.schemaStatements("commerce", "orders; DROP TABLE x", "p"));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DatabaseProvisioner.schemaStatements("commerce", "Orders", "p"));
    }

    @Test
    void quotesPasswordsSafely() {
        List<String> statements = DatabaseProvisioner.schemaStatements("commerce", "cart", "it's");
        assertThat(statements).anySatisfy(sql -> assertThat(sql).contains("PASSWORD 'it''s'"));
    }

    @Test
    void layoutHasNineServicesWithDistinctPortsAndSchemas() {
        assertThat(FleetLayout.SERVICES).hasSize(9);
        assertThat(FleetLayout.processes()).extracting(ServiceSpec::port).doesNotHaveDuplicates()
                .containsExactly(8090, 8081, 8082, 8083, 8084, 8085, 8086, 8087, 8088, 8089);
        assertThat(FleetLayout.schemas()).doesNotHaveDuplicates()
                .containsExactly("catalog", "customer", "cart", "orders", "inventory", "payment", "shipping",
                        "backorder", "reporting");
    }
}
