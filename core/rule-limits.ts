/**
 * The two numbers that decide whether a scope fits on an ALB: how many listener rules an ALB may carry
 * (`maxRules`) and how many this scope's Ingress adds (`expectedRules`).
 */

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
}

/**
 * Returns why `value` is not a whole number of at least `min`, or `undefined` when it is one.
 */
export function wholeNumberProblem(value: unknown, min: number): string | undefined {
    if (typeof value !== "number" || !Number.isInteger(value)) {
        return `must be a whole number, got ${JSON.stringify(value)}`;
    }
    if (value < min) {
        return `must be at least ${min}, got ${value}`;
    }
    return undefined;
}

/**
 * Applies the defaults and validates the limits, throwing an error that names the field, the value
 * and the rule. `fieldNames` renames the fields in that error for callers whose users spell them
 * differently (the CLI's `--max-rules`).
 */
export function resolveRuleLimits(
    input: Partial<Record<keyof RuleLimits, unknown>> = {},
    fieldNames: Partial<Record<keyof RuleLimits, string>> = {},
): RuleLimits {
    const maxRules = input.maxRules ?? DEFAULT_MAX_RULES;
    const expectedRules = input.expectedRules ?? DEFAULT_EXPECTED_RULES;
    const strict = input.strict ?? false;
    const field = (key: keyof RuleLimits) => fieldNames[key] ?? key;
    const problems = [
        limitProblem(field("maxRules"), maxRules, 0,
            `set it to the number of listener rules one ALB may carry (default ${DEFAULT_MAX_RULES}, AWS quota ${AWS_RULES_PER_ALB_QUOTA})`),
        limitProblem(field("expectedRules"), expectedRules, 1, "set it to the number of listener rules this scope's Ingress adds (hosts x paths)"),
        typeof strict === "boolean" ? undefined : `${field("strict")}: must be true or false, got ${JSON.stringify(strict)}`,
    ].filter((p): p is string => p !== undefined);
    if (problems.length > 0) {
        throw new Error(problems.join("; "));
    }
    return { maxRules: maxRules as number, expectedRules: expectedRules as number, strict: strict as boolean };
}

/** Returns `"<field>: <problem>; <hint>"` when `value` is not a whole number of at least `min`. */
export function limitProblem(field: string, value: unknown, min: number, hint: string): string | undefined {
    const problem = wholeNumberProblem(value, min);
    return problem === undefined ? undefined : `${field}: ${problem}; ${hint}`;
}
