/** What the AWS Load Balancer Controller builds from one Ingress group: listener rules per port, target groups per backend. */
import { createHash } from "node:crypto";
import type { KubeObject } from "./kubernetes-object-store";

export const GROUP_NAME_ANNOTATION = "alb.ingress.kubernetes.io/group.name";
export const GROUP_ORDER_ANNOTATION = "alb.ingress.kubernetes.io/group.order";
export const LOAD_BALANCER_NAME_ANNOTATION = "alb.ingress.kubernetes.io/load-balancer-name";
const LISTEN_PORTS_ANNOTATION = "alb.ingress.kubernetes.io/listen-ports";
const SSL_REDIRECT_ANNOTATION = "alb.ingress.kubernetes.io/ssl-redirect";
const CERTIFICATE_ARN_ANNOTATION = "alb.ingress.kubernetes.io/certificate-arn";
const TARGET_TYPE_ANNOTATION = "alb.ingress.kubernetes.io/target-type";

/** A target group the controller makes for one backend Service port of one group. */
export interface DesiredTargetGroup {
    /** `k8s-<ns>-<svc>-<hash>`, at most 32 characters, as the controller names them. */
    name: string;
    port: number;
    targetType: "ip" | "instance";
    /** `namespace/service:port`, for the resource tag. */
    backend: string;
}

/** One listener rule: its conditions and the target group it forwards to. */
export interface DesiredRule {
    port: number;
    hostValues: string[];
    pathValues: string[];
    targetGroup: DesiredTargetGroup;
}

/** The Ingress's group: `explicit/<group.name>`, or `implicit/<namespace>/<name>` for an Ingress without one. */
export function groupKey(ing: KubeObject): string {
    const name = ing.metadata.annotations?.[GROUP_NAME_ANNOTATION];
    return name ? `explicit/${name}` : `implicit/${ing.metadata.namespace}/${ing.metadata.name}`;
}

/** The finalizer the controller puts on a member of the group (`group.ingress.k8s.aws/<name>`). */
export function groupFinalizer(key: string): string {
    return key.startsWith("explicit/")
        ? `group.ingress.k8s.aws/${key.slice("explicit/".length)}`
        : "ingress.k8s.aws/resources";
}

/** Whether the Ingress is for the ALB controller (class `alb` by field or by the legacy annotation). */
export function isAlbIngress(ing: KubeObject): boolean {
    const spec = ing.spec as { ingressClassName?: string } | undefined;
    return (spec?.ingressClassName ?? ing.metadata.annotations?.["kubernetes.io/ingress.class"]) === "alb";
}

/** Members in the controller's order: `group.order` (default 0), then namespace/name. */
export function orderMembers(members: KubeObject[]): KubeObject[] {
    const order = (i: KubeObject) => Number(i.metadata.annotations?.[GROUP_ORDER_ANNOTATION] ?? 0);
    const id = (i: KubeObject) => `${i.metadata.namespace}/${i.metadata.name}`;
    return [...members].sort((a, b) => order(a) - order(b) || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
}

/**
 * The ports an Ingress listens on: its `listen-ports` annotation, else HTTPS 443 when it has TLS or a
 * certificate, else HTTP 80 (computeIngressListenPorts).
 */
export function listenPorts(ing: KubeObject): Map<number, "HTTP" | "HTTPS"> {
    const raw = ing.metadata.annotations?.[LISTEN_PORTS_ANNOTATION];
    if (raw === undefined) {
        const tls =
            ((ing.spec as { tls?: unknown[] } | undefined)?.tls ?? []).length > 0 ||
            ing.metadata.annotations?.[CERTIFICATE_ARN_ANNOTATION] !== undefined;
        return new Map([tls ? [443, "HTTPS"] : [80, "HTTP"]]);
    }
    const ports = new Map<number, "HTTP" | "HTTPS">();
    for (const entry of JSON.parse(raw) as Record<string, number>[]) {
        for (const [protocol, port] of Object.entries(entry)) {
            ports.set(port, protocol as "HTTP" | "HTTPS");
        }
    }
    return ports;
}

/** `Prefix /api` matches `/api` and `/api/*`; `/` is `/*`; Exact and ImplementationSpecific are the path itself. */
export function pathPatterns(path: string, pathType: string | undefined): string[] {
    if (pathType !== "Prefix") {
        return [path];
    }
    if (path === "/") {
        return ["/*"];
    }
    const normalized = path.replace(/\/$/, "");
    return [normalized, `${normalized}/*`];
}

interface IngressPath {
    path?: string;
    pathType?: string;
    backend: { service?: { name: string; port: { number?: number; name?: string } } };
}

/** Exact paths first, then Prefix by length (longest first), then the rest in order (sortIngressPaths). */
function sortPaths(paths: IngressPath[]): IngressPath[] {
    const exact = paths.filter(p => p.pathType === "Exact");
    const prefix = paths
        .filter(p => p.pathType === "Prefix")
        .sort((a, b) => (b.path ?? "").length - (a.path ?? "").length);
    const rest = paths.filter(p => p.pathType !== "Exact" && p.pathType !== "Prefix");
    return [...exact, ...prefix, ...rest];
}

function targetGroupFor(
    cluster: string,
    group: string,
    ing: KubeObject,
    service: string,
    port: number,
): DesiredTargetGroup {
    const ns = ing.metadata.namespace!;
    const hash = createHash("sha256").update(`${cluster}/${group}/${ns}/${service}:${port}`).digest("hex").slice(0, 10);
    const targetType = ing.metadata.annotations?.[TARGET_TYPE_ANNOTATION] === "instance" ? "instance" : "ip";
    return {
        name: `k8s-${ns.slice(0, 8)}-${service.slice(0, 8)}-${hash}`,
        port,
        targetType,
        backend: `${ns}/${service}:${port}`,
    };
}

/**
 * The listener rules of a group on the listeners its ALB has, in priority order per port: one rule per
 * member × host × path on every listen port, none on HTTP ports when any member sets `ssl-redirect`
 * (buildListenerRules; ssl-redirect is group-wide). Ports the ALB has no listener for are skipped: this
 * stand-in does not create listeners.
 */
export function desiredRules(
    cluster: string,
    group: string,
    members: KubeObject[],
    albPorts: ReadonlyMap<number, string>,
): DesiredRule[] {
    const sslRedirect = members.some(m => m.metadata.annotations?.[SSL_REDIRECT_ANNOTATION] !== undefined);
    const rules: DesiredRule[] = [];
    for (const [port, protocol] of [...albPorts].sort(([a], [b]) => a - b)) {
        if (protocol === "HTTP" && sslRedirect) {
            continue;
        }
        for (const ing of orderMembers(members).filter(m => listenPorts(m).has(port))) {
            for (const rule of (ing.spec as { rules?: { host?: string; http?: { paths: IngressPath[] } }[] }).rules ??
                []) {
                for (const p of sortPaths(rule.http?.paths ?? [])) {
                    const service = p.backend.service;
                    if (!service) {
                        continue;
                    }
                    const hostValues = rule.host ? [rule.host] : [];
                    // A rule with no condition at all matches every path (buildRuleConditions).
                    const pathValues = p.path ? pathPatterns(p.path, p.pathType) : hostValues.length > 0 ? [] : ["/*"];
                    rules.push({
                        port,
                        hostValues,
                        pathValues,
                        targetGroup: targetGroupFor(cluster, group, ing, service.name, service.port.number ?? 80),
                    });
                }
            }
        }
    }
    return rules;
}
