/** What `scope-ingress rebalance` plans from: each ALB's load and thresholds, and the scopes on it, read from AWS and the cluster. */
import type * as k8s from "@kubernetes/client-node";
import { ALB_ANNOTATIONS } from "../core/alb-annotations";
import type { BalancerMeasurement, MeasuredBalancer } from "../core/balancer-load";
import { stateUnavailability } from "../core/balancer-state";
import type { CandidatePool } from "../core/candidate-pool";
import { ClusterView, clusterViewOf, loadIn } from "../core/cluster-load";
import { ClusterIngress, estimateIngressRules, ingressGroup } from "../core/ingress-rule-estimate";
import { ineligibility } from "../core/placement";
import { DEFAULT_ACCOUNT_LIMITS, Usage } from "../core/quota-dimensions";
import type { RebalanceBalancer, RebalanceScope } from "../core/rebalance-plan";
import { coordinationAccess, readCluster, readClusterIngresses } from "../provider/cluster-load-reading";
import { KubernetesAccess, kubernetesAccess, kubernetesErrorText, withDeadline } from "../provider/kubernetes-access";

/** A pool ALB that takes no part in the plan, and why. */
export interface LeftOutBalancer {
    name: string;
    /** Why: its measurement failed, or it may take no scope (scheme, group, type, state). */
    reason: string;
}

/** The planner's input as read, and the ALBs left out of it. */
export interface RebalanceInputs {
    /** The ALBs that take part, in pool order, with their load and thresholds. */
    balancers: RebalanceBalancer[];
    /** The scope Ingresses on those ALBs, with their usage. */
    scopes: RebalanceScope[];
    /** The pool's other ALBs, with why each is left out. */
    leftOut: LeftOutBalancer[];
}

/**
 * Lists every Ingress of the cluster (the kubeconfig's current context, all namespaces) and, with a coordination
 * namespace, its reservation ConfigMaps of `region`, with the provider's reader; a failure is one line naming the
 * context, the server and the fix.
 */
export async function readClusterForRebalance(
    namespace: string | undefined,
    region: string,
): Promise<ClusterView & { ingresses: ClusterIngress[] }> {
    if (namespace !== undefined) {
        // The provider's own reader and messages, reservations included.
        const access = await coordinationAccess(namespace);
        const ingresses = await readClusterIngresses(access, namespace);
        return { ...(await readCluster(access, namespace, region, ingresses)).view, ingresses };
    }
    let access: KubernetesAccess | undefined;
    try {
        access = await kubernetesAccess();
        const ingresses: k8s.V1Ingress[] = [];
        let next: string | undefined;
        do {
            const page = await withDeadline(
                access.networking.listIngressForAllNamespaces({ limit: 500, _continue: next }),
            );
            ingresses.push(...page.items);
            next = page.metadata?._continue || undefined;
        } while (next !== undefined);
        return { ...clusterViewOf(ingresses, []), ingresses };
    } catch (err) {
        throw new Error(
            `rebalance reads which scopes sit on which ALB from the cluster's Ingresses, and listing them through ` +
                `kubeconfig context "${access?.context ?? "(none)"}" failed: ${kubernetesErrorText(err, access?.server ?? "(no kubeconfig)")}. ` +
                "Point KUBECONFIG (or the current context of ~/.kube/config) at the pool's cluster and grant list on ingresses in every namespace (a ClusterRole).",
            { cause: err },
        );
    }
}

/**
 * The planner's input: every measured ALB of the pool that can take scopes (an active ALB of the pool's scheme
 * and group; the drained ALB whatever its state), with its load, and the scopes on it. A scope is an Ingress as
 * ScopeIngress writes it: `load-balancer-name` and `group.name` both the ALB's name, not being deleted; it moves
 * by its `pinnedBalancer`. Any other Ingress of the group stays where it is and counts in the ALB's load.
 */
