package com.example.commerce.order.order;

import com.example.commerce.events.shared.Address;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** Where the order goes, copied onto the order when it is placed (a later change of the address book changes nothing). */
@Embeddable
public class ShippingAddress {

    @Column(name = "ship_line1", nullable = false, length = 200)
    private String line1;

    @Column(name = "ship_line2", length = 200)
    private String line2;

    @Column(name = "ship_city", nullable = false, length = 100)
    private String city;

    @Column(name = "ship_postal_code", nullable = false, length = 20)
    private String postalCode;

    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(name = "ship_country", nullable = false, length = 2)
    private String country;

    protected ShippingAddress() {
    }

    public static ShippingAddress of(Address address) {
        ShippingAddress copy = new ShippingAddress();
        copy.line1 = address.line1();
        copy.line2 = address.line2();
        copy.city = address.city();
        copy.postalCode = address.postalCode();
        copy.country = address.country();
        return copy;
    }

    public Address toAddress() {
        return new Address(line1, line2, city, postalCode, country);
    }
}
