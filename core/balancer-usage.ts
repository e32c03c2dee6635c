/** An ALB's measured usage in every quota dimension, and what a scope may reuse on it. Pure. */
import type { BalancerMeasurement } from "./balancer-load";
import type { Usage } from "./quota-dimensions";
import type { CarriedListener } from "./scope-usage-estimate";

/** Nothing in any dimension. */
export const NO_USAGE: Usage = { rules: 0, targetGroups: 0, certificates: 0, listeners: 0 };

/** What AWS counts on `m` in every dimension; nothing for an ALB in flight or not measured. */
export function measuredUsage(m: BalancerMeasurement | undefined): Usage {
    if (m?.kind !== "measured") {
        return NO_USAGE;
    }
    return {
        rules: m.rules,
        targetGroups: m.targetGroups ?? 0,
        certificates: m.certificates ?? 0,
        listeners: m.listeners.length,
    };
}

/** The listeners of `m` with their certificates, for the usage estimates; none for an ALB not measured. */
export function carriedListeners(m: BalancerMeasurement | undefined): CarriedListener[] {
    return m?.kind === "measured" ? m.listeners : [];
}

/** `usage` as a {@link Usage}: a plain number is a number of rules (what reservations and ledgers held before the other dimensions). */
export function asUsage(usage: number | Usage): Usage {
    return typeof usage === "number" ? { ...NO_USAGE, rules: usage } : usage;
}
