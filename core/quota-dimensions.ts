/** The per-ALB quotas a scope uses and an ALB fills: listener rules, target groups, certificates and listeners. */

/** Every per-ALB quota that placement counts, in the order reports show them. */
export const QUOTA_DIMENSIONS = ["rules", "targetGroups", "certificates", "listeners"] as const;

/** One per-ALB quota. */
export type QuotaDimension = (typeof QUOTA_DIMENSIONS)[number];

/** An amount in every dimension: what a scope adds to an ALB, what an ALB carries, or what it may carry. */
export type Usage = Record<QuotaDimension, number>;

/**
 * The Elastic Load Balancing default quotas per ALB (default rules and the default certificate not counted),
 * used when `DescribeAccountLimits` cannot be read. Target groups per ALB cannot be raised.
 */
export const DEFAULT_ACCOUNT_LIMITS: Usage = { rules: 100, targetGroups: 100, certificates: 25, listeners: 50 };

/** How each dimension reads in messages and tables. */
export const DIMENSION_LABELS: Record<QuotaDimension, string> = {
    rules: "listener rules",
    targetGroups: "target groups",
    certificates: "certificates",
    listeners: "listeners",
};

/** `a + b` in every dimension. */
export function addUsage(a: Usage, b: Usage): Usage {
    return {
        rules: a.rules + b.rules,
        targetGroups: a.targetGroups + b.targetGroups,
        certificates: a.certificates + b.certificates,
        listeners: a.listeners + b.listeners,
    };
}

/** The dimensions in which `load + adding` passes `limits`, in {@link QUOTA_DIMENSIONS} order; empty when it fits. */
export function overLimits(load: Usage, adding: Usage, limits: Usage): QuotaDimension[] {
    return QUOTA_DIMENSIONS.filter(d => load[d] + adding[d] > limits[d]);
}
