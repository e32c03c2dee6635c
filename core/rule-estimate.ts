/** One ALB listener an Ingress asks for in `alb.ingress.kubernetes.io/listen-ports`, e.g. `{"HTTPS":443}`. */
export interface ListenPort {
    protocol: "HTTP" | "HTTPS";
    /** 1 to 65535. */
    port: number;
}

/** What the listener rules of one scope's Ingress depend on: its hosts and paths, and the pool's listeners it is built with. */
export interface ListenerRuleInputs {
    hostCount: number;
    pathCount: number;
    /** The Ingress's listeners; a port listed twice is one listener, as the controller keys them by port. */
    listenPorts: readonly ListenPort[];
    /** The `ssl-redirect` port; undefined when the Ingress sets none, so its HTTP listeners route like HTTPS ones. */
    sslRedirectPort?: number;
}

/**
 * Listener rules one scope's Ingress adds to its ALB: one rule per host and path on every listener port
 * that carries rules. An HTTPS port always does; an HTTP port only without `ssl-redirect`, because with it
 * the HTTP listener answers every request with its default redirect action and default actions do not
 * count toward the AWS "rules per ALB" quota. With the defaults (`[{"HTTP":80},{"HTTPS":443}]`,
 * `ssl-redirect: "443"`) that is hosts × paths; a second HTTPS port doubles it.
 *
 * Without its own `ssl-redirect` the count is an upper bound: another Ingress of the same group setting it
 * would also leave the HTTP listener without rules.
 */
export function estimateListenerRules({
    hostCount,
    pathCount,
    listenPorts,
    sslRedirectPort,
}: ListenerRuleInputs): number {
    // With ssl-redirect the controller builds no rules on HTTP listeners, only the redirect default action
    // (aws-load-balancer-controller pkg/ingress/model_build_listener_rules.go, buildListenerRules).
    const carrying = new Set(
        listenPorts
            .filter(({ protocol }) => protocol === "HTTPS" || sslRedirectPort === undefined)
            .map(({ port }) => port),
    );
    return hostCount * pathCount * carrying.size;
}
