/** What `scope-ingress rebalance` plans from: each ALB's load and thresholds, and the scopes on it, read from AWS and the cluster. */
import type * as k8s from "@kubernetes/client-node";
import { ALB_ANNOTATIONS } from "../core/alb-annotations";
import type { BalancerMeasurement, MeasuredBalancer } from "../core/balancer-load";
import { stateUnavailability } from "../core/balancer-state";
import { carriedListeners } from "../core/balancer-usage";
import type { CandidatePool } from "../core/candidate-pool";
import type { CatalogCertificate } from "../core/certificate-matching";
import { ClusterView, clusterViewOf, usageIn } from "../core/cluster-load";
import { ClusterIngress, ingressGroup } from "../core/ingress-rule-estimate";
import { estimateIngressUsage, ingressShape } from "../core/ingress-usage-estimate";
import { ineligibility } from "../core/placement";
import { needsCertificateCatalog } from "../core/quota-check";
import { QUOTA_DIMENSIONS, Usage } from "../core/quota-dimensions";
import type { CarriedListener } from "../core/scope-usage-estimate";
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
    /** Set when ACM was not read and some scope discovers its certificates there: each of its hosts counted as one. */
    certificatesAssumed?: true;
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
 *
 * Every dimension is judged as placement and `capacity` judge it: an ALB's load is what AWS measured combined
 * with the cluster (`usageIn`: its group's Ingresses, reconciled or not, and the reservations in `cluster`), with
 * `catalog` the account's ACM certificates (undefined when ACM could not be read: each host is then one
 * certificate); every ALB's threshold is `threshold` (the flags resolved against the account's limits); a scope
 * costs what its Ingress adds to an ALB, estimated as the cluster's pending Ingresses are
 * ({@link estimateIngressUsage}) against the listeners and certificates {@link carriedByEvery} ALB it could move
 * to carries, so that whichever it moves to, the estimate never under-counts what it adds there. An ALB's load is
 * at least the sum of its scopes' usage in every dimension, since the planner takes a leaving scope's usage off it.
 */
export function rebalanceInputs(
    pool: CandidatePool,
    measurements: readonly BalancerMeasurement[],
    cluster: ClusterView & { ingresses: readonly ClusterIngress[] },
    threshold: Usage,
    drain: string | undefined,
    catalog?: readonly CatalogCertificate[],
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
    const balancers: RebalanceBalancer[] = [];
    const scopes: RebalanceScope[] = [];
    let certificatesAssumed = false;
    for (const m of taking) {
        // Where its scopes may go: every other ALB taking part, never the one being drained.
        const carried = carriedByEvery(taking.filter(t => t.name !== m.name && t.name !== drain));
        const first = scopes.length;
        for (const ingress of cluster.ingresses) {
            const annotations = ingress.metadata?.annotations ?? {};
            if (
                ingressGroup(ingress) === m.name &&
                annotations[ALB_ANNOTATIONS.loadBalancerName] === m.name &&
                !ingress.metadata?.deletionTimestamp
            ) {
                certificatesAssumed ||= catalog === undefined && needsCertificateCatalog(ingressShape(ingress));
                scopes.push({
                    namespace: ingress.metadata?.namespace ?? "",
                    name: ingress.metadata?.name ?? "",
                    hostnames: [...new Set((ingress.spec?.rules ?? []).flatMap(r => (r.host ? [r.host] : [])))],
                    balancer: m.name,
                    usage: estimateIngressUsage(ingress, carried, catalog),
                });
            }
        }
        // The ALB gives up what each scope leaving it is counted as (the planner takes it off): in rules and target
        // groups its load holds its scopes' already; a listener or certificate a scope would bring to another ALB is
        // shared on its own, so the load is raised to the scopes' sum there: an over-count, never an under-count.
        const own = scopes.slice(first).map(s => s.usage);
        const combined = usageIn(cluster, m.name, m, now, catalog).usage;
        const load = Object.fromEntries(
            QUOTA_DIMENSIONS.map(d => [
                d,
                Math.max(
                    combined[d],
                    own.reduce((sum, u) => sum + u[d], 0),
                ),
            ]),
        ) as Usage;
        balancers.push({ name: m.name, load, threshold });
    }
    return { balancers, scopes, leftOut, ...(certificatesAssumed && { certificatesAssumed: true as const }) };
}

/**
 * The listeners every one of `balancers` has (by port), each with only the certificates all of theirs on that port
 * carry: what a scope may count on finding on whichever of them it moves to. A scope estimated against these adds
 * at least as much as on any one of them (a listener or certificate not carried by all is counted as new), so a
 * move the planner allows keeps its target within every threshold. None when `balancers` is empty.
 */
export function carriedByEvery(balancers: readonly MeasuredBalancer[]): CarriedListener[] {
    const [first, ...others] = balancers.map(carriedListeners);
    return (first ?? []).flatMap(listener => {
        const same = others.map(listeners => listeners.find(l => l.port === listener.port));
        if (listener.port === undefined || same.some(l => l === undefined)) {
            return [];
        }
        const certificates = (listener.certificates ?? []).filter(arn =>
            same.every(l => (l!.certificates ?? []).includes(arn)),
        );
        return [{ port: listener.port, protocol: listener.protocol, certificates }];
    });
}
