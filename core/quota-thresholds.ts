/**
 * The per-ALB thresholds in every quota dimension: absolute numbers, or a share of the account's limit ("75%")
 * so that a quota AWS raised raises the threshold with it. Pure: validation and resolution.
 */
import { Problems } from "./problems";
import { DIMENSION_LABELS, QUOTA_DIMENSIONS, QuotaDimension, Usage } from "./quota-dimensions";

/** A threshold: a whole number of items per ALB, or a whole percentage of the account's limit, e.g. `"75%"`. */
export type Threshold = number | `${number}%`;

/** The input name of each dimension's threshold (`balancers.maxRules`, the BalancerAssignment input `maxRules`). */
export const THRESHOLD_FIELDS: Record<
    QuotaDimension,
    "maxRules" | "maxTargetGroups" | "maxCertificates" | "maxListeners"
> = {
    rules: "maxRules",
    targetGroups: "maxTargetGroups",
    certificates: "maxCertificates",
    listeners: "maxListeners",
};

/** A threshold per dimension, as given. */
export type QuotaThresholds = Record<QuotaDimension, Threshold>;

/**
 * The defaults: `maxRules` stays the absolute 75 it always was (25 below AWS's default quota of 100); the other
 * dimensions leave the same 25% headroom relative to the account's limit, so a raised quota raises them.
 */
export const DEFAULT_THRESHOLDS: QuotaThresholds = {
    rules: 75,
    targetGroups: "75%",
    certificates: "75%",
    listeners: "75%",
};

/** Why `value` is not a threshold, or undefined when it is one. */
export function thresholdProblem(value: unknown): string | undefined {
    if (typeof value === "number") {
        return Number.isInteger(value) && value >= 0 ? undefined : "is not a whole number of 0 or more";
    }
    if (typeof value === "string") {
        const match = /^(\d{1,3})%$/.exec(value);
        return match && Number(match[1]) >= 1 && Number(match[1]) <= 100
            ? undefined
            : 'is not a whole percentage from "1%" to "100%"';
    }
    return 'is neither a whole number nor a percentage such as "75%"';
}

/** The fix offered for a bad threshold of `dimension`. */
export function thresholdFix(dimension: QuotaDimension): string {
    const shown = DEFAULT_THRESHOLDS[dimension];
    return (
        `give the most ${DIMENSION_LABELS[dimension]} one ALB may carry, as a whole number (e.g. ${dimension === "rules" ? 75 : 60}) ` +
        `or as a share of the account's limit read from DescribeAccountLimits (e.g. "75%"); default ${JSON.stringify(shown)}`
    );
}

/**
 * `given` (missing entries take {@link DEFAULT_THRESHOLDS}) with each bad value recorded in `problems` under
 * `field(dimension)`; a bad value is replaced by its default so the other checks can go on.
 */
export function checkThresholds(
    given: Partial<Record<QuotaDimension, unknown>>,
    problems: Problems,
    field: (dimension: QuotaDimension) => string = d => THRESHOLD_FIELDS[d],
): QuotaThresholds {
    const out = { ...DEFAULT_THRESHOLDS };
    for (const d of QUOTA_DIMENSIONS) {
        const value = given[d];
        if (value !== undefined && problems.check(field(d), value, thresholdProblem(value), thresholdFix(d))) {
            out[d] = value as Threshold;
        }
    }
    return out;
}

/**
 * The absolute thresholds against the account's `limits`: a number stays as given (an absolute `maxRules` stays
 * absolute whatever the quota), a percentage is that share of the limit, rounded down so the headroom is never less.
 */
export function resolveThresholds(thresholds: QuotaThresholds, limits: Usage): Usage {
    const one = (d: QuotaDimension): number => {
        const t = thresholds[d];
        return typeof t === "number" ? t : Math.floor((limits[d] * Number(t.slice(0, -1))) / 100);
    };
    return {
        rules: one("rules"),
        targetGroups: one("targetGroups"),
        certificates: one("certificates"),
        listeners: one("listeners"),
    };
}

/** How a threshold reads in messages: `75`, or `"75%" of 200 = 150`. */
export function thresholdText(threshold: Threshold, limit: number, resolved: number): string {
    return typeof threshold === "number" ? `${threshold}` : `"${threshold}" of ${limit} = ${resolved}`;
}
