package dev.portico.xml;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Records parser events as comparable strings, and keeps the elements for closer inspection. */
class RecordingHandler implements StreamParser.Handler {
    final List<String> events = new ArrayList<>();
    final List<ParsedElement> headers = new ArrayList<>();
    final List<ParsedElement> elements = new ArrayList<>();
    private final Predicate<ParsedElement> restartAfter;
    StreamParser parser;

    RecordingHandler() {
        this(e -> false);
    }

    /** Calls {@code parser.restart()} from {@code onElement} when the predicate matches. */
    RecordingHandler(Predicate<ParsedElement> restartAfter) {
        this.restartAfter = restartAfter;
    }

    @Override
    public void onStreamOpen(ParsedElement header) {
        headers.add(header);
        events.add("open " + utf8(header.raw()) + " attrs=" + header.attributes()
                + " decls=" + header.namespaceDeclarations());
    }

    @Override
    public void onElement(ParsedElement element) {
        elements.add(element);
        events.add("element " + utf8(element.raw()) + " standalone=" + element.toStandaloneXml()
                + " text=" + describeTexts(element));
        if (restartAfter.test(element)) {
            parser.restart();
        }
    }

    @Override
    public void onStreamClose() {
        events.add("close");
    }

    private static String describeTexts(ParsedElement e) {
        StringBuilder sb = new StringBuilder("[").append(e.text());
        for (ParsedElement c : e.children()) {
            sb.append(describeTexts(c)).append(utf8(c.raw()));
        }
        return sb.append(']').toString();
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
