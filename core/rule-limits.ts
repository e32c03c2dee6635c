/**
 * The two numbers that decide whether a scope fits on an ALB: how many listener rules an ALB may carry
 * (`maxRules`) and how many this scope's Ingress adds (`expectedRules`).
 */
import type { QuotaCheck } from "./placement";
import { Problems, collecting } from "./problems";
import { thresholdProblem } from "./quota-thresholds";

/** Default capacity threshold per ALB: headroom below the AWS quota of 100 rules, as the original scripts use. */
export const DEFAULT_MAX_RULES = 75;

/** Default number of listener rules one scope adds. */
export const DEFAULT_EXPECTED_RULES = 1;

/** The AWS default quota "Rules per Application Load Balancer" (default rules not counted). */
export const AWS_RULES_PER_ALB_QUOTA = 100;

/** Capacity inputs of a placement, validated. */
export interface RuleLimits {
    /** Capacity threshold per ALB: a scope fits when `rules + expectedRules <= maxRules`. Default 75. */
    maxRules: number;
    /** Listener rules this scope's Ingress adds. Default 1. */
    expectedRules: number;
    /** Refuse to fall back to the base ALB when no candidate could be measured. Default false. */
    strict: boolean;
    /**
     * Every quota dimension, once the account's limits and the scope's shape are known (see `QuotaCheck`). Absent:
     * rules only, against `maxRules` and `expectedRules`.
     */
    quotas?: QuotaCheck;
}

/** `maxRules` given as a share (`"75%"`) of AWS's default quota of rules, rounded down. */
export function rulesShareOfDefault(share: string): number {
    return Math.floor((AWS_RULES_PER_ALB_QUOTA * Number(share.slice(0, -1))) / 100);
}

/**
 * Returns why `value` is not a whole number from `min` to `max` (no upper bound when `max` is undefined),
 * or `undefined` when it is one. The value itself is shown by the message the caller renders.
 */
export function wholeNumberProblem(value: unknown, min: number, max?: number): string | undefined {
    if (typeof value !== "number" || !Number.isInteger(value)) {
        return "is not a whole number";
    }
    if (value < min) {
        return `must be at least ${min}`;
    }
    if (max !== undefined && value > max) {
        return `must be at most ${max}`;
    }
    return undefined;
}

/**
 * Applies the defaults and validates the limits, naming each field as `fieldNames` spells it for callers
 * whose users write them differently (`balancers.maxRules`, the CLI's `--max-rules`). With `problems` the
 * problems join the caller's; without, they are thrown as one {@link InvalidInputError}.
 */
export function resolveRuleLimits(
    input: Partial<Record<keyof RuleLimits, unknown>> = {},
    fieldNames: Partial<Record<keyof RuleLimits, string>> = {},
    problems?: Problems,
): RuleLimits {
    const givenMaxRules = input.maxRules ?? DEFAULT_MAX_RULES;
    // A share of the account's quota ("75%") is checked as a share, and stands until the quota is read for the share
    // of AWS's default quota: what the no-room check below can know before anything is read.
    const relative = typeof givenMaxRules === "string" && thresholdProblem(givenMaxRules) === undefined;
    const maxRules = relative ? rulesShareOfDefault(givenMaxRules as string) : givenMaxRules;
    const expectedRules = input.expectedRules ?? DEFAULT_EXPECTED_RULES;
    const strict = input.strict ?? false;
    const field = (key: keyof RuleLimits) => fieldNames[key] ?? key;
    return collecting(problems, found => {
        const maxOk = found.check(
            field("maxRules"),
            givenMaxRules,
            relative ? undefined : wholeNumberProblem(maxRules, 0),
            `set it to the number of listener rules one ALB may carry (default ${DEFAULT_MAX_RULES}, AWS quota ${AWS_RULES_PER_ALB_QUOTA})`,
        );
        const expectedOk = found.check(
            field("expectedRules"),
            expectedRules,
            wholeNumberProblem(expectedRules, 1),
            "set it to the number of listener rules this scope's Ingress adds (hosts x paths)",
        );
        found.check(
            field("strict"),
            strict,
            typeof strict === "boolean" ? undefined : "is not true or false",
            "use true or false",
        );
        // A scope larger than the threshold fits on no ALB, however empty: say so before any create.
        if (maxOk && expectedOk && (expectedRules as number) > (maxRules as number)) {
            found.check(
                field("maxRules"),
                maxRules,
                `is below the ${expectedRules} listener rules one scope adds (${field("expectedRules")}), so no ALB could ever take it`,
                `raise ${field("maxRules")} to at least ${expectedRules}, or give the scope fewer hostnames, paths or rule-carrying listener ports`,
            );
        }
        return { maxRules: maxRules as number, expectedRules: expectedRules as number, strict: strict as boolean };
    });
}
