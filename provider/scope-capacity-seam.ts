/**
 * The one seam of the growth check, in every quota dimension: measure an ALB's usage, estimate a scope's growth,
 * and the thresholds per dimension. The growth rule (core/scope-growth.ts) and the check's lifecycle
 * (provider/scope-capacity-check.ts) only call these three functions, so a fuller measurement, certificate
 * estimate or threshold policy is wired in here and nowhere else.
 *
 * What each answers today:
 * - {@link measureBalancerUsage}: rules and listeners from the pool measurement (provider/balancer-measurement.ts),
 *   and with coordination the rules the cluster's Ingresses and reservations add (core/cluster-load.ts). Target
 *   groups and certificates read 0: nothing measures them yet.
 * - {@link estimateScopeGrowth}: rules, target groups and listeners from the program's estimate
 *   (core/scope-usage-estimate.ts); certificates from {@link certificateGrowth}, 0 today.
 * - {@link usageThresholds}: `maxRules` for rules; 75% of the AWS default quota for the others (the same 25% headroom).
 */
import type { CapacityCheckInputs } from "../core/capacity-check-contract";
import { ClusterView, loadIn } from "../core/cluster-load";
import { DEFAULT_ACCOUNT_LIMITS, Usage } from "../core/quota-dimensions";
import { usageGrowth } from "../core/scope-growth";
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
    const [m] = await processState(region).measurements.measure([balancerName], { region });
    if (m.kind !== "measured") {
        throw new Error(
            `The growth of this scope could not be checked: its ALB "${balancerName}" (${region}) could not be measured: ` +
                `${m.kind === "failed" ? m.error : "it does not exist yet"}. Run the deployment again once the ALB can be described ` +
                "(elasticloadbalancing:DescribeLoadBalancers, DescribeListeners, DescribeRules, DescribeTags), or move the scope with " +
                "pinnedBalancer. The Ingress was not changed.",
        );
    }
    const usage: Usage = { rules: m.rules, targetGroups: 0, certificates: 0, listeners: m.listeners.length };
    if (coordinationNamespace === undefined) {
        return { usage, measuredFrom: "AWS" };
    }
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
        usage: { ...usage, rules: loadIn(view, balancerName, m.rules, Date.now()).rules },
        measuredFrom: `AWS and the cluster's Ingresses and reservations (coordinationNamespace "${coordinationNamespace}")`,
    };
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
 * Certificates the ALB must newly carry for the hosts `after` adds over `before`: the controller discovers one in
 * ACM per host unless a certificate already attached covers it (a wildcard costs nothing more). Needs ACM and the
 * ALB's listener certificates; 0 until that estimate is wired in here.
 */
export async function certificateGrowth(_before: CapacityCheckInputs, _after: CapacityCheckInputs): Promise<number> {
    return 0;
}

/** The threshold of each dimension: `maxRules` for rules, 75% of the AWS default quota for the others. */
export async function usageThresholds(inputs: CapacityCheckInputs): Promise<Usage> {
    const headroom = (limit: number) => Math.floor(limit * 0.75);
    return {
        rules: inputs.maxRules,
        targetGroups: headroom(DEFAULT_ACCOUNT_LIMITS.targetGroups),
        certificates: headroom(DEFAULT_ACCOUNT_LIMITS.certificates),
        listeners: headroom(DEFAULT_ACCOUNT_LIMITS.listeners),
    };
}
