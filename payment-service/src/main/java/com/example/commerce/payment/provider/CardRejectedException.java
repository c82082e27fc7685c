package com.example.commerce.payment.provider;

/** The provider refused to tokenise a card (invalid number, expired, bad CVC). */
public class CardRejectedException extends RuntimeException {

    private final String code;

    public CardRejectedException(String code) {
        super("card rejected: " + code);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
