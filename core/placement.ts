/** The placement policy: which ALB of a pool a new scope goes to, and why the others were not chosen. */
import { BalancerMeasurement, CONTROLLER_STACK_TAG, MeasuredBalancer } from "./balancer-load";
import { CandidatePool, POOL_CONFIG_KEYS, Visibility } from "./candidate-pool";
import { stateUnavailability } from "./balancer-state";
import { AWS_RULES_PER_ALB_QUOTA, RuleLimits } from "./rule-limits";
import { asUsage, measuredUsage } from "./balancer-usage";
import { DIMENSION_LABELS, QUOTA_DIMENSIONS, QuotaDimension, Usage, addUsage, overLimits } from "./quota-dimensions";
import { THRESHOLD_FIELDS } from "./quota-thresholds";

/**
 * How placement checks every quota dimension: the absolute threshold per ALB in each (resolved against the
 * account's limits), and what the scope adds to each candidate (its certificates and listeners depend on what the
 * candidate carries already). Without it only rules are checked, against `maxRules` and `expectedRules`.
 */
export interface QuotaCheck {
    /** The most an ALB may carry in each dimension, this scope included. */
    thresholds: Usage;
    /** What the scope adds to `m` (undefined: an ALB that could not be measured, the base fallback). */
    adding(m: BalancerMeasurement | undefined): Usage;
    /** How each threshold was given and the account limit it was resolved against, for messages (e.g. `"75%" of 100`). */
    describe?: (dimension: QuotaDimension) => string;
}

/** The {@link QuotaCheck} of `limits`: its own, or rules only (`maxRules`, `expectedRules`) with no bound on the rest. */
export function quotaCheckOf(limits: RuleLimits): QuotaCheck {
    return (
        limits.quotas ?? {
            thresholds: {
                rules: limits.maxRules,
                targetGroups: Infinity,
                certificates: Infinity,
                listeners: Infinity,
            },
            adding: () => ({ rules: limits.expectedRules, targetGroups: 0, certificates: 0, listeners: 0 }),
        }
    );
}

/** Why a placement chose its ALB. */
export type PlacementReason = "least-loaded" | "only-candidate" | "base-fallback";

/** What the policy saw of one candidate. */
export interface CandidateLoad {
    name: string;
    /** Rules counted on it (measured, or 0 when in flight), plus any reserved in this process; absent when it was skipped. */
    rules?: number;
    /** Why it was not considered, when it was not. */
    skipped?: string;
    /** True when it was measured but cannot take this pool's scopes (its type, scheme, group or state): no fallback counts on it. */
    ineligible?: boolean;
    /** Its AWS state, when that state is why it was skipped (`failed`, `active_impaired`, `provisioning` not in flight). */
    state?: string;
    /** Its load in every dimension (measured plus reserved), when it was considered. */
    usage?: Usage;
    /** What this scope would add to it, when it was considered. */
    adding?: Usage;
    /** The dimensions in which `usage + adding` passes the threshold: empty when the scope fits. */
    blocking?: QuotaDimension[];
}

/** The policy's answer. */
export interface Placement {
    balancerName: string;
    reason: PlacementReason;
    /** Rules on the chosen ALB before this scope, or `undefined` when it could not be measured (base fallback). */
    rules?: number;
    /** Every candidate, in pool order, as the policy saw it. */
    seen: CandidateLoad[];
    /** One line per skipped candidate or fallback, for the user. */
    warnings: string[];
    /** What the scope adds to the chosen ALB in every dimension: what a ledger or reservation holds for it. */
    adding?: Usage;
    /** The chosen ALB's load in every dimension before this scope, when it was measured. */
    usage?: Usage;
}

/**
 * No measured candidate has room for the scope in every dimension. The message lists every ALB with its load in
 * every dimension, marks the dimensions that block, and gives the ways out of each blocking dimension.
 */
