package com.example.commerce.backorder.supplier.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.commerce.backorder.supplier.SupplierConfirmation;
import com.example.commerce.backorder.supplier.SupplierOrder;
import com.example.commerce.backorder.supplier.SupplierPropertiesMother;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile supplier answers with XML external entities: a local file and a DTD on another server. The client
 * refuses the answer: no file content reaches us and the other server is never asked.
 */
class SupplierXxeTests {

    private static final String SECRET = "the-secret-of-this-machine";

    @TempDir
    Path dir;

    private HttpServer hostile;
    private final AtomicReference<String> answer = new AtomicReference<>();
    private final AtomicInteger dtdFetches = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        hostile = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hostile.createContext("/supplier/ws", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        hostile.createContext("/evil.dtd", exchange -> {
            dtdFetches.incrementAndGet();
            byte[] body = "<!ENTITY remote \"fetched\">".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        hostile.start();
    }

    @AfterEach
    void stop() {
        hostile.stop(0);
    }

    @Test
    void refusesAnAnswerWithAnExternalFileEntity() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), SECRET);
        answer.set(envelope("<!DOCTYPE e:Envelope [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>", "&xxe;"));

        assertRefused();
    }

    @Test
    void refusesAnAnswerWithAnExternalDtdAndNeverFetchesIt() {
        String dtd = "http://127.0.0.1:" + hostile.getAddress().getPort() + "/evil.dtd";
        answer.set(envelope("<!DOCTYPE e:Envelope [<!ENTITY % ext SYSTEM \"" + dtd + "\"> %ext;]>", "&remote;"));

        assertRefused();
        assertThat(dtdFetches).as("the external DTD was never fetched").hasValue(0);
    }

    @Test
    void readsTheSameAnswerWithoutTheDoctype() {
        answer.set(envelope("", "SUP-plain"));

        SupplierConfirmation confirmation = supplier().place(order());

        assertThat(confirmation.supplierReference()).isEqualTo("SUP-plain");
    }

    private void assertRefused() {
        AtomicReference<SupplierConfirmation> read = new AtomicReference<>();
        assertThatThrownBy(() -> read.set(supplier().place(order())))
                .satisfies(refused -> assertThat(String.valueOf(refused)).doesNotContain(SECRET))
                .rootCause().hasMessageContaining("Document Type Declaration is not allowed");
        assertThat(read.get()).isNull();
    }

    private SoapSupplier supplier() {
        var properties = SupplierPropertiesMother.at("http://127.0.0.1:" + hostile.getAddress().getPort()
                + "/supplier/ws");
        return new SoapSupplier(SupplierClients.template(properties), new SupplierResilience(properties), "commerce");
    }

    private static SupplierOrder order() {
        return new SupplierOrder("PO-xxe", List.of(new SupplierOrder.Line(1, "SUP-MUG-1", 1)));
    }

    private static String envelope(String doctype, String reference) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + doctype
                + "<e:Envelope xmlns:e=\"http://schemas.xmlsoap.org/soap/envelope/\"><e:Body>"
                + "<s:PlacePurchaseOrderResponse xmlns:s=\"http://supplier.example.com/purchasing/v1\">"
                + "<s:poNumber>PO-xxe</s:poNumber><s:supplierReference>" + reference + "</s:supplierReference>"
                + "<s:status>ACCEPTED</s:status><s:line><s:lineNumber>1</s:lineNumber>"
                + "<s:supplierSku>SUP-MUG-1</s:supplierSku><s:requestedQuantity>1</s:requestedQuantity>"
                + "<s:confirmedQuantity>1</s:confirmedQuantity><s:status>CONFIRMED</s:status></s:line>"
                + "</s:PlacePurchaseOrderResponse></e:Body></e:Envelope>";
    }
}
