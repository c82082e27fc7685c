package com.example.commerce.partners.supplier;

import com.example.commerce.supplier.contract.CancelPurchaseOrderRequest;
import com.example.commerce.supplier.contract.CancelPurchaseOrderResponse;
import com.example.commerce.supplier.contract.ConfirmedLine;
import com.example.commerce.supplier.contract.GetPurchaseOrderStatusRequest;
import com.example.commerce.supplier.contract.GetPurchaseOrderStatusResponse;
import com.example.commerce.supplier.contract.LineStatus;
import com.example.commerce.supplier.contract.OrderStatus;
import com.example.commerce.supplier.contract.PlacePurchaseOrderRequest;
import com.example.commerce.supplier.contract.PlacePurchaseOrderResponse;
import com.example.commerce.supplier.contract.Shipment;
import com.example.commerce.supplier.contract.ShippedLine;
import java.math.BigInteger;
import java.util.List;
import javax.xml.datatype.DatatypeFactory;
import org.springframework.ws.server.endpoint.annotation.Endpoint;
import org.springframework.ws.server.endpoint.annotation.PayloadRoot;
import org.springframework.ws.server.endpoint.annotation.RequestPayload;
import org.springframework.ws.server.endpoint.annotation.ResponsePayload;

/** The supplier's purchasing web service (supplier-contract's supplier.wsdl), backed by the {@link SupplierLedger}. */
@Endpoint
class SupplierEndpoint {

    static final String NAMESPACE = "http://supplier.example.com/purchasing/v1";

    private final SupplierLedger ledger;
    private final DatatypeFactory datatypes = DatatypeFactory.newDefaultInstance();

    SupplierEndpoint(SupplierLedger ledger) {
        this.ledger = ledger;
    }

    @PayloadRoot(namespace = NAMESPACE, localPart = "PlacePurchaseOrderRequest")
    @ResponsePayload
    PlacePurchaseOrderResponse place(@RequestPayload PlacePurchaseOrderRequest request) {
        List<SupplierLedger.Requested> lines = request.getLine().stream()
                .map(line -> new SupplierLedger.Requested(line.getLineNumber().intValueExact(), line.getSupplierSku(),
                        line.getQuantity().intValueExact()))
                .toList();
        SupplierLedger.PurchaseOrder order = ledger.place(request.getPoNumber(), request.getBuyer(), lines);
        PlacePurchaseOrderResponse response = new PlacePurchaseOrderResponse();
        response.setPoNumber(order.poNumber());
        response.setSupplierReference(order.supplierReference());
        response.setStatus(OrderStatus.fromValue(order.status().name()));
        order.lines().forEach(line -> response.getLine().add(confirmed(line)));
        return response;
    }

    @PayloadRoot(namespace = NAMESPACE, localPart = "GetPurchaseOrderStatusRequest")
    @ResponsePayload
    GetPurchaseOrderStatusResponse status(@RequestPayload GetPurchaseOrderStatusRequest request) {
        GetPurchaseOrderStatusResponse response = new GetPurchaseOrderStatusResponse();
        response.setPoNumber(request.getPoNumber());
        ledger.find(request.getPoNumber()).ifPresentOrElse(order -> {
            response.setSupplierReference(order.supplierReference());
            response.setStatus(OrderStatus.fromValue(order.status().name()));
            order.lines().forEach(line -> response.getLine().add(confirmed(line)));
            if (order.shippedAt() != null) {
                Shipment shipment = new Shipment();
                shipment.setShipmentId(order.shipmentId());
                shipment.setShippedAt(datatypes.newXMLGregorianCalendar(order.shippedAt().toString()));
                order.lines().stream().filter(line -> line.confirmed() > 0).forEach(line -> {
                    ShippedLine shipped = new ShippedLine();
                    shipped.setLineNumber(BigInteger.valueOf(line.lineNumber()));
                    shipped.setSupplierSku(line.supplierSku());
                    shipped.setQuantity(BigInteger.valueOf(line.confirmed()));
                    shipment.getLine().add(shipped);
                });
                response.getShipment().add(shipment);
            }
        }, () -> response.setStatus(OrderStatus.UNKNOWN));
        return response;
    }

    @PayloadRoot(namespace = NAMESPACE, localPart = "CancelPurchaseOrderRequest")
    @ResponsePayload
    CancelPurchaseOrderResponse cancel(@RequestPayload CancelPurchaseOrderRequest request) {
        CancelPurchaseOrderResponse response = new CancelPurchaseOrderResponse();
        response.setPoNumber(request.getPoNumber());
        response.setStatus(ledger.cancel(request.getPoNumber())
                .map(order -> OrderStatus.fromValue(order.status().name())).orElse(OrderStatus.UNKNOWN));
        return response;
    }

    private ConfirmedLine confirmed(SupplierLedger.Line line) {
        ConfirmedLine confirmed = new ConfirmedLine();
        confirmed.setLineNumber(BigInteger.valueOf(line.lineNumber()));
        confirmed.setSupplierSku(line.supplierSku());
        confirmed.setRequestedQuantity(BigInteger.valueOf(line.requested()));
        confirmed.setConfirmedQuantity(BigInteger.valueOf(line.confirmed()));
        confirmed.setStatus(LineStatus.fromValue(line.status()));
        if (line.expectedShipDate() != null) {
            confirmed.setExpectedShipDate(datatypes.newXMLGregorianCalendar(line.expectedShipDate().toString()));
        }
        confirmed.setReason(line.reason());
        return confirmed;
    }
}
