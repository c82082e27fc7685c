package com.example.commerce.cart.cart;

public enum CartStatus { OPEN, CHECKED_OUT, ABANDONED }
