/** Reads what a `BalancerPool` needs of its cluster: every Ingress (anchors and scopes), through the default kubeconfig. */
import type * as k8s from "@kubernetes/client-node";
import type { ListedIngress } from "../core/pool-membership";
import { listAllIngresses } from "./cluster-load-reading";
import { KubernetesAccess, kubernetesAccess, kubernetesErrorText } from "./kubernetes-access";

/** The fix for a cluster the pool cannot read, shared by the program-time read and the member guard. */
export const POOL_CLUSTER_FIX =
    "make the kubeconfig's current context (KUBECONFIG) the pool's cluster, and let the deployment list ingresses " +
    'in every namespace (README "BalancerPool: the pool as code" has the ClusterRole)';

/** Every Ingress of the cluster, across namespaces and page by page, reduced to its names, labels and annotations. */
export async function listPoolIngresses(subject: string, doing: string): Promise<ListedIngress[]> {
    let access: KubernetesAccess;
    try {
        access = await kubernetesAccess();
    } catch (err) {
        throw new Error(`${subject}: ${doing}: cannot load the kubeconfig (${String(err)}); ${POOL_CLUSTER_FIX}.`, {
            cause: err,
        });
    }
    let items: k8s.V1Ingress[];
    try {
        items = await listAllIngresses(access);
    } catch (err) {
        throw new Error(
            `${subject}: ${doing}: listing the Ingresses of every namespace through kubeconfig context "${access.context}" failed: ` +
                `${kubernetesErrorText(err, access.server)}; ${POOL_CLUSTER_FIX}.`,
            { cause: err },
        );
    }
    return items.map(i => ({
        namespace: i.metadata?.namespace ?? "",
        name: i.metadata?.name ?? "",
        labels: i.metadata?.labels ?? {},
        annotations: i.metadata?.annotations ?? {},
    }));
}
