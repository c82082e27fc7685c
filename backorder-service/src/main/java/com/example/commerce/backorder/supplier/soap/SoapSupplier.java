package com.example.commerce.backorder.supplier.soap;

import com.example.commerce.backorder.supplier.Supplier;
import com.example.commerce.backorder.supplier.SupplierConfirmation;
import com.example.commerce.backorder.supplier.SupplierOrder;
import com.example.commerce.backorder.supplier.SupplierOrderStatus;
import com.example.commerce.supplier.contract.CancelPurchaseOrderRequest;
import com.example.commerce.supplier.contract.CancelPurchaseOrderResponse;
import com.example.commerce.supplier.contract.ConfirmedLine;
import com.example.commerce.supplier.contract.GetPurchaseOrderStatusRequest;
import com.example.commerce.supplier.contract.GetPurchaseOrderStatusResponse;
import com.example.commerce.supplier.contract.OrderStatus;
import com.example.commerce.supplier.contract.PlacePurchaseOrderRequest;
import com.example.commerce.supplier.contract.PlacePurchaseOrderResponse;
import com.example.commerce.supplier.contract.RequestedLine;
import com.example.commerce.supplier.contract.Shipment;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.ws.client.core.WebServiceTemplate;

/**
 * The supplier over SOAP (supplier-contract's {@code supplier.wsdl}), through Spring WS's {@link WebServiceTemplate}
 * and {@link SupplierResilience}. The only class that knows the supplier's words.
 */
public class SoapSupplier implements Supplier {

    private final WebServiceTemplate template;
    private final SupplierResilience resilience;
    private final String buyer;

    public SoapSupplier(WebServiceTemplate template, SupplierResilience resilience, String buyer) {
        this.template = template;
        this.resilience = resilience;
        this.buyer = buyer;
    }

    @Override
    public SupplierConfirmation place(SupplierOrder order) {
        PlacePurchaseOrderRequest request = new PlacePurchaseOrderRequest();
        request.setPoNumber(order.poNumber());
        request.setBuyer(buyer);
        for (SupplierOrder.Line line : order.lines()) {
            RequestedLine requested = new RequestedLine();
            requested.setLineNumber(BigInteger.valueOf(line.lineNumber()));
            requested.setSupplierSku(line.supplierSku());
            requested.setQuantity(BigInteger.valueOf(line.quantity()));
            request.getLine().add(requested);
        }
        PlacePurchaseOrderResponse response = resilience.call("place",
                () -> (PlacePurchaseOrderResponse) template.marshalSendAndReceive(request));
        if (!order.poNumber().equals(response.getPoNumber())) {
            throw new IllegalStateException("the supplier answered purchase order " + response.getPoNumber()
                    + " to " + order.poNumber());
        }
        return new SupplierConfirmation(response.getPoNumber(), response.getSupplierReference(),
                response.getLine().stream().map(SoapSupplier::line).toList());
    }

    @Override
    public SupplierOrderStatus status(String poNumber) {
        GetPurchaseOrderStatusRequest request = new GetPurchaseOrderStatusRequest();
        request.setPoNumber(poNumber);
        GetPurchaseOrderStatusResponse response = resilience.call("status",
                () -> (GetPurchaseOrderStatusResponse) template.marshalSendAndReceive(request));
        List<SupplierOrderStatus.ShippedLine> shipped = new ArrayList<>();
        String shipmentId = null;
        Instant shippedAt = null;
        for (Shipment shipment : response.getShipment()) {
            shipmentId = shipmentId == null ? shipment.getShipmentId() : shipmentId + "," + shipment.getShipmentId();
            Instant at = shipment.getShippedAt().toGregorianCalendar().toInstant();
            shippedAt = shippedAt == null || at.isAfter(shippedAt) ? at : shippedAt;
            shipment.getLine().forEach(line -> shipped.add(new SupplierOrderStatus.ShippedLine(
                    line.getLineNumber().intValueExact(), line.getSupplierSku(), line.getQuantity().intValueExact())));
        }
        return new SupplierOrderStatus(poNumber, state(response.getStatus()), shipmentId, shippedAt, shipped);
    }

    @Override
    public SupplierOrderStatus.State cancel(String poNumber) {
        CancelPurchaseOrderRequest request = new CancelPurchaseOrderRequest();
        request.setPoNumber(poNumber);
        CancelPurchaseOrderResponse response = resilience.call("cancel",
                () -> (CancelPurchaseOrderResponse) template.marshalSendAndReceive(request));
        return state(response.getStatus());
    }

    private static SupplierConfirmation.Line line(ConfirmedLine line) {
        SupplierConfirmation.Outcome outcome = switch (line.getStatus()) {
            case CONFIRMED -> SupplierConfirmation.Outcome.CONFIRMED;
            case PARTIAL -> SupplierConfirmation.Outcome.PARTIAL;
            case REJECTED -> SupplierConfirmation.Outcome.REJECTED;
        };
        LocalDate eta = line.getExpectedShipDate() == null ? null : LocalDate.of(line.getExpectedShipDate().getYear(),
                line.getExpectedShipDate().getMonth(), line.getExpectedShipDate().getDay());
        return new SupplierConfirmation.Line(line.getLineNumber().intValueExact(), line.getSupplierSku(),
                line.getRequestedQuantity().intValueExact(), line.getConfirmedQuantity().intValueExact(), outcome, eta,
                line.getReason());
    }

    private static SupplierOrderStatus.State state(OrderStatus status) {
        return switch (status) {
            case ACCEPTED, PARTIALLY_ACCEPTED -> SupplierOrderStatus.State.OPEN;
            case SHIPPED -> SupplierOrderStatus.State.SHIPPED;
            case REJECTED -> SupplierOrderStatus.State.REJECTED;
            case CANCELLED -> SupplierOrderStatus.State.CANCELLED;
            case UNKNOWN -> SupplierOrderStatus.State.UNKNOWN;
        };
    }
}
