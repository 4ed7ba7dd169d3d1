package dev.portico.delivery;

/**
 * One kind of client that breaks the rules or vanishes, played once per {@link Play#run()}: it returns what
 * the client observed, which must contain {@code expected}.
 *
 * @param name     what the client does wrong, for reports
 * @param expected what the client must observe, e.g. {@code "restricted-xml then close"}
 * @param play     one run, on a fresh session
 */
record Misbehaviour(String name, String expected, Play play) {

    /** Plays the misbehaviour once on a fresh connection and returns what the client saw. */
    @FunctionalInterface
    interface Play {
        String run() throws Exception;
    }

    /** Runs once; a problem description when the observation does not match, otherwise null. */
    String check() {
        String observed;
        try {
            observed = play.run();
        } catch (Exception | AssertionError e) {
            observed = "failed: " + e;
        }
        return observed.contains(expected) ? null : name + ": expected '" + expected + "' but saw '" + observed + "'";
    }
}
