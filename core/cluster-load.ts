/**
 * An ALB's load when placements are coordinated through the cluster: what AWS measured, what the cluster's
 * Ingresses ask for, and the reservations whose Ingress the cluster does not show yet. Pure.
 */
import type { BalancerMeasurement } from "./balancer-load";
import { NO_USAGE, carriedListeners, measuredUsage } from "./balancer-usage";
import type { CatalogCertificate } from "./certificate-matching";
import { ClusterIngress, estimateIngressRules, ingressGroup, ingressKey, isReconciled } from "./ingress-rule-estimate";
import { backendServicePorts, ingressShape } from "./ingress-usage-estimate";
import { QUOTA_DIMENSIONS, Usage, addUsage } from "./quota-dimensions";
import { BALANCER_LABEL, Reservation, isExpired, readReservations } from "./reservation-records";
import { discoverCertificates } from "./certificate-matching";

/** What the cluster says about a region's pool at one moment: its Ingresses and the reservations in the coordination namespace. */
export interface ClusterView {
    /**
     * Estimated rules of the cluster's reconciled Ingresses (every namespace, any tool; the controller has written
     * their status), by group name, which for a pool ALB is its name.
     */
    ingressRules: ReadonlyMap<string, number>;
    /** Estimated rules of the Ingresses the controller has not reconciled yet (no status), by group name: not in AWS's count. */
    unreconciledRules: ReadonlyMap<string, number>;
    /**
     * `namespace/name` of the Ingresses each group counts (listed in it, not being deleted), by group name. Only these
     * hide a reservation on that group's ALB: an Ingress of the same name in another group (a scope being moved or
     * replaced) or being deleted does not count there, so the reservation still must.
     */
    visibleIngresses: ReadonlyMap<string, ReadonlySet<string>>;
    /** The reservations on each ALB, by ALB name, then by key. */
    reservations: ReadonlyMap<string, ReadonlyMap<string, Reservation>>;
    /** Target groups of the cluster's reconciled Ingresses (distinct backend Service ports of each), by group name. */
    ingressTargetGroups?: ReadonlyMap<string, number>;
    /** The Ingresses the controller has not reconciled yet, by group name: their listeners and certificates depend on the ALB's. */
    unreconciledIngresses?: ReadonlyMap<string, readonly ClusterIngress[]>;
}

/** An ALB's load and where it comes from. */
export interface CombinedLoad {
    /** The rules placement counts: `max(measured, ingresses) + unreconciled + pending`. */
    rules: number;
    /** Non-default listener rules AWS has. */
    measured: number;
    /** Estimated rules of the group's reconciled Ingresses. */
    ingresses: number;
    /** Estimated rules of the group's Ingresses not reconciled yet. */
    unreconciled: number;
    /** Rules of unexpired reservations whose Ingress is not visible. */
    pending: number;
}

/**
 * The combining rule. AWS counts what the controller has built, which may include rules no reconciled Ingress
 * of this cluster accounts for (another cluster's or a tool's, manual ones, a deleted Ingress's not yet
 * removed), so AWS and the reconciled Ingresses, which describe the same built rules, are combined by `max`: a
 * reconciled Ingress counts once. An Ingress the controller has not reconciled yet (no status) is in neither
 * AWS nor overlapping it, so it is added on top: `max` alone would hide it behind the foreign rules. Reservations
 * add what no source can show yet: the scopes placed whose Ingress is not in the ALB's group in the cluster,
 * until they expire. Still an estimate: an Ingress edited after its reconcile keeps its status while its new
 * rules are being built, and counts in the `max` only.
 */
export function combineLoad(input: {
    measured: number;
    /** Estimated rules of the group's reconciled Ingresses. */
    ingresses: number;
    /** Estimated rules of the group's Ingresses not reconciled yet. */
    unreconciled: number;
    reservations: Iterable<Reservation>;
    isVisible: (ingress: { namespace: string; name: string }) => boolean;
    now: number;
}): CombinedLoad {
    let pending = 0;
    for (const r of input.reservations) {
        if (!isExpired(r, input.now) && (r.ingress === undefined || !input.isVisible(r.ingress))) {
            pending += r.rules;
        }
    }
    return {
        rules: Math.max(input.measured, input.ingresses) + input.unreconciled + pending,
        measured: input.measured,
        ingresses: input.ingresses,
        unreconciled: input.unreconciled,
        pending,
    };
}

/** The load of ALB `name` measured at `measured` rules (0 when AWS could not measure it) in the cluster `view`. */
export function loadIn(view: ClusterView, name: string, measured: number, now: number): CombinedLoad {
    return combineLoad({
        measured,
        ingresses: view.ingressRules.get(name) ?? 0,
        unreconciled: view.unreconciledRules.get(name) ?? 0,
        reservations: view.reservations.get(name)?.values() ?? [],
        isVisible: ref => view.visibleIngresses.get(name)?.has(ingressKey(ref)) ?? false,
        now,
    });
}

/** An ALB's load in every dimension and where it comes from. */
export interface CombinedUsage {
    /** What placement counts, in every dimension (see {@link usageIn}). */
    usage: Usage;
    /** What AWS has. */
    measured: Usage;
    /** Estimated rules and target groups of the group's reconciled Ingresses (their listeners and certificates are in AWS). */
    ingresses: Usage;
    /** What the group's Ingresses not reconciled yet will add to what the ALB carries. */
    unreconciled: Usage;
    /** What unexpired reservations whose Ingress is not visible hold. */
    pending: Usage;
}

