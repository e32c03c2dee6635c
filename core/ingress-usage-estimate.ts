/** What any tool's Ingress in the cluster will cost its ALB in every quota dimension once the controller builds it. Pure. */
import { ALB_ANNOTATIONS } from "./alb-annotations";
import type { CatalogCertificate } from "./certificate-matching";
import { ClusterIngress, estimateIngressRules, listenPortsOf } from "./ingress-rule-estimate";
import type { Usage } from "./quota-dimensions";
import { CarriedListener, ScopeShape, estimateScopeUsage } from "./scope-usage-estimate";

/** The controller's `certificate-arn` annotation: a comma-separated list of ACM certificate ARNs. */
export const CERTIFICATE_ARN_ANNOTATION = "alb.ingress.kubernetes.io/certificate-arn";

/** The ARNs of a `certificate-arn` annotation value (comma-separated, blanks ignored). */
export function certificateArnsOf(value: string | undefined): string[] {
    return (value ?? "")
        .split(",")
        .map(arn => arn.trim())
        .filter(arn => arn !== "");
}

/**
 * The distinct backend Service ports of `ingress` (its rules' paths and its default backend), as `service:port`: the
 * controller builds one target group for each (buildTargetGroup, keyed by buildTargetGroupResourceID on the Ingress,
 * the Service and the port, in pkg/ingress/model_build_target_group.go). A backend that names no Service (a resource
 * backend) builds none.
 */
export function backendServicePorts(ingress: ClusterIngress): Set<string> {
    const ports = new Set<string>();
    const add = (backend: unknown) => {
        const service = (backend as { service?: { name?: unknown; port?: { number?: unknown; name?: unknown } } })
            ?.service;
        if (service && typeof service.name === "string") {
            ports.add(`${service.name}:${String(service.port?.number ?? service.port?.name ?? "")}`);
        }
    };
    for (const rule of ingress.spec?.rules ?? []) {
        for (const path of rule.http?.paths ?? []) {
            add((path as { backend?: unknown })?.backend);
        }
    }
    add(ingress.spec?.defaultBackend);
    return ports;
}

/** The hosts the controller discovers certificates for: its rule hosts and its TLS hosts (computeIngressInferredTLSCertARNs). */
export function certificateHosts(ingress: ClusterIngress): string[] {
    const hosts = new Set<string>();
    for (const rule of ingress.spec?.rules ?? []) {
        if (rule.host) {
            hosts.add(rule.host);
        }
    }
    for (const tls of ingress.spec?.tls ?? []) {
        for (const host of (tls as { hosts?: unknown })?.hosts instanceof Array
            ? (tls as { hosts: unknown[] }).hosts
            : []) {
            if (typeof host === "string" && host !== "") {
                hosts.add(host);
            }
        }
    }
    return [...hosts];
}

/** The {@link ScopeShape} of any Ingress: what its usage depends on (its paths are counted by {@link estimateIngressRules}). */
export function ingressShape(ingress: ClusterIngress): ScopeShape {
    const annotations = ingress.metadata?.annotations ?? {};
    const listenPorts = listenPortsOf(annotations, ingress.spec);
    const redirect = Number(annotations[ALB_ANNOTATIONS.sslRedirect]);
    const arns = certificateArnsOf(annotations[CERTIFICATE_ARN_ANNOTATION]);
    return {
        hosts: certificateHosts(ingress),
        pathCount: 0,
        servicePorts: backendServicePorts(ingress).size,
        listenPorts,
        ...(Number.isInteger(redirect) && { sslRedirectPort: redirect }),
        ...(arns.length > 0 && { certificateArns: arns }),
    };
}

/**
 * What `ingress` adds to an ALB carrying `listeners`, with `catalog` the account's ACM certificates (undefined when
 * unknown): rules as {@link estimateIngressRules}; target groups per distinct backend Service port; listeners for its
 * ports the ALB lacks; certificates those named by `certificate-arn`, or else those discovered for its rule and TLS
 * hosts, minus those the listener carries, and without ACM one per host. The bias is the estimate's: it may count more
 * than the controller builds (a port or host shared with another pending Ingress of the group counts for each), never less.
 */
export function estimateIngressUsage(
    ingress: ClusterIngress,
    listeners: readonly CarriedListener[] = [],
    catalog?: readonly CatalogCertificate[],
): Usage {
    const { usage } = estimateScopeUsage(ingressShape(ingress), listeners, catalog);
    return { ...usage, rules: estimateIngressRules(ingress) };
}
