package io.ebats.store;

/**
 * How many attempts match a query, counted no further than a bound: exactly {@code count}, or more than
 * {@code count} when not {@code exact}.
 *
 * @param count the attempts counted
 * @param exact false when more than {@code count} match
 */
public record MatchCount(long count, boolean exact) {
}
