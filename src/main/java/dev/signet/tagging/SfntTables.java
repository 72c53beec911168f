package dev.signet.tagging;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Rewrites the table directory of a TrueType (sfnt) font program. */
final class SfntTables {

    private static final int HEADER = 12;
    private static final int ENTRY = 16;
    /** OpenType's constant for head.checkSumAdjustment: it minus the sum of the whole font. */
    private static final long CHECKSUM_MAGIC = 0xB1B0AFBAL;
    /** A cmap with one Windows Unicode BMP subtable (format 4) that maps nothing: only the closing 0xFFFF segment. */
    private static final byte[] EMPTY_CMAP = {
        0,
        0,
        0,
        1,
        0,
        3,
        0,
        1,
        0,
        0,
        0,
        12,
        0,
        4,
        0,
        24,
        0,
        0,
        0,
        2,
        0,
        2,
        0,
        0,
        0,
        0,
        (byte) 0xFF,
        (byte) 0xFF,
        0,
        0,
        (byte) 0xFF,
        (byte) 0xFF,
        0,
        1,
        0,
        0
    };

    private SfntTables() {}

    private record Table(String tag, byte[] data) {}

    /** The same font with its cmap table replaced by one that maps nothing; unchanged if it has none. */
    static byte[] withEmptyCmap(byte[] font) {
        ByteBuffer in = ByteBuffer.wrap(font);
        int count = Short.toUnsignedInt(in.getShort(4));
        List<Table> tables = new ArrayList<>(count);
        boolean hasCmap = false;
        for (int i = 0; i < count; i++) {
            int entry = HEADER + i * ENTRY;
            String tag = new String(font, entry, 4, StandardCharsets.US_ASCII);
            int offset = in.getInt(entry + 8);
            int length = in.getInt(entry + 12);
            byte[] data = tag.equals("cmap") ? EMPTY_CMAP : Arrays.copyOfRange(font, offset, offset + length);
            hasCmap |= tag.equals("cmap");
            tables.add(new Table(tag, data));
        }
        return hasCmap ? assemble(font, tables) : font;
    }

    /** Tables in directory order, each 4-byte aligned, with fresh checksums and head.checkSumAdjustment. */
    private static byte[] assemble(byte[] original, List<Table> tables) {
        int size = HEADER + ENTRY * tables.size();
        for (Table t : tables) {
            size += padded(t.data().length);
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(original, 0, HEADER);
        int offset = HEADER + ENTRY * tables.size();
        int headOffset = -1;
        for (Table t : tables) {
            byte[] data = t.data();
            if (t.tag().equals("head")) {
                data = data.clone();
                ByteBuffer.wrap(data).putInt(8, 0);
                headOffset = offset;
            }
            out.put(t.tag().getBytes(StandardCharsets.US_ASCII));
            out.putInt((int) checksum(data));
            out.putInt(offset);
            out.putInt(t.data().length);
            int directoryEnd = out.position();
            out.position(offset).put(data);
            offset += padded(data.length);
            out.position(directoryEnd);
        }
        byte[] font = out.array();
        if (headOffset >= 0) {
            ByteBuffer.wrap(font).putInt(headOffset + 8, (int) (CHECKSUM_MAGIC - checksum(font)));
        }
        return font;
    }

    private static int padded(int length) {
        return (length + 3) & ~3;
    }

    private static long checksum(byte[] data) {
        long sum = 0;
        for (int i = 0; i < data.length; i += 4) {
            long word = 0;
            for (int j = 0; j < 4; j++) {
                word = (word << 8) | (i + j < data.length ? data[i + j] & 0xFF : 0);
            }
            sum = (sum + word) & 0xFFFFFFFFL;
        }
        return sum;
    }
}
