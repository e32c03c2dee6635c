/** A key the caller wrote that is not one of the known keys: named with the nearest known key, or all of them. */

/**
 * What to do about the unknown `key`: use the known key it is a typo of (within two edits, letter case aside),
 * else one of `known`, each rendered by `show`.
 */
export function unknownKeyFix(key: string, known: readonly string[], show: (key: string) => string = k => k): string {
    const nearest = known
        .map(candidate => ({ candidate, distance: editDistance(key.toLowerCase(), candidate.toLowerCase()) }))
        .sort((a, b) => a.distance - b.distance)[0];
    if (nearest !== undefined && nearest.distance <= 2) {
        return `did you mean ${show(nearest.candidate)}? The keys are ${known.map(show).join(", ")}`;
    }
    return `use one of ${known.map(show).join(", ")}`;
}

/** Levenshtein distance: the fewest insertions, deletions and substitutions that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(
                previous[j] + 1,
                current[j - 1] + 1,
                previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
            );
        }
        previous = current;
    }
    return previous[b.length];
}
