/** One pool measurement shared by every placement of a process while it is fresh, so a deployment measures once per TTL. */
import type { BalancerMeasurement } from "../core/balancer-load";
import { AccountLimitsReading, readAccountLimits } from "./account-limits";
import type { AwsCallOptions } from "./aws-clients";
import { MeasureOptions, measureBalancers } from "./balancer-measurement";
import { CertificateCatalogReading, readCertificateCatalog } from "./certificate-catalog";

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
    private readonly limits = new Map<string, { takenAt: number; result: Promise<AccountLimitsReading> }>();
    private readonly catalogs = new Map<string, { takenAt: number; result: Promise<CertificateCatalogReading> }>();
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

    /**
     * The account's per-ALB limits in `options.region`, read once per TTL (DescribeAccountLimits). A reading that fell
     * back to the defaults for a reason that may pass (throttling) is not kept, so the next caller asks again; a refusal
     * by IAM is kept for the TTL, so a deployment of many scopes does not ask once per scope.
     */
    accountLimits(options: AwsCallOptions = {}): Promise<AccountLimitsReading> {
        return this.reuse(this.limits, options, readAccountLimits, r => r.transient === true);
    }

    /** The region's ISSUED ACM certificates, read once per TTL; a reading that failed for a reason that may pass is not kept. */
    certificates(options: AwsCallOptions = {}): Promise<CertificateCatalogReading> {
        return this.reuse(this.catalogs, options, readCertificateCatalog, r => r.transient === true);
    }

    private reuse<T>(
        store: Map<string, { takenAt: number; result: Promise<T> }>,
        options: AwsCallOptions,
        read: (options: AwsCallOptions) => Promise<T>,
        failed: (reading: T) => boolean,
    ): Promise<T> {
        const key = JSON.stringify([options.region]);
        const cached = store.get(key);
        if (cached && Date.now() - cached.takenAt < this.ttlMs) {
            return cached.result;
        }
        const taken = { takenAt: Date.now(), result: read(options) };
        store.set(key, taken);
        const forget = () => store.get(key) === taken && store.delete(key);
        taken.result.then(r => failed(r) && forget(), forget);
        return taken.result;
    }
}
