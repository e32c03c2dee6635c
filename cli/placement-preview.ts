/** `scope-ingress place`: where N new scopes would go, simulated on one measurement with the provider's ledger. */
import type { BalancerMeasurement } from "../core/balancer-load";
import type { CandidatePool } from "../core/candidate-pool";
import {
    CandidateLoad,
    CapacityExhaustedError,
    NoEligibleCandidateError,
    NoMeasurableCandidateError,
} from "../core/placement";
import { PlacementLedger } from "../core/placement-ledger";
import type { RuleLimits } from "../core/rule-limits";
import { QUOTA_DIMENSIONS, type Usage } from "../core/quota-dimensions";

/**
 * How a pool takes new scopes: `fits` every one of them, is `full` before the last one fits, or is
 * `unmeasurable` (no candidate could be measured, or none measured is eligible, so nothing can be said).
 */
export type PoolStatus = "fits" | "full" | "unmeasurable";

/** What placing scopes one after another on one measurement of a pool would do. */
export interface PlacementSimulation {
    status: PoolStatus;
    /** Every candidate, in pool order, as the policy saw it before the first scope. */
    seen: CandidateLoad[];
    /** The ALB each scope that fits would go to, in placement order. */
    order: string[];
    /** Scopes that would not fit anywhere. */
    unplaced: number;
}

/**
 * Places `scopes` scopes on a fresh {@link PlacementLedger} holding one measurement, exactly as the
 * provider's creates of one deployment are placed, and changes nothing in AWS. Strict, because the
 * provider's base-ALB fallback would place scopes without a capacity check and say nothing about room.
 */
export function simulatePlacements(
    pool: CandidatePool,
    measurements: readonly BalancerMeasurement[],
    limits: RuleLimits,
    scopes: number,
    held: ReadonlyMap<string, Usage> = new Map(),
): PlacementSimulation {
    const ledger = new PlacementLedger();
    // What the cluster holds beyond AWS's count starts in the ledger, as it counts in the provider's placement.
    for (const [name, usage] of held) {
        ledger.record(name, usage);
    }
    const strict = { ...limits, strict: true };
    const order: string[] = [];
    let seen: CandidateLoad[] | undefined;
    try {
        while (order.length < scopes) {
            const placement = ledger.place(pool, measurements, strict);
            seen ??= placement.seen;
            order.push(placement.balancerName);
        }
    } catch (err) {
        // No eligible candidate is a pool that takes nothing whatever its load: reported like an unmeasurable one.
        if (!(
            err instanceof CapacityExhaustedError ||
            err instanceof NoMeasurableCandidateError ||
            err instanceof NoEligibleCandidateError
        )) {
            throw err;
        }
        return {
            status: err instanceof CapacityExhaustedError ? "full" : "unmeasurable",
            seen: seen ?? err.seen,
            order,
            unplaced: scopes - order.length,
        };
    }
    return { status: "fits", seen: seen ?? [], order, unplaced: 0 };
}

/** The new scopes one ALB would take. */
export interface BalancerPlacement {
    balancerName: string;
    /** New scopes placed on it (0 when others had fewer rules). */
    scopes: number;
    /** Rules it carries now. */
    rulesBefore: number;
    /** Rules it would carry with those scopes. */
    rulesAfter: number;
}

/** One ALB's load in every quota dimension before and after the new scopes, beside its row of `placements`. */
export interface PlacementQuotaUsage {
    balancerName: string;
    usageBefore: Usage;
    usageAfter: Usage;
}

/** An ALB of the pool that takes no scopes whatever its load, and why. */
export interface SkippedBalancer {
    balancerName: string;
    reason: string;
}

