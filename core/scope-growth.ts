/** The growth rule of a live scope: what it adds to its ALB in each dimension, whether that fits, and the refusal. Pure. */
import { DIMENSION_LABELS, QUOTA_DIMENSIONS, QuotaDimension, Usage, overLimits } from "./quota-dimensions";
import { ScopeShape, estimateScopeUsage } from "./scope-usage-estimate";

/**
 * A scope's usage as its program knows it, with no ALB in view: its rules and target groups, each of its listen
 * ports as a listener, and the certificates its `certificate-arn` names. Certificates found in ACM for its hosts
 * depend on the ALB and are the provider's to count (`certificateGrowth`). The growth check compares two of these.
 */
export function programUsage(shape: ScopeShape): Usage {
    return estimateScopeUsage(shape, [], []).usage;
}

/**
 * What a scope going from `before` to `after` adds to its ALB: `max(0, after − before)` per dimension. A shrink
 * in one dimension frees room in that one only; it never pays for growth in another, since each quota is separate.
 */
export function usageGrowth(before: Usage, after: Usage): Usage {
    return {
        rules: Math.max(0, after.rules - before.rules),
        targetGroups: Math.max(0, after.targetGroups - before.targetGroups),
        certificates: Math.max(0, after.certificates - before.certificates),
        listeners: Math.max(0, after.listeners - before.listeners),
    };
}

/** Whether `growth` adds anything in any dimension: without growth there is nothing to measure or refuse. */
export function hasGrowth(growth: Usage): boolean {
    return QUOTA_DIMENSIONS.some(d => growth[d] > 0);
}

/**
 * The dimensions in which `growth` does not fit on an ALB carrying `load` under `thresholds` (`load + growth >
 * threshold`), in report order; empty when it fits in every dimension. A dimension that does not grow never
 * blocks, even on an ALB already past its threshold there: the scope does not make that worse.
 */
export function blockingDimensions(load: Usage, growth: Usage, thresholds: Usage): QuotaDimension[] {
    return overLimits(load, growth, thresholds).filter(d => growth[d] > 0);
}

/** Everything a growth refusal says. */
export interface GrowthRefusal {
    /** The ALB the scope lives on. */
    balancerName: string;
    region: string;
    /** What the ALB carries now, as measured (and, when coordinated, as the cluster asks for). */
    load: Usage;
    thresholds: Usage;
    growth: Usage;
    /** Where `load` comes from, e.g. "AWS, the cluster's Ingresses and reservations, and this deployment". */
    measuredFrom: string;
}

/**
 * The message of a refused growth: the ALB, its load against the threshold in every dimension, the growth in
 * every dimension, which dimensions block, and the ways out. The scope never moves by itself: the way out is
 * the operator's.
 */
export function growthRefusalMessage(refusal: GrowthRefusal): string {
    const { balancerName, region, load, thresholds, growth } = refusal;
    const blocking = blockingDimensions(load, growth, thresholds);
    const lines = QUOTA_DIMENSIONS.map(d => {
        const mark = blocking.includes(d) ? "  <- blocks" : "";
        return `  ${DIMENSION_LABELS[d]}: ${load[d]} of ${thresholds[d]}, growth +${growth[d]} -> ${load[d] + growth[d]}${mark}`;
    });
    return (
        `This scope's growth does not fit on its ALB "${balancerName}" (${region}): ` +
        `${blocking.map(d => DIMENSION_LABELS[d]).join(", ")} would pass the threshold. ` +
        `Load (from ${refusal.measuredFrom}) vs threshold, and the growth, per dimension:\n${lines.join("\n")}\n` +
        "The Ingress was not changed and the scope stays on its ALB. Ways out: set pinnedBalancer to an ALB with room " +
        "(scope-ingress capacity shows them), which moves the scope there; or grow the scope less (fewer hostnames, " +
        "paths or listener ports); or free room on the ALB; or raise the threshold of the blocking dimension " +
        "(balancers.maxRules for listener rules) if the AWS quota allows."
    );
}
