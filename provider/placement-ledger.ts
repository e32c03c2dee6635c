import { BalancerMeasurement, MeasureOptions, measureBalancers } from "./balancer-measurement";
import type { CandidatePool } from "./candidate-pool";
import { Placement, choosePlacement } from "./placement";
import type { RuleLimits } from "./rule-limits";

/** Options of a {@link PlacementLedger}. */
export interface LedgerOptions {
    /** How long a pool measurement is reused, in seconds. Default 60. */
    measurementTtlSeconds?: number;
    /** The clock, for tests. Default `Date.now`. */
    now?: () => number;
}

/**
 * What one process knows about the load of its pools: one shared measurement per pool (concurrent
 * callers wait for the same one, reused while fresh) plus the rules promised to scopes in this process
 * but not yet visible in AWS (the Load Balancer Controller adds them later). Choosing and reserving
 * happen in one synchronous step, so N scopes placed at once land exactly as if placed one by one.
 */
export class PlacementLedger {
    private readonly reserved = new Map<string, number>();
    private readonly measurements = new Map<string, { takenAt: number; result: Promise<BalancerMeasurement[]> }>();
    private readonly ttlMs: number;
    private readonly now: () => number;

    constructor(options: LedgerOptions = {}) {
        this.ttlMs = (options.measurementTtlSeconds ?? 60) * 1000;
        this.now = options.now ?? Date.now;
    }

    /**
     * Measures `names`, or returns the measurement of the same ALBs taken (or being taken) less than the
     * TTL ago. A measurement with a failure other than "not found" is forgotten once it arrives, so the
     * next caller tries again.
     */
    measure(names: readonly string[], options: MeasureOptions = {}): Promise<BalancerMeasurement[]> {
        const key = JSON.stringify([options.region, options.assumeMissingInFlight ?? false, options.pageSize, names]);
        const cached = this.measurements.get(key);
        if (cached && this.now() - cached.takenAt < this.ttlMs) {
            return cached.result;
        }
        const result = measureBalancers(names, options);
        const taken = { takenAt: this.now(), result };
        this.measurements.set(key, taken);
        // A transient failure (throttling, timeout, access) is shared with the callers already waiting but
        // not kept: the next caller measures again instead of placing blind for a whole TTL.
        const forget = () => this.measurements.get(key) === taken && this.measurements.delete(key);
        result.then(ms => ms.some(m => m.kind === "failed" && !m.notFound) && forget(), forget);
        return result;
    }

    /** Rules reserved on `balancerName` in this process. */
    reservedOn(balancerName: string): number {
        return this.reserved.get(balancerName) ?? 0;
    }

    /** Chooses against `measurements` plus every reservation, then reserves `expectedRules` on the choice. */
    place(pool: CandidatePool, measurements: readonly BalancerMeasurement[], limits: RuleLimits): Placement {
        const placement = choosePlacement(pool, measurements, limits, name => this.reservedOn(name));
        this.record(placement.balancerName, limits.expectedRules);
        return placement;
    }

    /** Counts rules placed without a choice (adoption, pinning) against `balancerName`. */
    record(balancerName: string, rules: number): void {
        this.reserved.set(balancerName, this.reservedOn(balancerName) + rules);
    }

    /**
     * Gives back the rules of a scope deleted in this process. The measurement still counts a scope that
     * existed before it, so subtracting from the reservations keeps the sum right; never below zero.
     */
    release(balancerName: string, rules: number): void {
        this.reserved.set(balancerName, Math.max(0, this.reservedOn(balancerName) - rules));
    }
}
