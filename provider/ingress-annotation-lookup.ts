/** Reads the ALB and group an existing Ingress names, for adopting a running scope, and refuses a group that is not its ALB's. */
import { ALB_ANNOTATIONS } from "../core/alb-annotations";
import type { IngressRef } from "../core/assignment-contract";

const LOAD_BALANCER_NAME_ANNOTATION = ALB_ANNOTATIONS.loadBalancerName;
const GROUP_NAME_ANNOTATION = ALB_ANNOTATIONS.groupName;

/** How long the Ingress read may take; `SCOPE_INGRESS_KUBERNETES_TIMEOUT_SECONDS` overrides the default of 30. */
const READ_TIMEOUT_MS = (Number(process.env.SCOPE_INGRESS_KUBERNETES_TIMEOUT_SECONDS) || 30) * 1000;

/** What the cluster says about an existing Ingress. */
export type IngressLookup =
    | { found: false }
    | { found: true; balancerName?: string; groupName?: string };

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
        const annotations = ingress.metadata?.annotations;
        return { found: true, balancerName: annotations?.[LOAD_BALANCER_NAME_ANNOTATION], groupName: annotations?.[GROUP_NAME_ANNOTATION] };
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

/**
 * Why the Ingress `ref`, on ALB `balancerName` in group `groupName`, cannot be adopted, or `undefined` when
 * it can. This package writes group.name = the ALB's name over the adopted Ingress, while the controller
 * identifies a group by group.name, or, without it, makes the Ingress a group of its own, "namespace/name"
 * (`loadGroupID`, pkg/ingress/group_loader.go), and finds the group's ALB by the tag
 * `ingress.k8s.aws/stack` = that group (`StackTags`, pkg/deploy/tracking/provider.go, used by
 * `loadBalancerSynthesizer.findSDKLoadBalancers`, pkg/deploy/elbv2/load_balancer_synthesizer.go, which
 * deletes the group's ALBs no longer wanted and creates the missing ones). Any other group would be left
 * behind.
 */
export function groupAdoptionRefusal(ref: IngressRef, balancerName: string, groupName: string | undefined): string | undefined {
    if (groupName === balancerName) {
        return undefined;
    }
    const where = `Ingress ${ref.namespace}/${ref.name}`;
    const group = groupName ?? `${ref.namespace}/${ref.name}`;
    const has = groupName === undefined
        ? `${where} has no ${GROUP_NAME_ANNOTATION}, so the Load Balancer Controller makes it a group of its own, "${group}", with ${LOAD_BALANCER_NAME_ANNOTATION} "${balancerName}"`
        : `${where} has ${GROUP_NAME_ANNOTATION} "${groupName}" but ${LOAD_BALANCER_NAME_ANNOTATION} "${balancerName}"`;
    return `ingressRef: ${has}; every pool ALB's group name must equal its ALB name, because this scope's Ingress sets group.name to its ALB's name. ` +
        `The controller finds a group's ALB by the tag ingress.k8s.aws/stack=<group>, so taking this Ingress over moves it out of group "${group}": ` +
        `if it is that group's last Ingress the controller deletes ALB "${balancerName}" (and DNS aliases nothing), otherwise group "${balancerName}" ` +
        `tries to build a second ALB named "${balancerName}". Nothing was changed and the scope was not adopted. Leave this scope to its scripts, ` +
        "or move it: declare it without ingressRef and with another ingressName (the running Ingress stays untouched) on a pool ALB, " +
        "and delete the old Ingress once DNS points at the new ALB.";
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
