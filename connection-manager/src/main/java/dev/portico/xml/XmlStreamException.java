package dev.portico.xml;

/**
 * Bad XML from either side, classified by the stream error it must produce.
 */
public final class XmlStreamException extends Exception {
    private final StreamErrorCondition condition;

    public XmlStreamException(StreamErrorCondition condition, String message) {
        super(message);
        this.condition = condition;
    }

    public XmlStreamException(StreamErrorCondition condition, String message, Throwable cause) {
        super(message, cause);
        this.condition = condition;
    }

    /** The RFC 6120 condition the peer should receive. */
    public StreamErrorCondition condition() {
        return condition;
    }
}
