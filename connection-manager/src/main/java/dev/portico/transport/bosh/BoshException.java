package dev.portico.transport.bosh;

/** A request the binding refuses: carries the terminal condition to answer with. */
final class BoshException extends Exception {
    private final BoshCondition condition;

    BoshException(BoshCondition condition, String message) {
        super(message, null, false, false);
        this.condition = condition;
    }

    BoshCondition condition() {
        return condition;
    }
}
