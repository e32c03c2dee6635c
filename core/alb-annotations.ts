/** The AWS Load Balancer Controller's Ingress annotations this package writes or reads, and how a listener list is written in one. */
import type { ListenPort } from "./rule-estimate";

/** The Load Balancer Controller annotations this package sets. */
export const ALB_ANNOTATIONS = {
    loadBalancerName: "alb.ingress.kubernetes.io/load-balancer-name",
    groupName: "alb.ingress.kubernetes.io/group.name",
    groupOrder: "alb.ingress.kubernetes.io/group.order",
    scheme: "alb.ingress.kubernetes.io/scheme",
    listenPorts: "alb.ingress.kubernetes.io/listen-ports",
    sslRedirect: "alb.ingress.kubernetes.io/ssl-redirect",
    targetType: "alb.ingress.kubernetes.io/target-type",
} as const;

/** A `listen-ports` annotation value: `[{"HTTP":80},{"HTTPS":443}]`. */
export function listenPortsAnnotation(listenPorts: readonly ListenPort[]): string {
    return JSON.stringify(listenPorts.map(({ protocol, port }) => ({ [protocol]: port })));
}
