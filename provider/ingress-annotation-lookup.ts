import type { IngressRef } from "./assignment-contract";

/** The Load Balancer Controller annotation that names an Ingress's ALB. */
export const LOAD_BALANCER_NAME_ANNOTATION = "alb.ingress.kubernetes.io/load-balancer-name";

/** How long the Ingress read may take; `SCOPE_INGRESS_KUBERNETES_TIMEOUT_SECONDS` overrides the default of 30. */
const READ_TIMEOUT_MS = (Number(process.env.SCOPE_INGRESS_KUBERNETES_TIMEOUT_SECONDS) || 30) * 1000;

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
    const server = apiServerOf(kubeConfig);
    let timer: NodeJS.Timeout | undefined;
    try {
        // An unreachable API server must fail the create, not hold the whole deployment open.
        const timeout = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${READ_TIMEOUT_MS / 1000} s`)), READ_TIMEOUT_MS);
        });
        const ingress = await Promise.race([api.readNamespacedIngress({ name: ref.name, namespace: ref.namespace }), timeout]);
        return { found: true, balancerName: ingress.metadata?.annotations?.[LOAD_BALANCER_NAME_ANNOTATION] };
    } catch (err) {
        if ((err as { code?: number }).code === 404) {
            return { found: false };
        }
        throw new Error(`ingressRef: reading Ingress ${ref.namespace}/${ref.name} failed: ${kubernetesErrorText(err, server)}. ` +
            "Make the cluster reachable from the deployment (KUBECONFIG) and allow get on ingresses, or remove ingressRef.");
    } finally {
        clearTimeout(timer);
    }
}

/** The API server the kubeconfig's current context points at, and where that came from, for messages. */
function apiServerOf(kubeConfig: { getCurrentCluster(): { name: string; server: string } | null; getCurrentContext(): string }): string {
    const cluster = kubeConfig.getCurrentCluster();
    return cluster ? `${cluster.server} (cluster "${cluster.name}" of the kubeconfig's current context "${kubeConfig.getCurrentContext()}")` : "(the kubeconfig has no current cluster)";
}

/**
 * One line from a client-node error: the API's own Status message when the server answered. A network
 * failure (client-node's FetchError, whose `code` is a string such as ECONNREFUSED) never reached the
 * server, so it is reported with the server it tried and the cause, not as an HTTP status.
 */
function kubernetesErrorText(err: unknown, server: string): string {
    const e = err as { code?: number | string; body?: unknown; message?: string };
    if (typeof e.code !== "number") {
        return `cannot reach the Kubernetes API server ${server}: ${String(e.message ?? err)}`;
    }
    let message: unknown;
    try {
        message = (typeof e.body === "string" ? JSON.parse(e.body) : e.body as { message?: string })?.message;
    } catch {
        message = undefined;
    }
    return `HTTP ${e.code}${message ? `: ${message}` : ""}`;
}
