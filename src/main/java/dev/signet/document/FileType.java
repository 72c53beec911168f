package dev.signet.document;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** A document's type, judged by its content, never by its name or declared content type. */
public enum FileType {
    PDF("application/pdf"),
    DOC("application/msword"),
    DOCX("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    UNKNOWN("application/octet-stream");

    private static final byte[] OLE_MAGIC = {
        (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1
    };

    private final String mediaType;

    FileType(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The type stored with a document: the one {@link #sniff} found when it was uploaded. */
    public static FileType ofMediaType(String mediaType) {
        for (FileType type : values()) {
            if (type.mediaType.equals(mediaType)) {
                return type;
            }
        }
        return UNKNOWN;
    }

    public static FileType sniff(byte[] content) {
        // PDF readers accept the header anywhere in the first KiB; so do we.
        int window = Math.min(content.length, 1024);
        if (new String(content, 0, window, StandardCharsets.ISO_8859_1).contains("%PDF-")) {
            return PDF;
        }
        if (startsWith(content, OLE_MAGIC)) {
            return DOC;
        }
        if (startsWith(content, new byte[] {'P', 'K', 3, 4}) && isWordPackage(content)) {
            return DOCX;
        }
        return UNKNOWN;
    }

    private static boolean isWordPackage(byte[] content) {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(content))) {
            ZipEntry entry;
            int seen = 0;
            while ((entry = zip.getNextEntry()) != null && seen++ < 200) {
                if (entry.getName().startsWith("word/")) {
                    return true;
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
        return false;
    }

    private static boolean startsWith(byte[] content, byte[] prefix) {
        if (content.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (content[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
