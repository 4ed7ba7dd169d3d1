package dev.portico.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Assets are cached within a byte bound, and requests for names that do not exist cost no memory. */
class StaticAssetsTest {
    private final ClassLoader loader = StaticAssetsTest.class.getClassLoader();

    @Test
    void missesAreNeverCached() {
        StaticAssets assets = new StaticAssets(loader);
        for (int i = 0; i < 5_000; i++) {
            assertThat(assets.find("js/missing-" + i + ".js")).isEmpty();
        }
        assertThat(assets.cachedEntries()).isZero();

        assertThat(assets.find("css/portico.css")).isPresent();
        assertThat(assets.cachedEntries()).isEqualTo(1);
    }

    @Test
    void theCacheStaysWithinItsByteBoundAndEvictedAssetsAreServedAgain() {
        StaticAssets.Asset css = new StaticAssets(loader).find("css/portico.css").orElseThrow();
        StaticAssets bounded = new StaticAssets(loader, css.weight());
        for (int round = 0; round < 3; round++) {
            for (String name : new String[] {"css/portico.css", "widget.js", "img/portico.svg", "js/dom.js"}) {
                StaticAssets.Asset asset = bounded.find(name).orElseThrow();
                assertThat(asset.name()).isEqualTo(name);
                assertThat(bounded.cachedEntries()).isLessThanOrEqualTo(1);
            }
        }
        assertThat(bounded.find("css/portico.css").orElseThrow().etag()).isEqualTo(css.etag());
    }
}
