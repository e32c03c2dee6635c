/** The check of a `scopeShape` given to a `BalancerAssignment`: JavaScript and YAML callers have no compiler. Pure. */
import type { ScopeShape } from "./scope-usage-estimate";

/** Why `value` is not a {@link ScopeShape}, or undefined when it is one. */
export function scopeShapeProblem(value: unknown): string | undefined {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        return "is not an object";
    }
    const s = value as Partial<Record<keyof ScopeShape, unknown>>;
    const whole = (n: unknown) => typeof n === "number" && Number.isInteger(n) && n >= 0;
    if (!Array.isArray(s.hosts) || !s.hosts.every(h => typeof h === "string")) {
        return "has no hosts list of strings";
    }
    if (!whole(s.pathCount) || !whole(s.servicePorts)) {
        return "needs pathCount and servicePorts as whole numbers of 0 or more";
    }
    const portOk = (l: unknown) => {
        const p = l as { protocol?: unknown; port?: unknown };
        return (
            typeof l === "object" &&
            l !== null &&
            (p.protocol === "HTTP" || p.protocol === "HTTPS") &&
            Number.isInteger(p.port) &&
            (p.port as number) >= 1 &&
            (p.port as number) <= 65535
        );
    };
    if (!Array.isArray(s.listenPorts) || !s.listenPorts.every(portOk)) {
        return 'has listenPorts that are not a list of { protocol: "HTTP" | "HTTPS", port: 1-65535 }';
    }
    if (s.sslRedirectPort !== undefined && !Number.isInteger(s.sslRedirectPort)) {
        return "has an sslRedirectPort that is not a port number";
    }
    if (
        s.certificateArns !== undefined &&
        (!Array.isArray(s.certificateArns) || !s.certificateArns.every(a => typeof a === "string"))
    ) {
        return "has certificateArns that are not a list of strings";
    }
    return undefined;
}
