package dev.portico.transport.bosh;

import dev.portico.xml.StreamErrorCondition;

/**
 * XEP-0124 §17.2 terminal binding conditions, each carrying its wire name and the HTTP status a legacy
 * client (one whose session creation request had no {@code ver}) gets instead (§17.1). Current clients
 * always get 200 with {@code type='terminate'} and the condition.
 */
public enum BoshCondition {
    BAD_REQUEST("bad-request", 400),
    HOST_GONE("host-gone", 200),
    HOST_UNKNOWN("host-unknown", 200),
    IMPROPER_ADDRESSING("improper-addressing", 200),
    INTERNAL_SERVER_ERROR("internal-server-error", 200),
    ITEM_NOT_FOUND("item-not-found", 404),
    OTHER_REQUEST("other-request", 200),
    POLICY_VIOLATION("policy-violation", 403),
    REMOTE_CONNECTION_FAILED("remote-connection-failed", 200),
    REMOTE_STREAM_ERROR("remote-stream-error", 200),
    SEE_OTHER_URI("see-other-uri", 200),
    SYSTEM_SHUTDOWN("system-shutdown", 200),
    UNDEFINED_CONDITION("undefined-condition", 200);

    private final String wireName;
    private final int legacyHttpStatus;

    BoshCondition(String wireName, int legacyHttpStatus) {
        this.wireName = wireName;
        this.legacyHttpStatus = legacyHttpStatus;
    }

    /** The value of the {@code condition} attribute. */
    public String wireName() {
        return wireName;
    }

    /** The deprecated HTTP error of §17.1 for legacy clients; 200 for conditions that have none. */
    public int legacyHttpStatus() {
        return legacyHttpStatus;
    }

    /** The HTTP status to answer with: the legacy code only when the client is a legacy client. */
    public int httpStatus(boolean legacyClient) {
        return legacyClient ? legacyHttpStatus : 200;
    }

    /**
     * The binding condition for a stream error that Portico itself raised (the server's own stream errors
     * are always {@link #REMOTE_STREAM_ERROR}); null when the error has no binding equivalent and must be
     * carried as a {@code remote-stream-error}.
     */
    static BoshCondition forPorticoStreamError(StreamErrorCondition condition) {
        return switch (condition) {
            case HOST_UNKNOWN -> HOST_UNKNOWN;
            case HOST_GONE -> HOST_GONE;
            case IMPROPER_ADDRESSING -> IMPROPER_ADDRESSING;
            case INTERNAL_SERVER_ERROR -> INTERNAL_SERVER_ERROR;
            case REMOTE_CONNECTION_FAILED, CONNECTION_TIMEOUT -> REMOTE_CONNECTION_FAILED;
            case POLICY_VIOLATION -> POLICY_VIOLATION;
            case SYSTEM_SHUTDOWN -> SYSTEM_SHUTDOWN;
            default -> null;
        };
    }
}
