/** Reads what the cluster says about a region's pool: every Ingress, and the reservation ConfigMaps of the coordination namespace. */
import type * as k8s from "@kubernetes/client-node";
import { ClusterView, clusterViewOf } from "../core/cluster-load";
import { BALANCER_LABEL, reservationSelector } from "../core/reservation-records";
import {
    KubernetesAccess,
    forbiddenAccess,
    kubernetesAccess,
    kubernetesErrorText,
    withDeadline,
} from "./kubernetes-access";

/** The reservation ConfigMaps of a region, by the ALB each is for, and the cluster's view built from them. */
export interface ClusterReading {
    view: ClusterView;
    /** The ConfigMap of each ALB that has one, as read (with its `resourceVersion`, for an optimistic write). */
    configMaps: Map<string, k8s.V1ConfigMap>;
}

/**
 * The cluster could not be read or written while placements are coordinated through it. The message names the
 * kubeconfig context and server, the namespace, what was refused (the verb and resource of a 403) and the fix.
 */
export class CoordinationUnavailableError extends Error {
    constructor(
        readonly namespace: string,
        readonly context: string,
        doing: string,
        cause: unknown,
        server: string,
    ) {
        const refused = forbiddenAccess(cause);
        const fix =
            refused === undefined
                ? "Make the cluster's API server reachable from where pulumi runs (KUBECONFIG, or the current context of ~/.kube/config), " +
                  "or remove coordinationNamespace to place without coordination"
                : `Grant "${refused.user}" the verb "${refused.verb}" on ${refused.resource}` +
                  (refused.resource === "ingresses"
                      ? " in every namespace (a ClusterRole)"
                      : ` in the namespace "${namespace}" (a Role)`) +
                  '; README "Coordinating placements across stacks" has the Role and ClusterRole';
        super(
            `coordinationNamespace "${namespace}": ${doing} through the cluster of kubeconfig context "${context}" failed: ` +
                `${kubernetesErrorText(cause, server)}. ${fix}. The scope was not placed: with coordinationNamespace set, a placement never goes ahead ` +
                "without the cluster's reservations.",
        );
        this.name = "CoordinationUnavailableError";
    }
}

/** The kubeconfig's clients, or the coordination error saying why there are none. */
export async function coordinationAccess(namespace: string): Promise<KubernetesAccess> {
    try {
        return await kubernetesAccess();
    } catch (err) {
        throw new CoordinationUnavailableError(namespace, "(none)", "loading the kubeconfig", err, "(no kubeconfig)");
    }
}

/** Every Ingress of the cluster, across namespaces, page by page (500 a page); a failed page fails the listing. */
export async function listAllIngresses(access: KubernetesAccess): Promise<k8s.V1Ingress[]> {
    const items: k8s.V1Ingress[] = [];
    let next: string | undefined;
    do {
        const page = await withDeadline(access.networking.listIngressForAllNamespaces({ limit: 500, _continue: next }));
        items.push(...page.items);
        next = page.metadata?._continue || undefined;
    } while (next !== undefined);
    return items;
}

/** Every Ingress of the cluster, across namespaces (any tool's: the ALB's group counts them all). */
export async function readClusterIngresses(access: KubernetesAccess, namespace: string): Promise<k8s.V1Ingress[]> {
    try {
        return await listAllIngresses(access);
    } catch (err) {
        throw new CoordinationUnavailableError(
            namespace,
            access.context,
            "listing the Ingresses of every namespace",
            err,
            access.server,
        );
    }
}

/** The reservation ConfigMaps of `region` in `namespace`: one LIST with a label selector. */
export async function readReservationConfigMaps(
    access: KubernetesAccess,
    namespace: string,
    region: string,
): Promise<Map<string, k8s.V1ConfigMap>> {
    try {
        const list = await withDeadline(
            access.core.listNamespacedConfigMap({ namespace, labelSelector: reservationSelector(region) }),
        );
        const byBalancer = new Map<string, k8s.V1ConfigMap>();
        for (const cm of list.items) {
            const balancer = cm.metadata?.labels?.[BALANCER_LABEL];
            if (balancer !== undefined) {
                byBalancer.set(balancer, cm);
            }
        }
        return byBalancer;
    } catch (err) {
        throw new CoordinationUnavailableError(
            namespace,
            access.context,
            `listing the reservation ConfigMaps of ${region}`,
            err,
            access.server,
        );
    }
}

/**
 * What the cluster says about `region`'s pool: its Ingresses (`ingresses` when already read) and the reservations
 * in `namespace`. Used by placement, and meant for anything that shows a coordinated pool's load.
 */
export async function readCluster(
    access: KubernetesAccess,
    namespace: string,
    region: string,
    ingresses?: k8s.V1Ingress[],
): Promise<ClusterReading> {
    const [listed, configMaps] = await Promise.all([
        ingresses ?? readClusterIngresses(access, namespace),
        readReservationConfigMaps(access, namespace, region),
    ]);
    return { view: clusterViewOf(listed, [...configMaps.values()]), configMaps };
}
