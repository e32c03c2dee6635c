/** What one scope's Ingress uses of its ALB in every quota dimension, estimated from its shape as the controller builds it. Pure. */
import type { Usage } from "./quota-dimensions";
import { ListenPort, estimateListenerRules } from "./rule-estimate";

/** The parts of a scope's Ingress its usage depends on. */
export interface ScopeShape {
    /** Rule hosts; each gets every path. */
    hostCount: number;
    /** Paths of every host. */
    pathCount: number;
    /** The pool's listeners the Ingress is built with (`listen-ports`); a port listed twice is one listener. */
    listenPorts: readonly ListenPort[];
    /** The `ssl-redirect` port; undefined for no redirect. */
    sslRedirectPort?: number;
    /** Every path's backend Service and port; the same Service port twice is one backend. */
    backends: readonly { name: string; port: number }[];
}

/**
 * The scope's usage of its ALB:
 * - rules: {@link estimateListenerRules} (hosts × paths × rule-carrying listener ports);
 * - target groups: one per distinct backend Service port, as the controller builds them
 *   (aws-load-balancer-controller pkg/ingress/model_build_target_group.go, buildTargetGroup keys a target group
 *   by the Service and its port); a `ScopeIngress` routes every path to one Service port, so 1;
 * - listeners: one per distinct listen port;
 * - certificates: 0 here. Which certificates a host costs depends on ACM and on the ALB's attached certificates,
 *   which only the provider can read: see provider/scope-capacity-seam.ts, `certificateGrowth`.
 */
export function estimateScopeUsage(shape: ScopeShape): Usage {
    return {
        rules: estimateListenerRules(shape),
        targetGroups: new Set(shape.backends.map(b => `${b.name}:${b.port}`)).size,
        certificates: 0,
        listeners: new Set(shape.listenPorts.map(l => l.port)).size,
    };
}
