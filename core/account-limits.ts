/** The account's per-ALB quotas as ELBv2 `DescribeAccountLimits` names them, read into a {@link Usage}. Pure. */
import { DEFAULT_ACCOUNT_LIMITS, QUOTA_DIMENSIONS, QuotaDimension, Usage } from "./quota-dimensions";

/** The `DescribeAccountLimits` limit name of each dimension (Elastic Load Balancing API reference, `Limit.Name`). */
export const ACCOUNT_LIMIT_NAMES: Record<QuotaDimension, string> = {
    rules: "rules-per-application-load-balancer",
    targetGroups: "target-groups-per-application-load-balancer",
    certificates: "certificates-per-application-load-balancer",
    listeners: "listeners-per-application-load-balancer",
};

/**
 * The per-ALB limits among `limits` (`Name`, `Max` as AWS returns them: `Max` is a string); a dimension AWS did not
 * list, or listed with a value that is not a whole number above 0, keeps its {@link DEFAULT_ACCOUNT_LIMITS} value and
 * is named in `defaulted`.
 */
export function accountLimitsFrom(limits: readonly { Name?: string; Max?: string }[]): {
    limits: Usage;
    defaulted: QuotaDimension[];
} {
    const out = { ...DEFAULT_ACCOUNT_LIMITS };
    const defaulted: QuotaDimension[] = [];
    for (const d of QUOTA_DIMENSIONS) {
        const max = Number(limits.find(l => l.Name === ACCOUNT_LIMIT_NAMES[d])?.Max);
        if (Number.isInteger(max) && max > 0) {
            out[d] = max;
        } else {
            defaulted.push(d);
        }
    }
    return { limits: out, defaulted };
}
