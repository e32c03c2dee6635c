/** The CLI's number flags (`--max-rules`, `--expected-rules`, `--scopes`): read exactly as typed, and bounded. */
import type { Problems } from "../core/problems";

/**
 * The largest number any flag takes: 100 times the AWS default quota of rules per ALB, and more scopes
 * than one preview sensibly places. A larger number is a typo (a digit too many), not a plan, and past
 * 2^53 JavaScript cannot even hold it: `99999999999999999999` would be read as 100000000000000000000.
 */
export const MAX_FLAG_NUMBER = 10_000;

/** How one number flag is bounded, and what to tell a user who passes it a number out of bounds. */
export interface NumberFlag {
    /** The flag as typed: `--max-rules`. */
    name: string;
    min: number;
    max: number;
    fix: string;
}

/**
 * Reads `raw` for `flag`. A whole number from `min` to `max` is returned as a number; one out of bounds
 * is recorded in `problems`, shown as typed, and `undefined` is returned so that no later check reports
 * the same flag again. Anything else (`abc`, `1.5`) is returned for the engine's own check to report.
 */
export function readNumberFlag(raw: string | undefined, flag: NumberFlag, problems: Problems): unknown {
    const value = numberAsTyped(raw);
    if (typeof value !== "bigint") {
        return value;
    }
    const rule =
        value > BigInt(flag.max)
            ? `must be at most ${flag.max}`
            : value < BigInt(flag.min)
              ? `must be at least ${flag.min}`
              : undefined;
    return problems.check(flag.name, value, rule, flag.fix) ? Number(value) : undefined;
}

/**
 * A whole number as a bigint, so that it is compared and shown exactly however many digits it has; a
 * decimal fraction as a number (the engine says `1.5 is not a whole number`); anything else as typed.
 */
function numberAsTyped(raw: string | undefined): unknown {
    const text = raw?.trim() ?? "";
    const whole = /^([+-]?\d+)(\.0+)?$/.exec(text);
    if (whole !== null) {
        return BigInt(whole[1]);
    }
    // A fraction that a number would round to a whole one (`1.00000000000000000001`) stays text, refused as typed.
    return /^[+-]?\d+\.\d+$/.test(text) && !Number.isInteger(Number(text)) ? Number(text) : raw;
}
