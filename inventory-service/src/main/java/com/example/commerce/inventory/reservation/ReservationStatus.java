package com.example.commerce.inventory.reservation;

/**
 * Where an order's reservation stands. It starts RESERVED (stock held) or REFUSED (a shortage), or RELEASED
 * as a tombstone when a compensating event came first; from RESERVED it goes once to RELEASED or COMMITTED,
 * and every other state is final.
 */
public enum ReservationStatus { RESERVED, RELEASED, COMMITTED, REFUSED }
