package io.switchboard.bench;

import java.util.Arrays;

/** Order statistics over small arrays of samples. */
public final class Stats {
    private Stats() {
    }

    /** The {@code p}-th percentile (0..100) by nearest rank; 0 for no samples. Sorts a copy. */
    public static long percentile(long[] samples, double p) {
        if (samples.length == 0) {
            return 0;
        }
        long[] s = samples.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.min(s.length - 1, Math.max(0, rank - 1))];
    }

    public static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n == 0 ? 0 : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    public static double min(double[] v) {
        return Arrays.stream(v).min().orElse(0);
    }

    public static double max(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }
}