export function rebalanceInputs(
    pool: CandidatePool,
    measurements: readonly BalancerMeasurement[],
    cluster: ClusterView & { ingresses: readonly ClusterIngress[] },
    maxRules: number,
    drain: string | undefined,
): RebalanceInputs {
    const byName = new Map(measurements.map(m => [m.name, m]));
    const leftOut: LeftOutBalancer[] = [];
    const taking: MeasuredBalancer[] = [];
    for (const name of pool.candidates) {
        const m = byName.get(name);
        if (m?.kind !== "measured") {
            leftOut.push({ name, reason: m?.kind === "failed" ? m.error : "it was not measured" });
            continue;
        }
        const refused = ineligibility(m, pool.visibility) ?? (name === drain ? undefined : stateUnavailability(m));
        if (refused === undefined) {
            taking.push(m);
        } else {
            leftOut.push({ name, reason: refused });
        }
    }
    const now = Date.now();
    const grouped = new Map<string, ClusterIngress[]>();
    for (const ingress of cluster.ingresses) {
        const group = ingressGroup(ingress);
        if (group !== undefined && !ingress.metadata?.deletionTimestamp) {
            grouped.set(group, [...(grouped.get(group) ?? []), ingress]);
        }
    }
    const balancers: RebalanceBalancer[] = [];
    const scopes: RebalanceScope[] = [];
    for (const m of taking) {
        const group = grouped.get(m.name) ?? [];
        const usage = usageToday(m, loadIn(cluster, m.name, m.rules, now).rules, group, maxRules);
        balancers.push({ name: m.name, load: usage.load, threshold: usage.threshold });
        group.forEach((ingress, i) => {
            if (ingress.metadata?.annotations?.[ALB_ANNOTATIONS.loadBalancerName] === m.name) {
                scopes.push({
                    namespace: ingress.metadata?.namespace ?? "",
                    name: ingress.metadata?.name ?? "",
                    hostnames: [...new Set((ingress.spec?.rules ?? []).flatMap(r => (r.host ? [r.host] : [])))],
                    balancer: m.name,
                    usage: usage.scopes[i],
                });
            }
        });
    }
    return { balancers, scopes, leftOut };
}

/**
 * THE ONE PLACE the rebalance's usage in every dimension comes from, until the per-dimension measurement (target
 * groups, certificates and listeners measured per ALB, estimated per Ingress, thresholds per dimension) replaces
 * it. What it measures today, for ALB `m` and the Ingresses of its group (`group`):
 * - rules: the ALB's combined load as `capacity` counts it (`combinedRules`), threshold `--max-rules`; each
 *   Ingress as the provider estimates it (`estimateIngressRules`).
 * - target groups: estimated from the cluster, one per distinct backend Service port of an Ingress (the
 *   controller builds one target group per backend service port; an `use-annotation` action is none); the ALB
 *   carries the sum over its group's Ingresses; threshold the AWS quota (100, not raisable).
 * - certificates: not measured yet, 0; threshold the AWS default quota (25).
 * - listeners: the ALB's listeners as AWS describes them; a scope adds none (it shares the pool's listen
 *   ports); threshold the AWS quota (50).
 * Returns the ALB's load and threshold and each Ingress's usage, in `group`'s order.
 */
export function usageToday(
    m: MeasuredBalancer,
    combinedRules: number,
    group: readonly ClusterIngress[],
    maxRules: number,
): { load: Usage; threshold: Usage; scopes: Usage[] } {
    const scopes = group.map(ingress => ({
        rules: estimateIngressRules(ingress),
        targetGroups: backendServicePorts(ingress).size,
        certificates: 0,
        listeners: 0,
    }));
    return {
        load: {
            rules: combinedRules,
            targetGroups: scopes.reduce((sum, s) => sum + s.targetGroups, 0),
            certificates: 0,
            listeners: m.listeners.length,
        },
        threshold: { ...DEFAULT_ACCOUNT_LIMITS, rules: maxRules },
        scopes,
    };
}

/** The Ingress's distinct backend Service ports (`service:port`), default backend included, actions left out. */
function backendServicePorts(ingress: ClusterIngress): Set<string> {
    type Backend = { service?: { name?: string; port?: { name?: string; number?: number } } };
    const spec = ingress.spec as
        { defaultBackend?: Backend; rules?: { http?: { paths?: { backend?: Backend }[] } }[] } | undefined;
    const backends = [
        spec?.defaultBackend,
        ...(spec?.rules ?? []).flatMap(r => (r.http?.paths ?? []).map(p => p.backend)),
    ];
    const ports = new Set<string>();
    for (const backend of backends) {
        const service = backend?.service;
        const port = service?.port?.number ?? service?.port?.name;
        if (service?.name !== undefined && port !== undefined && port !== "use-annotation") {
            ports.add(`${service.name}:${port}`);
        }
    }
    return ports;
}
