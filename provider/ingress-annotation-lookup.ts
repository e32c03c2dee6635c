import type { IngressRef } from "./assignment-contract";

/** The Load Balancer Controller annotation that names an Ingress's ALB. */
export const LOAD_BALANCER_NAME_ANNOTATION = "alb.ingress.kubernetes.io/load-balancer-name";

/** What the cluster says about an existing Ingress. */
export type IngressLookup =
    | { found: false }
    | { found: true; balancerName?: string };

/**
 * Reads the ALB an existing Ingress runs on from its `load-balancer-name` annotation, with the default
 * kubeconfig (KUBECONFIG, ~/.kube/config, or in-cluster). A missing Ingress is `{ found: false }`; any
 * other failure is thrown, because placing a running scope anew could split its DNS from its routing.
 */
export async function readIngressBalancer(ref: IngressRef): Promise<IngressLookup> {
    // Loaded on demand: most creates never adopt, and the client is an ES module.
    const k8s = await import("@kubernetes/client-node");
    const kubeConfig = new k8s.KubeConfig();
    kubeConfig.loadFromDefault();
    const api = kubeConfig.makeApiClient(k8s.NetworkingV1Api);
    try {
        const ingress = await api.readNamespacedIngress({ name: ref.name, namespace: ref.namespace });
        return { found: true, balancerName: ingress.metadata?.annotations?.[LOAD_BALANCER_NAME_ANNOTATION] };
    } catch (err) {
        if ((err as { code?: number }).code === 404) {
            return { found: false };
        }
        throw new Error(`ingressRef: reading Ingress ${ref.namespace}/${ref.name} failed: ${kubernetesErrorText(err)}. ` +
            "Make the cluster reachable from the deployment (KUBECONFIG) and allow get on ingresses, or remove ingressRef.");
    }
}

/** One line from a client-node error: the API's own Status message when there is one. */
function kubernetesErrorText(err: unknown): string {
    const e = err as { code?: number; body?: unknown; message?: string };
    if (e.code === undefined) {
        return String(e.message ?? err);
    }
    let message: unknown;
    try {
        message = (typeof e.body === "string" ? JSON.parse(e.body) : e.body as { message?: string })?.message;
    } catch {
        message = undefined;
    }
    return `HTTP ${e.code}${message ? `: ${message}` : ""}`;
}
