/**
 * Measures what placement needs for every quota, in the same three rounds as the pool measurement: the ALBs, the
 * account's limits (DescribeAccountLimits) and, when needed, ACM's certificates, all started together.
 */
import type { BalancerMeasurement } from "../core/balancer-load";
import { measuredUsage } from "../core/balancer-usage";
import type { Usage } from "../core/quota-dimensions";
import type { AccountLimitsReading } from "./account-limits";
import type { MeasureOptions } from "./balancer-measurement";
import type { CertificateCatalogReading } from "./certificate-catalog";
import { MeasurementCache } from "./measurement-cache";

/** A pool measured for every quota. */
export interface PoolQuotaMeasurement {
    measurements: BalancerMeasurement[];
    accountLimits: AccountLimitsReading;
    /** Empty (no certificates, no warning) when not asked for. */
    catalog: CertificateCatalogReading;
}

/**
 * Measures `names` and reads the account's limits and (with `withCatalog`) ACM's certificates, all started at once,
 * so the whole still takes the measurement's three dependent rounds. `cache` shares each per TTL (default: a fresh one).
 */
export async function measurePoolQuotas(
    names: readonly string[],
    options: MeasureOptions = {},
    cache: MeasurementCache = new MeasurementCache(),
    withCatalog = false,
): Promise<PoolQuotaMeasurement> {
    const aws = {
        region: options.region,
        maxAttempts: options.maxAttempts,
        requestTimeoutMs: options.requestTimeoutMs,
    };
    const [measurements, accountLimits, catalog] = await Promise.all([
        cache.measure(names, options),
        cache.accountLimits(aws),
        withCatalog ? cache.certificates(aws) : Promise.resolve({}),
    ]);
    return { measurements, accountLimits, catalog };
}

/** One ALB's usage in every dimension as AWS counts it, with the account's limits. */
export interface BalancerUsageMeasurement {
    measurement: BalancerMeasurement;
    /** What AWS counts on it (nothing when it could not be measured: see `measurement`). */
    usage: Usage;
    /** The account's per-ALB limits (the AWS defaults when they could not be read: see `limitsWarning`). */
    limits: Usage;
    limitsWarning?: string;
}

/**
 * Measures ALB `name` in every dimension and reads the account's limits, in three rounds: for anything that checks
 * one ALB (a scope that grows on its ALB, a report). `cache` shares the readings per TTL (default: a fresh one).
 */
export async function measureBalancerUsage(
    name: string,
    options: MeasureOptions = {},
    cache: MeasurementCache = new MeasurementCache(),
): Promise<BalancerUsageMeasurement> {
    const { measurements, accountLimits } = await measurePoolQuotas([name], options, cache);
    const [measurement] = measurements;
    return {
        measurement,
        usage: measuredUsage(measurement),
        limits: accountLimits.limits,
        ...(accountLimits.warning !== undefined && { limitsWarning: accountLimits.warning }),
    };
}
