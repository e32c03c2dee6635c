/**
 * An ALB's load when placements are coordinated through the cluster: what AWS measured, what the cluster's
 * Ingresses ask for, and the reservations whose Ingress the cluster does not show yet. Pure.
 */
import { ClusterIngress, estimateIngressRules, ingressGroup, ingressKey, isReconciled } from "./ingress-rule-estimate";
import { BALANCER_LABEL, Reservation, isExpired, readReservations } from "./reservation-records";

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
    const visibleIngresses = new Map<string, Set<string>>();
    for (const ingress of ingresses) {
        const group = ingressGroup(ingress);
        // An Ingress being deleted is no longer asked for; the rules it still has are in AWS's count.
        if (group !== undefined && !ingress.metadata?.deletionTimestamp) {
            const sums = isReconciled(ingress) ? ingressRules : unreconciledRules;
            sums.set(group, (sums.get(group) ?? 0) + estimateIngressRules(ingress));
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
    return { ingressRules, unreconciledRules, visibleIngresses, reservations };
}