/** What both commands' answers begin with: the verdict, and which pool was judged by which limits. */
export interface ReportHeader {
    status: PoolStatus;
    visibility: CandidatePool["visibility"];
    region: string;
    maxRules: number;
    expectedRules: number;
    /** The threshold per ALB in every dimension, resolved against `accountLimits`; absent without a quota check. */
    thresholds?: Usage;
    /** The account's per-ALB limits the thresholds were resolved against (DescribeAccountLimits, or AWS's defaults). */
    accountLimits?: Usage;
    /** What one new scope adds in every dimension when known apart from the ALB (a scope with no shape: rules and one target group). */
    adding?: Usage;
    /** The coordination namespace whose reservations, with the cluster's Ingresses, were counted; absent when none was given. */
    coordinationNamespace?: string;
}

/** The {@link ReportHeader} of a simulation. */
export function reportHeader(
    simulation: PlacementSimulation,
    pool: CandidatePool,
    limits: RuleLimits,
    region: string,
    coordinationNamespace?: string,
    accountLimits?: Usage,
): ReportHeader {
    return {
        status: simulation.status,
        visibility: pool.visibility,
        region,
        maxRules: limits.maxRules,
        expectedRules: limits.expectedRules,
        ...(limits.quotas !== undefined && {
            thresholds: limits.quotas.thresholds,
            ...(accountLimits !== undefined && { accountLimits }),
            adding: limits.quotas.adding(undefined),
        }),
        ...(coordinationNamespace !== undefined && { coordinationNamespace }),
    };
}

/** The answer of `scope-ingress place`, also its `--json` output. */
export interface PlacementPreview extends ReportHeader {
    /** Scopes asked for. */
    scopes: number;
    /** Every candidate that could take scopes, in pool order. */
    placements: BalancerPlacement[];
    skipped: SkippedBalancer[];
    placed: number;
    unplaced: number;
    /** Every placement's load in every quota dimension, in the order of `placements`; absent without a quota check. */
    quotaUsage?: PlacementQuotaUsage[];
}

/** Where `scopes` new scopes would go, per ALB, and how many would not fit. */
export function previewPlacements(
    pool: CandidatePool,
    measurements: readonly BalancerMeasurement[],
    limits: RuleLimits,
    scopes: number,
    region: string,
    coordinationNamespace?: string,
    quota: { held?: ReadonlyMap<string, Usage>; accountLimits?: Usage } = {},
): PlacementPreview {
    const simulation = simulatePlacements(pool, measurements, limits, scopes, quota.held);
    const taken = new Map<string, number>();
    for (const name of simulation.order) {
        taken.set(name, (taken.get(name) ?? 0) + 1);
    }
    const placements = simulation.seen
        .filter((c): c is CandidateLoad & { rules: number } => c.rules !== undefined)
        .map(c => {
            const placed = taken.get(c.name) ?? 0;
            return {
                balancerName: c.name,
                scopes: placed,
                rulesBefore: c.rules,
                rulesAfter: c.rules + placed * limits.expectedRules,
            };
        });
    return {
        ...reportHeader(simulation, pool, limits, region, coordinationNamespace, quota.accountLimits),
        scopes,
        placements,
        skipped: simulation.seen
            .filter(c => c.skipped !== undefined)
            .map(c => ({ balancerName: c.name, reason: c.skipped! })),
        placed: simulation.order.length,
        unplaced: simulation.unplaced,
        ...(limits.quotas !== undefined && {
            quotaUsage: simulation.seen
                .filter(c => c.rules !== undefined && c.usage !== undefined && c.adding !== undefined)
                .map(c => {
                    const placed = taken.get(c.name) ?? 0;
                    return {
                        balancerName: c.name,
                        usageBefore: c.usage!,
                        // What each scope adds, times the scopes: an over-count only for listeners and certificates
                        // that a first scope adds and later ones share (a CLI scope adds neither).
                        usageAfter: Object.fromEntries(
                            QUOTA_DIMENSIONS.map(d => [d, c.usage![d] + placed * c.adding![d]]),
                        ) as Usage,
                    };
                }),
        }),
    };
}