export class CapacityExhaustedError extends Error {
    constructor(
        readonly pool: CandidatePool,
        readonly seen: CandidateLoad[],
        readonly limits: RuleLimits,
    ) {
        const keys = POOL_CONFIG_KEYS[pool.visibility];
        const check = quotaCheckOf(limits);
        const blocking = new Set(seen.flatMap(c => c.blocking ?? []));
        const others = [...blocking].filter(d => d !== "rules");
        const rulesOnly = limits.quotas === undefined;
        const rulesGiven = check.describe?.("rules");
        super(
            [
                `No ALB in the ${pool.visibility} pool has room for ${limits.expectedRules} more listener rule(s) under maxRules ${check.thresholds.rules}` +
                    (rulesGiven !== undefined && rulesGiven !== String(check.thresholds.rules)
                        ? ` (${rulesGiven})`
                        : "") +
                    " (a scope fits when rules + expectedRules <= maxRules" +
                    (rulesOnly
                        ? "):"
                        : `, and in every other quota the ALB's load + what the scope adds <= its threshold: ${QUOTA_DIMENSIONS.filter(
                              d => d !== "rules",
                          )
                              .map(d => `${THRESHOLD_FIELDS[d]} ${check.describe?.(d) ?? check.thresholds[d]}`)
                              .join(", ")}):`),
                ...seen.flatMap(c => candidateLines(c, rulesOnly ? undefined : check)),
                `Do one of: add an ALB to the pool (balancers.additional or stack config scope-ingress:${keys.additional}); ` +
                    [
                        ...(rulesOnly || blocking.has("rules")
                            ? [
                                  `raise maxRules (the AWS quota is ${AWS_RULES_PER_ALB_QUOTA} rules per ALB by default); ` +
                                      `or have AWS raise the "Rules per Application Load Balancer" quota, then raise maxRules (or give it as a share such as "75%", which follows the quota)`,
                              ]
                            : []),
                        ...others.map(d => WAYS_OUT[d as Exclude<QuotaDimension, "rules">]),
                    ].join("; ") +
                    ".",
            ].join("\n"),
        );
        this.name = "CapacityExhaustedError";
    }
}

/** The ways out of a full dimension other than rules (a pool ALB more is offered for all of them). */
const WAYS_OUT: Record<Exclude<QuotaDimension, "rules">, string> = {
    targetGroups:
        "raise maxTargetGroups toward the AWS limit of 100 target groups per ALB (not raisable), or give the scope fewer Service ports",
    certificates:
        'raise maxCertificates, or have AWS raise the "Certificates per Application Load Balancer" quota (a share such as "75%" follows it), ' +
        "or cover the scope's hosts with a wildcard certificate the ALB already carries",
    listeners:
        'raise maxListeners, or have AWS raise the "Listeners per Application Load Balancer" quota, or use the listen ports the pool\'s ALBs already have',
};

/**
 * No candidate could be measured and the base-ALB fallback was refused: by strict mode, or because this
 * process already reserved the base ALB up to `maxRules` (`reservedOnBase` is then set).
 */
export class NoMeasurableCandidateError extends Error {
    constructor(
        readonly pool: CandidatePool,
        readonly seen: CandidateLoad[],
        readonly reservedOnBase?: number,
        limits?: RuleLimits,
        /** The dimensions the base's reservations would pass, when not rules alone. */
        blocking: readonly QuotaDimension[] = ["rules"],
    ) {
        super(
            [
                reservedOnBase === undefined
                    ? `None of the ${pool.visibility} pool's ALBs could be measured, and strict mode forbids falling back to the base ALB "${pool.base}":`
                    : blocking.includes("rules")
                      ? `None of the ${pool.visibility} pool's ALBs could be measured, and the base ALB "${pool.base}" cannot be the fallback: this deployment ` +
                        `already placed ${reservedOnBase} rules on it, and ${limits?.expectedRules} more would pass maxRules ${limits?.maxRules}:`
                      : `None of the ${pool.visibility} pool's ALBs could be measured, and the base ALB "${pool.base}" cannot be the fallback: what this deployment ` +
                        `already placed on it, with this scope, would pass the threshold of its ${blocking.map(d => DIMENSION_LABELS[d]).join(" and ")}:`,
                ...seen.map(c => `  ${c.name}: ${c.skipped}`),
                reservedOnBase === undefined
                    ? "Fix the causes above (names, region, IAM permissions elasticloadbalancing:Describe*), or set strict to false to accept the base ALB."
                    : "Fix the causes above (names, region, IAM permissions elasticloadbalancing:Describe*, throttling) and run the deployment again.",
            ].join("\n"),
        );
        this.name = "NoMeasurableCandidateError";
    }
}

/**
 * No candidate can take the scope and at least one was measured but is not eligible (another scheme, not an ALB,
 * another group, or a state in which it cannot serve): the base-ALB fallback, meant for a base that could not
 * be measured, is refused, since it would put the scope where the policy just said no. The base of the other
 * scheme is named first: the controller would stop reconciling its group, or replace it (buildLoadBalancerScheme
 * in the controller's pkg/ingress). The fixes offered are those of the causes found: pool layout, state, or both.
 */
