package chat.mindroom.operator.sandbox;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Just enough of the ustar format for the sandbox's {@code tar}: regular files with paths up to 100
 * bytes, written as {@code ./path} the way {@code tar cC DIR .} names them; reading skips directories.
 */
final class TarArchive {

    private static final int BLOCK = 512;

    private TarArchive() {
    }

    static byte[] write(SortedMap<String, byte[]> files, long mtimeSeconds) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            byte[] header = new byte[BLOCK];
            put(header, 0, 100, "./" + file.getKey());
            put(header, 100, 8, "0000644");
            put(header, 108, 8, "0000000");
            put(header, 116, 8, "0000000");
            put(header, 124, 12, String.format("%011o", file.getValue().length));
            put(header, 136, 12, String.format("%011o", mtimeSeconds));
            Arrays.fill(header, 148, 156, (byte) ' ');
            header[156] = '0';
            put(header, 257, 6, "ustar");
            put(header, 263, 2, "00");
            int sum = 0;
            for (byte b : header) {
                sum += b & 0xff;
            }
            put(header, 148, 8, String.format("%06o", sum) + "\0 ");
            out.writeBytes(header);
            out.writeBytes(file.getValue());
            out.writeBytes(new byte[(BLOCK - file.getValue().length % BLOCK) % BLOCK]);
        }
        out.writeBytes(new byte[2 * BLOCK]);
        return out.toByteArray();
    }

    /** The regular files of an archive by relative path; throws IllegalArgumentException if it is not one. */
    static SortedMap<String, byte[]> read(byte[] archive) {
        SortedMap<String, byte[]> files = new TreeMap<>();
        int at = 0;
        while (at + BLOCK <= archive.length) {
            byte[] header = Arrays.copyOfRange(archive, at, at + BLOCK);
            if (isZero(header)) {
                return files;
            }
            if (!text(header, 257, 5).equals("ustar")) {
                throw new IllegalArgumentException("This does not look like a tar archive");
            }
            String name = text(header, 0, 100);
            int size = Integer.parseInt(text(header, 124, 12).trim(), 8);
            at += BLOCK;
            if (header[156] == '0' || header[156] == 0) {
                String relative = name.startsWith("./") ? name.substring(2) : name;
                files.put(relative, Arrays.copyOfRange(archive, at, at + size));
            }
            at += (size + BLOCK - 1) / BLOCK * BLOCK;
        }
        throw new IllegalArgumentException("Unexpected EOF in archive");
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static void put(byte[] header, int offset, int length, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, header, offset, Math.min(length, bytes.length));
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }
}
