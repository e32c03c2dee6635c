/** The scope's Kubernetes Ingress, built from validated arguments and the one stored ALB name. */
import type { Visibility } from "../core/candidate-pool";
import { ALB_ANNOTATIONS, listenPortsAnnotation } from "../core/alb-annotations";
import type { ListenPort } from "../core/rule-estimate";

/** How an Ingress path matches: `Exact` for one path, `Prefix` for it and everything below. */
export type PathType = "Exact" | "Prefix";

/** Every valid {@link PathType}. */
export const PATH_TYPES: readonly PathType[] = ["Exact", "Prefix"];

/** One path of every host of a scope. */
export interface IngressPath {
    /** Starts with `/`; no `*` or `?`, which the controller refuses in Exact and Prefix paths. */
    path: string;
    /** Required: the controller turns `Prefix` into a wildcard rule condition and `Exact` into a literal one. */
    pathType: PathType;
}

/** Annotations every scope's Ingress starts with, which the caller's annotations may override: IP targets. */
export const DEFAULT_ANNOTATIONS: Readonly<Record<string, string>> = {
    [ALB_ANNOTATIONS.targetType]: "ip",
};

const MOVE_WITH_PIN =
    "load-balancer-name and group.name are both set from the one stored BalancerAssignment; overriding either " +
    "would let routing (the Ingress) and DNS (the Route53 alias) point at different ALBs. To move a scope to another ALB, set pinnedBalancer";

// Every Ingress of a group must give a port one protocol and name one ssl-redirect port, or the controller stops
// reconciling the whole group (aws-load-balancer-controller pkg/ingress/model_builder.go: mergeListenPortConfigs
// "conflicting protocol", buildSSLRedirectConfig "conflicting sslRedirect port").
const POOL_LISTENERS =
    "the listeners are one setting of the whole pool: when two Ingresses on one ALB give a port different protocols or " +
    "name different ssl-redirect ports, the Load Balancer Controller stops reconciling that ALB for every scope on it; set balancers.listenPorts " +
    "and balancers.sslRedirect (or stack config scope-ingress:listenPorts and scope-ingress:sslRedirect) to one value for every scope of the pool";

/**
 * Annotations the caller may not set, each with why: they come from the stored assignment or from an
 * argument, and a second source could contradict it.
 */
export const RESERVED_ANNOTATIONS: Readonly<Record<string, string>> = {
    [ALB_ANNOTATIONS.loadBalancerName]: MOVE_WITH_PIN,
    [ALB_ANNOTATIONS.groupName]: MOVE_WITH_PIN,
    // A scheme that differs from the pool's would make the controller replace the shared ALB.
    [ALB_ANNOTATIONS.scheme]: "it is set from visibility, which also chooses the pool; set visibility instead",
    [ALB_ANNOTATIONS.groupOrder]: "it is set from groupOrder; set groupOrder instead",
    [ALB_ANNOTATIONS.listenPorts]: POOL_LISTENERS,
    [ALB_ANNOTATIONS.sslRedirect]: POOL_LISTENERS,
};

/** Everything of a scope's Ingress except its ALB, validated. */
export interface IngressManifestInput {
    /** The Ingress's name; defaults to the component's name upstream, in `resolveScopeIngressArgs`. */
    name: string;
    /** Namespace of the Ingress, which must be the Service's: an Ingress routes only to its own namespace. */
    namespace: string;
    /** Becomes the `scheme` annotation, which must match the pool's ALBs or the controller replaces the ALB. */
    visibility: Visibility;
    /** One Ingress rule each, in order; the first is the scope's `domain`. */
    hosts: readonly string[];
    /** Every host gets all of them, so the listener rules are hosts × paths per port that carries rules. */
    paths: readonly IngressPath[];
    /** The one backend of every path. */
    service: { name: string; port: number };
    /** The `group.order` annotation; left out when undefined, so the controller's default 0 applies. */
    groupOrder?: number;
    /** The pool's listeners, written as `listen-ports`. */
    listenPorts: readonly ListenPort[];
    /** The pool's `ssl-redirect` port; undefined for no redirect. */
    sslRedirectPort?: number;
    /** Merged over {@link DEFAULT_ANNOTATIONS}; must not hold {@link RESERVED_ANNOTATIONS}. Default none. */
    annotations?: Readonly<Record<string, string>>;
    /** Copied to the Ingress. Default none. */
    labels?: Readonly<Record<string, string>>;
}

/** A `networking.k8s.io/v1` Ingress; `Name` is the ALB name's type (a string, or a Pulumi output of one). */
export interface IngressManifest<Name = string> {
    metadata: {
        name: string;
        namespace: string;
        annotations: Record<string, string | Name>;
        labels: Record<string, string>;
    };
    spec: {
        ingressClassName: "alb";
        rules: {
            host: string;
            http: {
                paths: {
                    path: string;
                    pathType: PathType;
                    backend: { service: { name: string; port: { number: number } } };
                }[];
            };
        }[];
    };
}

/**
 * The scope's Ingress on `balancerName`: the pool's listeners, IP targets, one rule per host with every path
 * to the one Service. The caller's annotations override the defaults here; the {@link RESERVED_ANNOTATIONS},
 * which the caller's validation rejects, are dropped.
 */
export function buildIngressManifest<Name = string>(
    input: IngressManifestInput,
    balancerName: Name,
): IngressManifest<Name> {
    const backend = { service: { name: input.service.name, port: { number: input.service.port } } };
    const annotations = Object.entries(input.annotations ?? {}).filter(([key]) => !(key in RESERVED_ANNOTATIONS));
    return {
        metadata: {
            name: input.name,
            namespace: input.namespace,
            annotations: {
                ...DEFAULT_ANNOTATIONS,
                ...Object.fromEntries(annotations),
                [ALB_ANNOTATIONS.listenPorts]: listenPortsAnnotation(input.listenPorts),
                ...(input.sslRedirectPort !== undefined && {
                    [ALB_ANNOTATIONS.sslRedirect]: String(input.sslRedirectPort),
                }),
                [ALB_ANNOTATIONS.scheme]: input.visibility,
                ...(input.groupOrder !== undefined && { [ALB_ANNOTATIONS.groupOrder]: String(input.groupOrder) }),
                [ALB_ANNOTATIONS.loadBalancerName]: balancerName,
                [ALB_ANNOTATIONS.groupName]: balancerName,
            },
            labels: { ...input.labels },
        },
        spec: {
            ingressClassName: "alb",
            rules: input.hosts.map(host => ({
                host,
                http: { paths: input.paths.map(({ path, pathType }) => ({ path, pathType, backend })) },
            })),
        },
    };
}
