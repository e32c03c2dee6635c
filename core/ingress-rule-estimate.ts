/** What any Ingress in the cluster will cost its ALB in listener rules once the controller builds it, and which ALB group it joins. */
import { ALB_ANNOTATIONS } from "./alb-annotations";
import { ListenPort, estimateListenerRules } from "./rule-estimate";

/** The parts of a `networking.k8s.io/v1` Ingress the estimate reads; any tool's Ingress has them. */
export interface ClusterIngress {
    metadata?: {
        namespace?: string;
        name?: string;
        annotations?: Record<string, string>;
        deletionTimestamp?: unknown;
    };
    spec?: {
        rules?: { host?: string; http?: { paths?: unknown[] } }[];
        tls?: unknown[];
        /** The backend of requests no rule matches; its Service port gets a target group too. */
        defaultBackend?: unknown;
    };
    /** Set by the controller once it has built the Ingress's group (the ALB's DNS name in `loadBalancer.ingress`). */
    status?: { loadBalancer?: { ingress?: unknown[] } };
}

/**
 * Whether the controller has reconciled `ingress`: it writes `status.loadBalancer.ingress` (the ALB's DNS name)
 * only after the group's rules are deployed, so until then the Ingress's rules are not in AWS's count.
 */
export function isReconciled(ingress: ClusterIngress): boolean {
    return (ingress.status?.loadBalancer?.ingress ?? []).length > 0;
}

/** `namespace/name` of an Ingress: how a reservation names the Ingress it waits for. */
export function ingressKey(ref: { namespace?: string; name?: string }): string {
    return `${ref.namespace ?? ""}/${ref.name ?? ""}`;
}

/** The explicit IngressGroup (`group.name`) an Ingress joins, or undefined for one without (a group of its own, never a pool ALB's). */
export function ingressGroup(ingress: ClusterIngress): string | undefined {
    return ingress.metadata?.annotations?.[ALB_ANNOTATIONS.groupName];
}

/**
 * Listener rules the Load Balancer Controller will build for `ingress`: one per rule host and path on every
 * listen port that carries rules (an HTTPS port always, an HTTP port only without `ssl-redirect`), read from the
 * Ingress's own `listen-ports` and `ssl-redirect` annotations ({@link estimateListenerRules}). Without
 * `listen-ports` the controller listens on HTTPS 443 when the Ingress has TLS or a certificate, else on HTTP 80
 * (computeIngressListenPorts). A `listen-ports` it cannot read counts as HTTP 80 and HTTPS 443:
 * an over-count, never an under-count.
 */
export function estimateIngressRules(ingress: ClusterIngress): number {
    const annotations = ingress.metadata?.annotations ?? {};
    const listenPorts = listenPortsOf(annotations, ingress.spec);
    const redirect = Number(annotations[ALB_ANNOTATIONS.sslRedirect]);
    const sslRedirectPort =
        Number.isInteger(redirect) && listenPorts.some(l => l.protocol === "HTTPS" && l.port === redirect)
            ? redirect
            : undefined;
    return (ingress.spec?.rules ?? []).reduce(
        (sum, rule) =>
            sum +
            estimateListenerRules({
                hostCount: 1,
                pathCount: rule.http?.paths?.length ?? 0,
                listenPorts,
                sslRedirectPort,
            }),
        0,
    );
}

/** The listeners `annotations` ask for (see {@link estimateIngressRules} for the defaults and the over-count). */
export function listenPortsOf(annotations: Record<string, string>, spec: ClusterIngress["spec"]): ListenPort[] {
    const raw = annotations[ALB_ANNOTATIONS.listenPorts];
    if (raw === undefined) {
        const tls =
            (spec?.tls ?? []).length > 0 || annotations["alb.ingress.kubernetes.io/certificate-arn"] !== undefined;
        return [tls ? { protocol: "HTTPS", port: 443 } : { protocol: "HTTP", port: 80 }];
    }
    try {
        const ports: ListenPort[] = [];
        for (const entry of JSON.parse(raw) as Record<string, unknown>[]) {
            for (const [protocol, port] of Object.entries(entry)) {
                if ((protocol === "HTTP" || protocol === "HTTPS") && typeof port === "number") {
                    ports.push({ protocol, port });
                }
            }
        }
        if (ports.length > 0) {
            return ports;
        }
    } catch {
        // Falls through to the over-count below.
    }
    return [
        { protocol: "HTTP", port: 80 },
        { protocol: "HTTPS", port: 443 },
    ];
}
