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
): PlacementSimulation {
    const ledger = new PlacementLedger();
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
): ReportHeader {
    return {
        status: simulation.status,
        visibility: pool.visibility,
        region,
        maxRules: limits.maxRules,
        expectedRules: limits.expectedRules,
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
}

/** Where `scopes` new scopes would go, per ALB, and how many would not fit. */
export function previewPlacements(
    pool: CandidatePool,
    measurements: readonly BalancerMeasurement[],
    limits: RuleLimits,
    scopes: number,
    region: string,
    coordinationNamespace?: string,
): PlacementPreview {
    const simulation = simulatePlacements(pool, measurements, limits, scopes);
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
        ...reportHeader(simulation, pool, limits, region, coordinationNamespace),
        scopes,
        placements,
        skipped: simulation.seen
            .filter(c => c.skipped !== undefined)
            .map(c => ({ balancerName: c.name, reason: c.skipped! })),
        placed: simulation.order.length,
        unplaced: simulation.unplaced,
    };
}
