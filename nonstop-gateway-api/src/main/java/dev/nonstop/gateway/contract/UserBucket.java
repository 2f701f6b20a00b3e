package dev.nonstop.gateway.contract;

/**
 * The stable bucket (0..9999) of a user for {@link PercentRule}s: MurmurHash3 (x86, 32 bits, seed 0)
 * of the UTF-8 bytes of the key's value, unsigned, modulo 10,000. The same value gives the same
 * bucket on every gateway, in every process and after every restart. Allocation-free.
 */
public final class UserBucket {
    /** The number of buckets: a percent rule holds {@code percent * 100} of them. */
    public static final int BUCKETS = 10_000;

    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private UserBucket() {}

    /** The bucket of {@code value} (hashed as UTF-8). */
    public static int of(CharSequence value) {
        return bucketOf(murmur3(value));
    }

    /** The bucket of {@code length} bytes of {@code bytes} from {@code offset}. */
    public static int of(byte[] bytes, int offset, int length) {
        return bucketOf(murmur3(bytes, offset, length));
    }

    private static int bucketOf(int hash) {
        return (int) (Integer.toUnsignedLong(hash) % BUCKETS);
    }

    /** MurmurHash3 x86_32, seed 0, of the bytes. */
    public static int murmur3(byte[] bytes, int offset, int length) {
        int h = 0;
        int i = 0;
        for (; i + 4 <= length; i += 4) {
            int p = offset + i;
            int k = (bytes[p] & 0xff)
                    | (bytes[p + 1] & 0xff) << 8
                    | (bytes[p + 2] & 0xff) << 16
                    | (bytes[p + 3] & 0xff) << 24;
            h = mixH(h, mixK(k));
        }
        int k = 0;
        int shift = 0;
        for (; i < length; i++) {
            k |= (bytes[offset + i] & 0xff) << shift;
            shift += 8;
        }
        if (shift > 0) {
            h ^= mixK(k);
        }
        return fmix(h ^ length);
    }

    /** MurmurHash3 x86_32, seed 0, of the UTF-8 encoding of {@code s}, without encoding it into an array. */
    public static int murmur3(CharSequence s) {
        Hasher hasher = new Hasher();
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                hasher.add(c);
            } else if (c < 0x800) {
                hasher.add(0xc0 | (c >> 6));
                hasher.add(0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                hasher.add(0xf0 | (cp >> 18));
                hasher.add(0x80 | ((cp >> 12) & 0x3f));
                hasher.add(0x80 | ((cp >> 6) & 0x3f));
                hasher.add(0x80 | (cp & 0x3f));
            } else if (Character.isSurrogate(c)) {
                hasher.add('?'); // what String.getBytes(UTF_8) writes for a lone surrogate
            } else {
                hasher.add(0xe0 | (c >> 12));
                hasher.add(0x80 | ((c >> 6) & 0x3f));
                hasher.add(0x80 | (c & 0x3f));
            }
        }
        return hasher.finish();
    }

    /** A scalar-replaced accumulator (escape analysis keeps it off the heap). */
    private static final class Hasher {
        int h;
        int k;
        int shift;
        int length;

        void add(int b) {
            k |= (b & 0xff) << shift;
            shift += 8;
            length++;
            if (shift == 32) {
                h = mixH(h, mixK(k));
                k = 0;
                shift = 0;
            }
        }

        int finish() {
            int hh = h;
            if (shift > 0) {
                hh ^= mixK(k);
            }
            return fmix(hh ^ length);
        }
    }

    private static int mixK(int k) {
        k *= C1;
        k = Integer.rotateLeft(k, 15);
        return k * C2;
    }

    private static int mixH(int h, int k) {
        h ^= k;
        h = Integer.rotateLeft(h, 13);
        return h * 5 + 0xe6546b64;
    }

    private static int fmix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
