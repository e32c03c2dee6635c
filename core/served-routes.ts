/** Which listener rules prove that an ALB routes a scope: the conditions the Load Balancer Controller writes for each host and path. */
import type { ListenPort } from "./rule-estimate";

/** One path of a scope as its Ingress gives it. */
export interface RoutePath {
    path: string;
    pathType: "Exact" | "Prefix";
}

/** One host and path the ALB must route, with the `path-pattern` values the controller writes for it. */
export interface ExpectedRoute {
    host: string;
    path: string;
    pathType: "Exact" | "Prefix";
    /** The `path-pattern` condition values, as `buildPathPatterns` builds them. */
    patterns: string[];
}

/** The host and path conditions of one listener rule, as `DescribeRules` returns them. */
export interface RuleConditions {
    /** The listener's port. */
    port: number;
    /** Values of the rule's `host-header` condition; empty when it has none. */
    hostValues: string[];
    /** Values of the rule's `path-pattern` condition; empty when it has none. */
    pathValues: string[];
}

/** A route and the listener port it is missing on. */
export interface UnservedRoute extends ExpectedRoute {
    port: number;
}

/**
 * The `path-pattern` values the controller writes for a path (aws-load-balancer-controller
 * pkg/ingress/model_build_listener_rules.go, buildPathPatterns): `Exact` is the path itself
 * (buildPathPatternsForExactPathType); `Prefix /` is `/*`, any other `Prefix` the path without its trailing
 * slash and that path followed by `/*` (buildPathPatternsForPrefixPathType).
 */
export function controllerPathPatterns(path: string, pathType: "Exact" | "Prefix"): string[] {
    if (pathType === "Exact") {
        return [path];
    }
    if (path === "/") {
        return ["/*"];
    }
    const normalized = path.replace(/\/$/, "");
    return [normalized, `${normalized}/*`];
}

/** Every host × path of a scope with the patterns the controller writes for it. */
export function expectedRoutes(hosts: readonly string[], paths: readonly RoutePath[]): ExpectedRoute[] {
    return hosts.flatMap(host =>
        paths.map(({ path, pathType }) => ({
            host,
            path,
            pathType,
            patterns: controllerPathPatterns(path, pathType),
        })),
    );
}

/**
 * The listener ports that carry a scope's rules: every HTTPS port, and HTTP ports only without `ssl-redirect`
 * (buildListenerRules returns early for HTTP when the group redirects).
 */
export function ruleCarryingPorts(listenPorts: readonly ListenPort[], sslRedirectPort: number | undefined): number[] {
    return [
        ...new Set(listenPorts.filter(l => l.protocol === "HTTPS" || sslRedirectPort === undefined).map(l => l.port)),
    ].sort((a, b) => a - b);
}

/**
 * Whether `rule` routes `route`: its `host-header` values hold the host (ALB host matching ignores letter case),
 * and its `path-pattern` values hold every pattern the controller writes for the path. "Holds" rather than
 * "equals": buildRuleConditions appends the patterns of a backend's own conditions annotation to the same
 * condition, and a rule that matches more paths still routes these.
 */
export function ruleRoutes(rule: RuleConditions, route: ExpectedRoute): boolean {
    const hosts = rule.hostValues.map(h => h.toLowerCase());
    return hosts.includes(route.host.toLowerCase()) && route.patterns.every(p => rule.pathValues.includes(p));
}

/**
 * The routes some rule-carrying port of the ALB does not route yet, one entry per route and port. Ports the
 * ALB has no listener for count as missing: the controller creates the listener with the rules, so until then
 * the scope is not served there.
 */
export function unservedRoutes(
    routes: readonly ExpectedRoute[],
    ports: readonly number[],
    rules: readonly RuleConditions[],
): UnservedRoute[] {
    return ports.flatMap(port =>
        routes
            .filter(route => !rules.some(rule => rule.port === port && ruleRoutes(rule, route)))
            .map(route => ({ ...route, port })),
    );
}

/** `checkout.example.com /api (Prefix) on port 443`, for progress lines and errors. */
export function describeRoute(route: UnservedRoute): string {
    return `${route.host} ${route.path} (${route.pathType}) on port ${route.port}`;
}

/** Largest reconciliation timeout, in seconds: past an hour a deployment is better failed and rerun. */
export const MAX_RECONCILIATION_TIMEOUT_SECONDS = 3600;
