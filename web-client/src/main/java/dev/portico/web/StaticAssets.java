package dev.portico.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The files of {@code portico-static} on the class path, read once and kept in memory with a strong ETag
 * and, for text worth compressing, a gzip copy. Only names made of safe characters under known file types
 * are looked up, so a request cannot walk out of the asset folder.
 *
 * <p>Only files that exist are cached, in a cache bounded by bytes: a miss is looked up again each time
 * (a class path lookup, no I/O for a name that is not there) instead of being remembered, so requests for
 * endless unknown names cost no memory. Thread-safe.
 */
final class StaticAssets {
    /** Resource folder inside the portico-static jar. */
    static final String ROOT = "portico-static/";

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_\\-][A-Za-z0-9_.\\-]*(/[A-Za-z0-9_\\-][A-Za-z0-9_.\\-]*)*");
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "txt", "text/plain; charset=utf-8",
            "json", "application/json",
            "webmanifest", "application/manifest+json");
    private static final int COMPRESS_ABOVE = 1024;

    /** One loaded file. */
    record Asset(String name, String contentType, byte[] bytes, Optional<byte[]> gzipped, String etag) {
        /** Bytes held for this asset, for the cache's bound. */
        int weight() {
            return bytes.length + gzipped.map(g -> g.length).orElse(0) + name.length() * 2 + 128;
        }
    }

    /** Far above the assets shipped (Strophe.js and the chat are well under 1 MiB with their gzip copies). */
    static final long MAX_CACHED_BYTES = 16L << 20;

    private final ClassLoader loader;
    private final Cache<String, Asset> cache;

    StaticAssets(ClassLoader loader) {
        this(loader, MAX_CACHED_BYTES);
    }

    StaticAssets(ClassLoader loader, long maxCachedBytes) {
        this.loader = loader;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxCachedBytes)
                .weigher((String name, Asset asset) -> asset.weight())
                .build();
    }

    /** The asset at {@code name} (relative to the asset root), or empty when there is none. */
    Optional<Asset> find(String name) {
        if (name == null || name.contains("..") || !SAFE_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        if (type == null) {
            return Optional.empty();
        }
        // A loader that returns null caches nothing: misses are never remembered.
        return Optional.ofNullable(cache.get(name, n -> load(n, type)));
    }

    /** Entries cached now (for tests). */
    long cachedEntries() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private Asset load(String name, String type) {
        try (InputStream in = loader.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                return null;
            }
            byte[] bytes = in.readAllBytes();
            Optional<byte[]> gzipped = Optional.empty();
            if (bytes.length > COMPRESS_ABOVE && !type.startsWith("image/png")) {
                gzipped = Optional.of(gzip(bytes));
            }
            return new Asset(name, type, bytes, gzipped, etag(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read asset " + name, e);
        }
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
