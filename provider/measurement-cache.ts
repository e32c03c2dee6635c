/** One pool measurement shared by every placement of a process while it is fresh, so a deployment measures once per TTL. */
import type { BalancerMeasurement } from "../core/balancer-load";
import { MeasureOptions, measureBalancers } from "./balancer-measurement";

/** Options of a {@link MeasurementCache}. */
export interface MeasurementCacheOptions {
    /** How long a pool measurement is reused, in seconds. Default 60. */
    measurementTtlSeconds?: number;
}

/**
 * One shared measurement per pool: concurrent callers wait for the same one, and later ones reuse it while
 * it is fresh.
 */
export class MeasurementCache {
    private readonly measurements = new Map<string, { takenAt: number; result: Promise<BalancerMeasurement[]> }>();
    private readonly ttlMs: number;

    constructor(options: MeasurementCacheOptions = {}) {
        this.ttlMs = (options.measurementTtlSeconds ?? 60) * 1000;
    }

    /**
     * Measures `names`, or returns the measurement of the same ALBs taken (or being taken) less than the
     * TTL ago. A measurement with a failure other than "not found" is forgotten once it arrives, so the
     * next caller tries again.
     */
    measure(names: readonly string[], options: MeasureOptions = {}): Promise<BalancerMeasurement[]> {
        const key = JSON.stringify([options.region, options.assumeMissingInFlight ?? false, options.pageSize, names]);
        const cached = this.measurements.get(key);
        if (cached && Date.now() - cached.takenAt < this.ttlMs) {
            return cached.result;
        }
        const result = measureBalancers(names, options);
        const taken = { takenAt: Date.now(), result };
        this.measurements.set(key, taken);
        // A transient failure (throttling, timeout, access) is shared with the callers already waiting but
        // not kept: the next caller measures again instead of placing blind for a whole TTL.
        const forget = () => this.measurements.get(key) === taken && this.measurements.delete(key);
        result.then(ms => ms.some(m => m.kind === "failed" && !m.notFound) && forget(), forget);
        return result;
    }

    /** Drops every measurement that includes ALB `name`: it changed (a grown member turned active), and the next placement must see it. */
    forget(name: string): void {
        for (const key of [...this.measurements.keys()]) {
            const names = (JSON.parse(key) as [unknown, unknown, unknown, string[]])[3];
            if (names.includes(name)) {
                this.measurements.delete(key);
            }
        }
    }
}
