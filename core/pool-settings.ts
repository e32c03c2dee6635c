/**
 * What a `BalancerPool` shares with the stacks that place scopes on it: the plain shape it exports (a scope stack's
 * `balancers`), the settings it publishes in the cluster for growth, and the anchor Ingress that makes the
 * controller build and keep one member ALB. Pure: names, labels and manifests, no I/O.
 */
import { ALB_ANNOTATIONS } from "./alb-annotations";
import type { Visibility } from "./candidate-pool";
import type { Threshold } from "./quota-thresholds";
import { MANAGED_BY_LABEL } from "./reservation-records";

/** The label naming the pool an object belongs to (anchor Ingresses, the published settings). */
export const POOL_LABEL = "pulumi-scope-ingress/pool";

/** The label naming the member ALB an anchor Ingress builds. */
export const MEMBER_LABEL = "pulumi-scope-ingress/member";

/** The label set to `"true"` on an anchor Ingress that a placement created when the pool grew (not the platform stack). */
export const GROWN_LABEL = "pulumi-scope-ingress/grown";

/** The settings every member of a pool shares, as the pool publishes them in the cluster for growth. */
export interface PoolSettings {
    /** The pool's name, a DNS-1123 label: names its settings ConfigMap and labels its objects. */
    name: string;
    visibility: Visibility;
    /** AWS region of the members. */
    region: string;
    /** Members are named `<namePrefix>-<n>` (n from 1) when the pool names them; absent for a pool of explicit names, which cannot grow. */
    namePrefix?: string;
    /** How many members the pool may have, grown ones included. */
    maxMembers: number;
    /** The members in order: the platform stack's and the grown ones. */
    members: string[];
    /** Members that take no new placement. */
    draining: string[];
    /** Where anchor Ingresses live. */
    anchorNamespace: string;
    /** The IngressClass of every member's Ingresses. */
    ingressClassName: string;
    /** ALB annotations every member shares (subnets, security groups, certificate, tags, attributes, WAF, listen ports, ssl-redirect). */
    annotations: Record<string, string>;
}

/**
 * The plain shape a `BalancerPool` exports, that a scope stack reads through a `StackReference` and passes to
 * `ScopeIngress` as `balancers`, and that the CLI reads with `--pool-json`: the ordinary `balancers` fields plus `pool`.
 */
export interface PoolReference {
    base: string;
    additional: string[];
    /** The pool's `maxRules`: a number, or a share of the account's rules quota such as `"75%"`. */
    maxRules?: Threshold;
    /** The pool's `maxTargetGroups` (a number or a share such as `"75%"`); absent in a reference exported before it existed. */
    maxTargetGroups?: Threshold;
    /** The pool's `maxCertificates` (a number or a share such as `"75%"`); absent in a reference exported before it existed. */
    maxCertificates?: Threshold;
    /** The pool's `maxListeners` (a number or a share such as `"75%"`); absent in a reference exported before it existed. */
    maxListeners?: Threshold;
    listenPorts?: Record<string, number>[];
    sslRedirect?: number | false;
    coordinationNamespace: string;
    pool: Pick<PoolSettings, "name" | "visibility" | "region" | "namePrefix" | "maxMembers" | "draining">;
}

/** The ConfigMap, in the coordination namespace, where pool `poolName` publishes its {@link PoolSettings}. */
export function poolSettingsConfigMapName(poolName: string): string {
    return `scope-ingress-pool-${poolName}`;
}

/** The data key of that ConfigMap holding the settings as JSON. */
export const POOL_SETTINGS_KEY = "settings.json";

/** Member `n` (from 1) of a pool that names its members by prefix. */
export function memberName(namePrefix: string, n: number): string {
    return `${namePrefix}-${n}`;
}

/** The name of member `member`'s anchor Ingress. */
export function anchorIngressName(member: string): string {
    return `scope-ingress-anchor-${member}`;
}

/** The action name the anchor's default backend refers to (`alb.ingress.kubernetes.io/actions.<name>`). */
export const ANCHOR_ACTION = "anchor-fixed-404";

/** A `networking.k8s.io/v1` Ingress as a plain object: what both the component and the provider create. */
export interface AnchorIngress {
    metadata: {
        name: string;
        namespace: string;
        labels: Record<string, string>;
        annotations: Record<string, string>;
    };
    spec: {
        ingressClassName: string;
        defaultBackend: { service: { name: string; port: { name: string } } };
    };
}

/**
 * The anchor Ingress of one member: no rules and no Service, only a default backend that answers a fixed 404, with
 * the member's `group.name` and `load-balancer-name`. It makes the controller build the ALB and keep it while no
 * scope is on it, and adds no listener rule (a default action is not counted by the quota).
 */
export function anchorIngress(settings: PoolSettings, member: string, grown: boolean): AnchorIngress {
    return {
        metadata: {
            name: anchorIngressName(member),
            namespace: settings.anchorNamespace,
            labels: {
                [MANAGED_BY_LABEL.key]: MANAGED_BY_LABEL.value,
                [POOL_LABEL]: settings.name,
                [MEMBER_LABEL]: member,
                ...(grown && { [GROWN_LABEL]: "true" }),
            },
            annotations: {
                ...settings.annotations,
                [ALB_ANNOTATIONS.groupName]: member,
                [ALB_ANNOTATIONS.loadBalancerName]: member,
                [ALB_ANNOTATIONS.scheme]: settings.visibility,
                [`alb.ingress.kubernetes.io/actions.${ANCHOR_ACTION}`]: JSON.stringify({
                    type: "fixed-response",
                    fixedResponseConfig: { contentType: "text/plain", statusCode: "404", messageBody: "no scope here" },
                }),
            },
        },
        spec: {
            ingressClassName: settings.ingressClassName,
            defaultBackend: { service: { name: ANCHOR_ACTION, port: { name: "use-annotation" } } },
        },
    };
}