export class NoEligibleCandidateError extends Error {
    constructor(
        readonly pool: CandidatePool,
        readonly seen: CandidateLoad[],
        base?: MeasuredBalancer,
    ) {
        const keys = POOL_CONFIG_KEYS[pool.visibility];
        const misfits = seen.some(c => c.ineligible && c.state === undefined);
        const states = [...new Set(seen.flatMap(c => (c.state === undefined ? [] : [c.state])))];
        super(
            [
                ...(base?.scheme !== undefined && base.scheme !== pool.visibility
                    ? [
                          `baseBalancer: ALB "${base.name}" is ${base.scheme}, but this pool is ${pool.visibility}; an Ingress asking its group for another scheme ` +
                              "stops the Load Balancer Controller from reconciling the group (conflicting scheme), or makes it replace the ALB, so the scope is not placed on it.",
                      ]
                    : []),
                `No ALB of the ${pool.visibility} pool can take this scope, and the base-ALB fallback is only for a base that could not be measured:`,
                ...seen.map(candidateLine),
                ...(misfits
                    ? [
                          `Every ALB of a pool must be an Application Load Balancer of the pool's scheme whose group name is its ALB name: make balancers.base ` +
                              `(or stack config scope-ingress:${keys.base}) name an ${pool.visibility} ALB and balancers.additional (or scope-ingress:${keys.additional}) ` +
                              `list only such ALBs; or, if this scope is not meant to be ${pool.visibility}, change visibility.`,
                      ]
                    : []),
                ...(states.length > 0
                    ? [
                          `Only an active ALB takes new scopes (seen here: ${states.join(", ")}): replace a failed ALB or take it out of the pool ` +
                              `(balancers.additional, or scope-ingress:${keys.additional}); wait until an active_impaired or provisioning one is active and run the ` +
                              "deployment again; or set balancers.assumeMissingInFlight to place on a provisioning ALB and wait for it; or add an active ALB to the pool.",
                      ]
                    : []),
            ].join("\n"),
        );
        this.name = "NoEligibleCandidateError";
    }
}

/**
 * Why the measured load balancer `m` cannot take scopes of a `visibility` pool, or `undefined` when it can:
 * it must be an ALB, of that scheme, and (when the controller tagged it) built for the group named like it.
 */
export function ineligibility(m: MeasuredBalancer, visibility: Visibility): string | undefined {
    if (m.type !== undefined && m.type !== "application") {
        return `it is a ${m.type} load balancer, not an Application Load Balancer; the pool takes ALBs only, so take it out of the pool`;
    }
    if (m.scheme !== undefined && m.scheme !== visibility) {
        // An Ingress whose scheme differs from its group's blocks the group (conflicting scheme) or replaces the ALB.
        return `its scheme is ${m.scheme}, but this pool is ${visibility}`;
    }
    if (m.stackTag !== undefined && m.stackTag !== m.name) {
        // The controller finds a group's ALB by its stack tags (findSDKLoadBalancers in pkg/deploy/elbv2), not by
        // name: an Ingress of group "<name>" would not join this ALB; the controller would set out to create another.
        return (
            `its ${CONTROLLER_STACK_TAG} tag is "${m.stackTag}", so the Load Balancer Controller built it for the group "${m.stackTag}", ` +
            `not for the group "${m.name}" that this scope's Ingress joins; the pool requires group.name = ALB name, so take it out of the pool ` +
            `or move that group's Ingresses to group.name "${m.name}"`
        );
    }
    return undefined;
}

/** The capacity rule: a scope fits on an ALB carrying `rules` when `rules + expectedRules <= maxRules`. */
export function hasRoom(rules: number, limits: Pick<RuleLimits, "maxRules" | "expectedRules">): boolean {
    return rules + limits.expectedRules <= limits.maxRules;
}

/**
 * Chooses the ALB for a new scope: among the candidates that were measured, are eligible (see
 * {@link ineligibility}) and can serve (`active`, or `provisioning` in flight: see `stateUnavailability`), the
 * one with the fewest rules that still fits `expectedRules` under `maxRules`; `breakTie` picks among equally
 * loaded ones (default: the earlier candidate). Only when no candidate at all could be measured is the base used
 * unchecked. `reserved` adds rules already promised to other scopes (see the placement ledger).
 * Pure with the default tie rule: the same inputs always give the same answer.
 */
