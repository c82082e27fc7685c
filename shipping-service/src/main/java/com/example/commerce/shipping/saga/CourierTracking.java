package com.example.commerce.shipping.saga;

import com.example.commerce.shipping.courier.Courier;
import com.example.commerce.shipping.courier.CourierProperties;
import com.example.commerce.shipping.courier.CourierUnavailableException;
import com.example.commerce.starter.BatchSweep;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Asks the courier's tracking where a booked or dispatched shipment is that the courier has said nothing about
 * for {@code track-after} (its callbacks may have been lost, or the parcel overstays the transit bound). Periodic,
 * not outbound work: every {@code sweep-interval} it takes up to {@code batch-size} such shipments (locked with
 * {@code SKIP LOCKED} and marked as looked up in that short transaction, so a second instance takes others),
 * asks the courier one at a time outside any transaction, and applies each answer like a callback. A look-up the
 * courier does not answer, or one a crash interrupted, is made again a period later. Shipments with courier work
 * open (a cancel under way) are left to that work.
 */
@Component
class CourierTracking extends BatchSweep {

    private static final Logger log = LoggerFactory.getLogger(CourierTracking.class);

    private final ShipmentSaga saga;
    private final Courier courier;
    private final int batchSize;

    CourierTracking(ShipmentSaga saga, Courier courier, CourierProperties properties) {
        super("courier-tracking", properties.sweepInterval(), properties.batchSize());
        this.saga = saga;
        this.courier = courier;
        this.batchSize = properties.batchSize();
    }

    @Override
    protected int sweep() {
        List<ShipmentSaga.LookUp> due = saga.lookUpsDue(batchSize);
        for (ShipmentSaga.LookUp lookUp : due) {
            try {
                saga.tracked(lookUp.shipmentId(), courier.track(lookUp.bookingId()));
            } catch (CourierUnavailableException unavailable) {
                log.debug("Courier did not answer where shipment {} is; asking again next period",
                        lookUp.shipmentId());
            }
        }
        return due.size();
    }
}
