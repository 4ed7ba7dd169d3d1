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
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * The files of {@code portico-static} on the class path, read once and kept in memory with a strong ETag
 * and, for text worth compressing, a gzip copy. Only names made of safe characters under known file types
 * are looked up, so a request cannot walk out of the asset folder or make the cache grow without bound.
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
    }

    private final ClassLoader loader;
    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    StaticAssets(ClassLoader loader) {
        this.loader = loader;
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
        return cache.computeIfAbsent(name, n -> load(n, type));
    }

    private Optional<Asset> load(String name, String type) {
        try (InputStream in = loader.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            Optional<byte[]> gzipped = Optional.empty();
            if (bytes.length > COMPRESS_ABOVE && !type.startsWith("image/png")) {
                gzipped = Optional.of(gzip(bytes));
            }
            return Optional.of(new Asset(name, type, bytes, gzipped, etag(bytes)));
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