export function choosePlacement(
    pool: CandidatePool,
    measurements: readonly BalancerMeasurement[],
    limits: RuleLimits,
    reserved: (name: string) => number | Usage = () => 0,
    breakTie: (tied: readonly string[]) => string = tied => tied[0],
): Placement {
    const byName = new Map(measurements.map(m => [m.name, m]));
    const check = quotaCheckOf(limits);
    const seen = pool.candidates.map(name =>
        load(name, byName.get(name), pool, reserved, check, limits.quotas !== undefined),
    );
    const warnings = seen
        .filter(c => c.skipped !== undefined)
        .map(c => `ALB "${c.name}" was skipped when placing this scope: ${c.skipped}.`);
    const measured = seen.filter((c): c is CandidateLoad & { rules: number } => c.rules !== undefined);
    if (measured.length === 0 && seen.some(c => c.ineligible)) {
        // Measured and refused is not unmeasurable: falling back would put the scope where the policy just said no.
        const base = byName.get(pool.base);
        throw new NoEligibleCandidateError(pool, seen, base?.kind === "measured" ? base : undefined);
    }
    if (measured.length === 0) {
        if (limits.strict) {
            throw new NoMeasurableCandidateError(pool, seen);
        }
        // What this process already promised to the base still counts: unmeasured is not empty.
        const adding = check.adding(undefined);
        const full = overLimits(asUsage(reserved(pool.base)), adding, check.thresholds);
        if (full.length > 0) {
            throw new NoMeasurableCandidateError(pool, seen, asUsage(reserved(pool.base)).rules, limits, full);
        }
        return {
            balancerName: pool.base,
            reason: "base-fallback",
            adding,
            seen,
            warnings: [
                ...warnings,
                `No ALB of the ${pool.visibility} pool could be measured; the scope was placed on the base ALB "${pool.base}" without a capacity check.`,
            ],
        };
    }
    // Every dimension is a gate; rules stay the order among the ALBs that pass them all: rules are what most
    // scopes add most of and the quota the controller hits first, and the order the pool has always had.
    const fitting = measured.filter(c => c.blocking === undefined || c.blocking.length === 0);
    if (fitting.length === 0) {
        throw new CapacityExhaustedError(pool, seen, limits);
    }
    const least = Math.min(...fitting.map(c => c.rules));
    const tied = fitting.filter(c => c.rules === least).map(c => c.name);
    const picked = breakTie(tied);
    const chosen = fitting.find(c => c.name === (tied.includes(picked) ? picked : tied[0]))!;
    return {
        balancerName: chosen.name,
        reason: pool.candidates.length === 1 ? "only-candidate" : "least-loaded",
        rules: least,
        usage: chosen.usage,
        adding: chosen.adding,
        seen,
        warnings,
    };
}

function load(
    name: string,
    m: BalancerMeasurement | undefined,
    pool: CandidatePool,
    reserved: (name: string) => number | Usage,
    check: QuotaCheck,
    withUsage: boolean,
): CandidateLoad {
    if (m === undefined) {
        return { name, skipped: "it was not measured" };
    }
    if (m.kind === "failed") {
        return { name, skipped: m.error };
    }
    const ineligible = m.kind === "measured" ? ineligibility(m, pool.visibility) : undefined;
    if (ineligible !== undefined) {
        return { name, skipped: ineligible, ineligible: true };
    }
    // Measured and unable to serve now: like an ineligible one, no fallback may put the scope there.
    const unavailable = m.kind === "measured" ? stateUnavailability(m) : undefined;
    if (unavailable !== undefined) {
        return { name, skipped: unavailable, ineligible: true, state: (m as MeasuredBalancer).state };
    }
    const usage = addUsage(measuredUsage(m), asUsage(reserved(name)));
    const adding = check.adding(m);
    const blocking = overLimits(usage, adding, check.thresholds);
    // Without a quota check only rules count, and the candidate reads as it always has.
    return withUsage
        ? { name, rules: usage.rules, usage, adding, blocking }
        : { name, rules: usage.rules, ...(blocking.length > 0 && { blocking }) };
}

function candidateLine(c: CandidateLoad): string {
    return `  ${c.name}: ${c.rules !== undefined ? `${c.rules} rules` : c.ineligible ? `skipped (${c.skipped})` : `not measured (${c.skipped})`}`;
}

/**
 * A candidate in a refusal: its rules as always, then (with a quota check) every dimension on a line of its own,
 * `load + what the scope adds of threshold`, the blocking ones marked.
 */
function candidateLines(c: CandidateLoad, check?: QuotaCheck): string[] {
    if (check === undefined || c.usage === undefined || c.adding === undefined) {
        return [candidateLine(c)];
    }
    const { usage, adding } = c;
    const blocking = c.blocking ?? [];
    return [
        candidateLine(c),
        `      ${QUOTA_DIMENSIONS.map(
            d =>
                `${DIMENSION_LABELS[d]} ${usage[d]} + ${adding[d]} of ${check.thresholds[d]}` +
                (blocking.includes(d) ? " (BLOCKS)" : ""),
        ).join(", ")}`,
    ];
}
