package com.example.commerce.backorder.supplier.soap;

import com.example.commerce.backorder.supplier.SupplierProperties;
import org.springframework.oxm.jaxb.Jaxb2Marshaller;
import org.springframework.ws.client.core.WebServiceTemplate;
import org.springframework.ws.soap.saaj.SaajSoapMessageFactory;
import org.springframework.ws.transport.http.HttpUrlConnectionMessageSender;

/**
 * Builds the {@link WebServiceTemplate} for the supplier: the contract's JAXB classes, explicit connect and read
 * timeouts on the HTTP sender, and XML parsing that refuses DTDs and so external entities (a SOAP message must not
 * carry a DTD at all, SOAP 1.1 §3). The answer is parsed by SAAJ ({@link SaajSoapMessageFactory}), whose parser
 * refuses any DOCTYPE ("Document Type Declaration is not allowed"); the JAXB unmarshaller is told the same
 * (no DTD, no external entities) for any source that does not come through SAAJ. We stay on Spring WS 5.0.1, which
 * predates its own fix of an external-entity gap (#1873): {@code SupplierXxeTests} proves a hostile answer is
 * refused, its file never read and its external DTD never fetched. Do not swap the message factory (Axiom, a
 * DOM factory of our own) without that test.
 */
public final class SupplierClients {

    private SupplierClients() {
    }

    public static WebServiceTemplate template(SupplierProperties properties) {
        Jaxb2Marshaller marshaller = new Jaxb2Marshaller();
        marshaller.setPackagesToScan("com.example.commerce.supplier.contract");
        marshaller.setSupportDtd(false);
        marshaller.setProcessExternalEntities(false);
        try {
            marshaller.afterPropertiesSet();
        } catch (Exception e) {
            throw new IllegalStateException("the supplier contract's JAXB context", e);
        }
        HttpUrlConnectionMessageSender sender = new HttpUrlConnectionMessageSender();
        sender.setConnectionTimeout(properties.connectTimeout());
        sender.setReadTimeout(properties.readTimeout());
        SaajSoapMessageFactory messages = new SaajSoapMessageFactory();
        messages.afterPropertiesSet();
        WebServiceTemplate template = new WebServiceTemplate(messages);
        template.setMarshaller(marshaller);
        template.setUnmarshaller(marshaller);
        template.setMessageSender(sender);
        template.setDefaultUri(properties.url());
        return template;
    }
}
