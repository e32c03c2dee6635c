/** How the provider reaches the cluster: the default kubeconfig, a deadline on every call, and one way to say why a call failed. */
import type * as k8s from "@kubernetes/client-node";

/** Environment variable that bounds each Kubernetes call, in seconds (default 30). */
export const KUBERNETES_TIMEOUT_VARIABLE = "SCOPE_INGRESS_KUBERNETES_TIMEOUT_SECONDS";

/** The clients of the kubeconfig's current context, and how to name that context in messages. */
export interface KubernetesAccess {
    core: k8s.CoreV1Api;
    networking: k8s.NetworkingV1Api;
    /** The kubeconfig's current context. */
    context: string;
    /** The API server, its cluster and the context, for messages: `https://… (cluster "c" of the kubeconfig's current context "x")`. */
    server: string;
}

/** Clients for the default kubeconfig (KUBECONFIG, ~/.kube/config, or in-cluster), as kubectl finds it. */
export async function kubernetesAccess(): Promise<KubernetesAccess> {
    // Loaded on demand: most creates never reach the cluster, and the client is an ES module.
    const client = await import("@kubernetes/client-node");
    const kubeConfig = new client.KubeConfig();
    kubeConfig.loadFromDefault();
    return {
        core: kubeConfig.makeApiClient(client.CoreV1Api),
        networking: kubeConfig.makeApiClient(client.NetworkingV1Api),
        context: kubeConfig.getCurrentContext(),
        server: apiServerOf(kubeConfig),
    };
}

/** How long one Kubernetes call may take, in milliseconds. */
export function kubernetesTimeoutMs(): number {
    return (Number(process.env[KUBERNETES_TIMEOUT_VARIABLE]) || 30) * 1000;
}

/** `call`, or a rejection after {@link kubernetesTimeoutMs}: an unreachable API server must fail the create, not hold the deployment open. */
export async function withDeadline<T>(call: Promise<T>): Promise<T> {
    const ms = kubernetesTimeoutMs();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
    });
    try {
        return await Promise.race([call, timeout]);
    } finally {
        clearTimeout(timer);
    }
}

/** The HTTP status of a failed client-node call, or undefined when the server never answered. */
export function kubernetesStatusCode(err: unknown): number | undefined {
    const code = (err as { code?: unknown }).code;
    return typeof code === "number" ? code : undefined;
}

/** The API's own `kind: Status` message of a failed client-node call, if the server sent one. */
export function kubernetesStatusMessage(err: unknown): string | undefined {
    const body = (err as { body?: unknown }).body;
    try {
        const message = (typeof body === "string" ? JSON.parse(body) : (body as { message?: unknown }))?.message;
        return typeof message === "string" ? message : undefined;
    } catch {
        return undefined;
    }
}

/**
 * The verb and resource RBAC refused, read from a 403 Status message (`User "u" cannot update resource
 * "configmaps" in API group "" in the namespace "ns"`), or undefined when the message says neither.
 */
export function forbiddenAccess(err: unknown): { verb: string; resource: string; user: string } | undefined {
    const m = /User "([^"]*)" cannot (\w+) resource "([^"]+)"/.exec(kubernetesStatusMessage(err) ?? "");
    return m ? { user: m[1], verb: m[2], resource: m[3] } : undefined;
}

/**
 * One line from a client-node error: the API's own Status message when the server answered. A network
 * failure (client-node's FetchError, whose `code` is a string such as ECONNREFUSED) never reached the
 * server, so it is reported with the server it tried and the cause, not as an HTTP status.
 */
export function kubernetesErrorText(err: unknown, server: string): string {
    const code = kubernetesStatusCode(err);
    if (code === undefined) {
        return `cannot reach the Kubernetes API server ${server}: ${String((err as { message?: string }).message ?? err)}`;
    }
    const message = kubernetesStatusMessage(err);
    return `HTTP ${code}${message ? `: ${message}` : ""}`;
}

/** The API server the kubeconfig's current context points at, and where that came from, for messages. */
function apiServerOf(kubeConfig: {
    getCurrentCluster(): { name: string; server: string } | null;
    getCurrentContext(): string;
}): string {
    const cluster = kubeConfig.getCurrentCluster();
    return cluster
        ? `${cluster.server} (cluster "${cluster.name}" of the kubeconfig's current context "${kubeConfig.getCurrentContext()}")`
        : "(the kubeconfig has no current cluster)";
}
