package dev.signet.document;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Rendered page images, least recently used out first, bounded in bytes and entries. On this node
 * only: another node renders again, which costs time, never correctness, since the key names the
 * revision's digest.
 */
final class ImageCache {

    /** {@code hiddenFieldNode}: whose fields were left out, so one signer never gets another's image. */
    record Key(UUID documentId, String revision, int page, int width, String hiddenFieldNode) {}

    private final long maxBytes;
    private final int maxEntries;
    private final LinkedHashMap<Key, PageImages.Image> images = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    ImageCache(long maxBytes, int maxEntries) {
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
    }

    synchronized PageImages.Image get(Key key) {
        return images.get(key);
    }

    synchronized void put(Key key, PageImages.Image image) {
        if (image.bytes().length > maxBytes) {
            return;
        }
        PageImages.Image old = images.put(key, image);
        bytes += image.bytes().length - (old == null ? 0 : old.bytes().length);
        Iterator<Map.Entry<Key, PageImages.Image>> eldest = images.entrySet().iterator();
        while ((bytes > maxBytes || images.size() > maxEntries) && eldest.hasNext()) {
            bytes -= eldest.next().getValue().bytes().length;
            eldest.remove();
        }
    }

    synchronized int size() {
        return images.size();
    }
}
