package dev.signet.bench;

/** A phase's result over its measured window (epoch milliseconds): rates are counts over that window. */
interface Measured {

    long windowStart();

    long windowEnd();

    default double seconds() {
        return (windowEnd() - windowStart()) / 1000.0;
    }

    default double perSecond(long count) {
        return count / seconds();
    }
}
