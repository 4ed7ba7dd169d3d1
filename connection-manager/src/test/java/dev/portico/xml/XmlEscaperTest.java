package dev.portico.xml;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class XmlEscaperTest {
    @Test
    void textEscapesMarkupButNotQuotes() {
        assertThat(XmlEscaper.escapeText("a<b>&'\"")).isEqualTo("a&lt;b&gt;&amp;'\"");
    }

    @Test
    void attributeEscapesBothQuotes() {
        assertThat(XmlEscaper.escapeAttribute("a<b>&'\"")).isEqualTo("a&lt;b&gt;&amp;&apos;&quot;");
    }

    @Test
    void cleanStringsAreReturnedAsIs() {
        String s = "héllo 日本 🎉";
        assertThat(XmlEscaper.escapeText(s)).isSameAs(s);
        assertThat(XmlEscaper.escapeAttribute(s)).isSameAs(s);
    }
}
