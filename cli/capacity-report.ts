/** `scope-ingress capacity`: the report of a pool's load, per ALB, as data. */
import type { BalancerMeasurement } from "../core/balancer-load";
import type { CandidatePool } from "../core/candidate-pool";
import { CandidateLoad, hasRoom } from "../core/placement";
import type { QuotaDimension, Usage } from "../core/quota-dimensions";
import type { RuleLimits } from "../core/rule-limits";
import type { LoadBreakdown } from "./coordinated-load";
import { ReportHeader, reportHeader, simulatePlacements } from "./placement-preview";

/** Non-default rules on one listener of an ALB. */
export interface ListenerReport {
    port: number | null;
    protocol: string | null;
    rules: number;
}

/** One ALB of the pool: its load, its room, and whether the next scope goes there. */
export interface BalancerReport {
    name: string;
    /** True when it was described, false when AWS says it does not exist, null when that is unknown (an error). */
    found: boolean | null;
    /** Its AWS state code (`active`, `provisioning`, ...), null when not described. */
    state: string | null;
    /** `internet-facing` or `internal`, null when not described. */
    scheme: string | null;
    dnsName: string | null;
    /**
     * The load placement counts, null when not measured: non-default rules over all its listeners (what the AWS
     * quota counts) or, with a coordination namespace, the combined load `awsRules`/`clusterRules`/`reservedRules`.
     */
    rules: number | null;
    /** With a coordination namespace: the rules AWS counts (the sum of `listeners`). */
    awsRules?: number;
    /** With a coordination namespace: the rules the cluster's Ingresses of its group ask for, reconciled or not, estimated as the controller builds them. */
    clusterRules?: number;
    /** With a coordination namespace: rules of unexpired reservations whose Ingress the cluster does not show yet. */
    reservedRules?: number;
    listeners: ListenerReport[];
    maxRules: number;
    /** `maxRules - rules`: negative when it is already over the threshold; null when not measured. */
    room: number | null;
    /** True when one more scope fits (in every dimension, with a quota check) and the policy considers it. */
    fits: boolean;
    /** True for the ALB the next scope would go to. */
    next: boolean;
    /** Why it could not be measured. */
    error?: string;
    /** Why the placement policy would not consider it (its measurement failed, or its scheme differs). */
    skipped?: string;
}

/** One ALB's load in every quota dimension, beside its row of `balancers`. */
export interface BalancerQuotaUsage {
    name: string;
    /** Its load as placement counts it (AWS's, plus what the cluster adds with a coordination namespace); null when not measured. */
    usage: Usage | null;
    /** The dimensions in which one more scope would pass the threshold; empty when it fits. */
    blocking: QuotaDimension[];
}

/** The answer of `scope-ingress capacity`, also its `--json` output. */
export interface CapacityReport extends ReportHeader {
    /** Every candidate's load in every quota dimension, in pool order (see `thresholds`, `accountLimits`). */
    quotaUsage?: BalancerQuotaUsage[];
    /** The ALB the next scope would go to, null when none has room or none could be measured. */
    next: string | null;
    /** Every candidate, in pool order (the base first). */
    balancers: BalancerReport[];
}

/**
 * Reports a pool's load against its limits, with the next scope's ALB chosen by the same ledger
 * placement the provider uses. Pure: measuring is the caller's job.
 */
export function buildCapacityReport(
    pool: CandidatePool,
    measurements: readonly BalancerMeasurement[],
    limits: RuleLimits,
    region: string,
    coordination?: { namespace: string; breakdown: LoadBreakdown },
    quota: { held?: ReadonlyMap<string, Usage>; accountLimits?: Usage } = {},
): CapacityReport {
    const simulation = simulatePlacements(pool, measurements, limits, 1, quota.held);
    const next = simulation.order[0] ?? null;
    const byName = new Map(measurements.map(m => [m.name, m]));
    const seen = new Map(simulation.seen.map(c => [c.name, c]));
    return {
        ...reportHeader(simulation, pool, limits, region, coordination?.namespace, quota.accountLimits),
        ...(limits.quotas !== undefined && {
            quotaUsage: pool.candidates.map(name => ({
                name,
                usage: seen.get(name)?.usage ?? null,
                blocking: seen.get(name)?.blocking ?? [],
            })),
        }),
        next,
        balancers: pool.candidates.map(name => {
            const report = balancerReport(name, byName.get(name), seen.get(name), limits, name === next);
            const load = coordination?.breakdown.get(name);
            return load === undefined
                ? report
                : {
                      ...report,
                      awsRules: load.measured,
                      clusterRules: load.ingresses + load.unreconciled,
                      reservedRules: load.pending,
                  };
        }),
    };
}

function balancerReport(
    name: string,
    m: BalancerMeasurement | undefined,
    load: CandidateLoad | undefined,
    limits: RuleLimits,
    next: boolean,
): BalancerReport {
    const measured = m?.kind === "measured" ? m : undefined;
    const rules = m === undefined || m.kind === "failed" ? null : m.rules;
    const report: BalancerReport = {
        name,
        found:
            m === undefined ? null : m.kind === "measured" ? true : m.kind === "failed" && !m.notFound ? null : false,
        state: measured?.state ?? null,
        scheme: measured?.scheme ?? null,
        dnsName: measured?.dnsName ?? null,
        rules,
        listeners: (measured?.listeners ?? []).map(l => ({
            port: l.port ?? null,
            protocol: l.protocol ?? null,
            rules: l.rules,
        })),
        maxRules: limits.maxRules,
        room: rules === null ? null : limits.maxRules - rules,
        fits:
            load?.rules !== undefined &&
            (load.blocking !== undefined ? load.blocking.length === 0 : hasRoom(load.rules, limits)),
        next,
    };
    if (m?.kind === "failed") {
        report.error = m.error;
    }
    if (load?.skipped !== undefined) {
        report.skipped = load.skipped;
    }
    return report;
}
