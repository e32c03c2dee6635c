/**
 * The one seam of the growth check, in every quota dimension: measure an ALB's usage, estimate a scope's growth,
 * and the thresholds per dimension. The growth rule (core/scope-growth.ts) and the check's lifecycle
 * (provider/scope-capacity-check.ts) only call these three functions.
 *
 * What each answers:
 * - {@link measureBalancerUsage}: the ALB's rules, target groups, certificates and listeners in AWS (the pool
 *   measurement, core/balancer-usage.ts), and with coordination what the cluster's Ingresses and reservations add
 *   (`usageIn`, core/cluster-load.ts), as placement counts it.
 * - {@link estimateScopeGrowth}: rules, target groups and listeners from the program's estimate; certificates from
 *   {@link certificateGrowth}, what the added hostnames bring that the ALB does not carry yet.
 * - {@link usageThresholds}: each threshold resolved against the account's limits (`DescribeAccountLimits`), as
 *   placement resolves them, so a share such as `"75%"` follows a raised quota.
 */
import type { CapacityCheckInputs } from "../core/capacity-check-contract";
import { carriedListeners, measuredUsage } from "../core/balancer-usage";
import type { MeasuredBalancer } from "../core/balancer-load";
import { ClusterView, usageIn } from "../core/cluster-load";
import type { Usage } from "../core/quota-dimensions";
import { DEFAULT_THRESHOLDS, resolveThresholds } from "../core/quota-thresholds";
import { usageGrowth } from "../core/scope-growth";
import { estimateScopeUsage } from "../core/scope-usage-estimate";
import { coordinationAccess, readCluster } from "./cluster-load-reading";
import { processState } from "./process-ledger";

/** An ALB's usage and where it was read from (shown in a refusal). */
export interface BalancerUsageReading {
    usage: Usage;
    /** E.g. "AWS and the cluster's Ingresses and reservations". */
    measuredFrom: string;
}

/** Where the ALB is, and whether the cluster's view counts too. */
export type BalancerUsageRequest = Pick<CapacityCheckInputs, "region" | "balancerName" | "coordinationNamespace">;

/**
 * What the scope's ALB carries now, in every dimension: AWS's count (through this process's measurement cache, so
 * a deployment measures an ALB once per TTL), combined with the cluster's Ingresses and unexpired reservations of
 * the ALB's group when `coordinationNamespace` is set, by the same rule placement uses (`combineLoad`). The scope's
 * own Ingress is in that load once, with its current spec: the growth is what is added on top. An ALB that cannot
 * be measured fails the check: growth is never let through blind.
 */
export async function measureBalancerUsage(request: BalancerUsageRequest): Promise<BalancerUsageReading> {
    const { region, balancerName, coordinationNamespace } = request;
    const m = await measuredBalancer(region, balancerName);
    const usage = measuredUsage(m);
    if (coordinationNamespace === undefined) {
        return { usage, measuredFrom: "AWS" };
    }
    const catalog = (await processState(region).measurements.certificates({ region })).certificates;
    let view: ClusterView;
    try {
        const access = await coordinationAccess(coordinationNamespace);
        view = (await readCluster(access, coordinationNamespace, region)).view;
    } catch (err) {
        // The cluster's error names the context, the server, what was refused and the fix; its last sentence is about
        // placement, so it is replaced by what it means here.
        const cause = (err as Error).message.replace(/ The scope was not placed:.*$/s, "");
        throw new Error(
            `The growth of this scope on its ALB "${balancerName}" could not be checked against the cluster: ${cause} ` +
                "The Ingress was not changed: with coordinationNamespace set, a growth never goes ahead without the cluster's view.",
            { cause: err },
        );
    }
    return {
        usage: usageIn(view, balancerName, m, Date.now(), catalog).usage,
        measuredFrom: `AWS and the cluster's Ingresses and reservations (coordinationNamespace "${coordinationNamespace}")`,
    };
}

/** ALB `balancerName` as this process's measurement cache has it; one that cannot be measured fails the check. */
async function measuredBalancer(region: string, balancerName: string): Promise<MeasuredBalancer> {
    const [m] = await processState(region).measurements.measure([balancerName], { region });
    if (m.kind !== "measured") {
        throw new Error(
            `The growth of this scope could not be checked: its ALB "${balancerName}" (${region}) could not be measured: ` +
                `${m.kind === "failed" ? m.error : "it does not exist yet"}. Run the deployment again once the ALB can be described ` +
                "(elasticloadbalancing:DescribeLoadBalancers, DescribeListeners, DescribeRules, DescribeTags), or move the scope with " +
                "pinnedBalancer. The Ingress was not changed.",
        );
    }
    return m;
}

/**
 * What the scope adds to its ALB going from `before` (as last checked) to `after`: `max(0, after − before)` per
 * dimension of the program's estimate, and in certificates at least what {@link certificateGrowth} says.
 */
export async function estimateScopeGrowth(before: CapacityCheckInputs, after: CapacityCheckInputs): Promise<Usage> {
    const growth = usageGrowth(before.usage, after.usage);
    return { ...growth, certificates: Math.max(growth.certificates, await certificateGrowth(before, after)) };
}

/**
 * Certificates the ALB must newly carry for the hostnames `after` adds over `before`, on each of its HTTPS
 * listeners: those the controller would discover in ACM for them (every ISSUED match, wildcards one level deep) that
 * the listener does not carry yet, so a host an attached wildcard covers costs nothing (see `estimateScopeUsage`).
 * Without ACM each added host counts as one certificate. No added host: 0, and nothing is read.
 */
export async function certificateGrowth(before: CapacityCheckInputs, after: CapacityCheckInputs): Promise<number> {
    const added = after.hosts.filter(host => !before.hosts.includes(host));
    if (added.length === 0) {
        return 0;
    }
    const cache = processState(after.region).measurements;
    const [m, catalog] = await Promise.all([
        measuredBalancer(after.region, after.balancerName),
        cache.certificates({ region: after.region }),
    ]);
    const httpsListeners = m.listeners.flatMap(l =>
        l.protocol === "HTTPS" && l.port !== undefined ? [{ protocol: "HTTPS" as const, port: l.port }] : [],
    );
    return estimateScopeUsage(
        { hosts: added, pathCount: 0, servicePorts: 0, listenPorts: httpsListeners },
        carriedListeners(m),
        catalog.certificates,
    ).usage.certificates;
}

/** The threshold of each dimension, resolved against the account's limits (read once per TTL in this process). */
export async function usageThresholds(inputs: CapacityCheckInputs): Promise<Usage> {
    const { limits } = await processState(inputs.region).measurements.accountLimits({ region: inputs.region });
    return resolveThresholds(
        {
            rules: inputs.maxRules,
            targetGroups: inputs.maxTargetGroups ?? DEFAULT_THRESHOLDS.targetGroups,
            certificates: inputs.maxCertificates ?? DEFAULT_THRESHOLDS.certificates,
            listeners: inputs.maxListeners ?? DEFAULT_THRESHOLDS.listeners,
        },
        limits,
    );
}