/**
 * The load of ALB `name` in every dimension, measured as `m` (nothing when it could not be measured), in the cluster
 * `view`, with `catalog` the account's ACM certificates (undefined when unknown: each host then counts as one
 * certificate). Rules as {@link loadIn}; target groups the same way (`max(AWS, reconciled Ingresses)` plus the
 * unreconciled ones and the reservations), since each Ingress has its own. Listeners and certificates are shared by
 * the group: the reconciled Ingresses' are in AWS, so the unreconciled ones add only the ports and certificates the
 * ALB does not carry yet, counted once for the group (a port or certificate two pending Ingresses share is one).
 */
export function usageIn(
    view: ClusterView,
    name: string,
    m: BalancerMeasurement | undefined,
    now: number,
    catalog?: readonly CatalogCertificate[],
): CombinedUsage {
    const measured = measuredUsage(m);
    const rules = loadIn(view, name, measured.rules, now);
    const pending = { ...NO_USAGE };
    for (const r of view.reservations.get(name)?.values() ?? []) {
        const visible =
            r.ingress !== undefined && (view.visibleIngresses.get(name)?.has(ingressKey(r.ingress)) ?? false);
        if (!isExpired(r, now) && !visible) {
            const held = r.usage ?? { ...NO_USAGE, rules: r.rules };
            for (const d of QUOTA_DIMENSIONS) {
                pending[d] += held[d];
            }
        }
    }
    const listeners = carriedListeners(m);
    const newPorts = new Set<number>();
    const newCertificates = new Set<string>();
    let unreconciledTargetGroups = 0;
    for (const ingress of view.unreconciledIngresses?.get(name) ?? []) {
        unreconciledTargetGroups += backendServicePorts(ingress).size;
        const shape = ingressShape(ingress);
        for (const l of shape.listenPorts) {
            if (!listeners.some(c => c.port === l.port)) {
                newPorts.add(l.port);
            }
            if (l.protocol === "HTTPS") {
                // Keyed by port and certificate, so the union over the group's pending Ingresses is counted once.
                const carried = new Set(listeners.find(c => c.port === l.port)?.certificates ?? []);
                for (const key of certificateKeys(shape, catalog)) {
                    if (!carried.has(key)) {
                        newCertificates.add(`${l.port} ${key}`);
                    }
                }
            }
        }
    }
    const ingressTargetGroups = view.ingressTargetGroups?.get(name) ?? 0;
    const unreconciled: Usage = {
        rules: rules.unreconciled,
        targetGroups: unreconciledTargetGroups,
        certificates: newCertificates.size,
        listeners: newPorts.size,
    };
    return {
        usage: addUsage(
            {
                rules: Math.max(measured.rules, rules.ingresses) + rules.unreconciled,
                targetGroups: Math.max(measured.targetGroups, ingressTargetGroups) + unreconciledTargetGroups,
                certificates: measured.certificates + unreconciled.certificates,
                listeners: measured.listeners + unreconciled.listeners,
            },
            pending,
        ),
        measured,
        ingresses: { ...NO_USAGE, rules: rules.ingresses, targetGroups: ingressTargetGroups },
        unreconciled,
        pending,
    };
}

/** The certificates a shape brings, as keys comparable with carried ARNs (a host when ACM is unknown). */
function certificateKeys(
    shape: ReturnType<typeof ingressShape>,
    catalog: readonly CatalogCertificate[] | undefined,
): string[] {
    if (shape.certificateArns !== undefined) {
        return [...shape.certificateArns];
    }
    if (catalog === undefined) {
        return shape.hosts.map(host => `host:${host}`);
    }
    return [...discoverCertificates(shape.hosts, catalog).arns];
}

/** A reservation ConfigMap as read: its labels (which name the ALB) and data. */
export interface ReservationConfigMap {
    metadata?: { labels?: Record<string, string> };
    data?: Record<string, string>;
}

/** The {@link ClusterView} of the cluster's `ingresses` and a region's reservation `configMaps`. */
export function clusterViewOf(
    ingresses: readonly ClusterIngress[],
    configMaps: readonly ReservationConfigMap[],
): ClusterView {
    const ingressRules = new Map<string, number>();
    const unreconciledRules = new Map<string, number>();
    const ingressTargetGroups = new Map<string, number>();
    const unreconciledIngresses = new Map<string, ClusterIngress[]>();
    const visibleIngresses = new Map<string, Set<string>>();
    for (const ingress of ingresses) {
        const group = ingressGroup(ingress);
        // An Ingress being deleted is no longer asked for; the rules it still has are in AWS's count.
        if (group !== undefined && !ingress.metadata?.deletionTimestamp) {
            const sums = isReconciled(ingress) ? ingressRules : unreconciledRules;
            sums.set(group, (sums.get(group) ?? 0) + estimateIngressRules(ingress));
            if (isReconciled(ingress)) {
                ingressTargetGroups.set(
                    group,
                    (ingressTargetGroups.get(group) ?? 0) + backendServicePorts(ingress).size,
                );
            } else {
                unreconciledIngresses.set(group, [...(unreconciledIngresses.get(group) ?? []), ingress]);
            }
            // Visible only where it counts: a reservation is hidden by the Ingress only once that Ingress's rules count instead.
            visibleIngresses.set(
                group,
                (visibleIngresses.get(group) ?? new Set()).add(ingressKey(ingress.metadata ?? {})),
            );
        }
    }
    const reservations = new Map<string, Map<string, Reservation>>();
    for (const cm of configMaps) {
        const balancer = cm.metadata?.labels?.[BALANCER_LABEL];
        if (balancer !== undefined) {
            reservations.set(balancer, new Map([...(reservations.get(balancer) ?? []), ...readReservations(cm.data)]));
        }
    }
    return {
        ingressRules,
        unreconciledRules,
        visibleIngresses,
        reservations,
        ingressTargetGroups,
        unreconciledIngresses,
    };
}
