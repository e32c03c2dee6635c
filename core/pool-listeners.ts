/** The listeners (`listen-ports`, `ssl-redirect`) of a pool's Ingresses: one choice per pool, from the arguments, stack config, then the defaults. */
import type { StackConfigReader } from "./candidate-pool";
import { listenPortsAnnotation } from "./alb-annotations";
import type { Problems } from "./problems";
import type { ListenPort } from "./rule-estimate";

/** One ALB listener in the Load Balancer Controller's `listen-ports` form: `{ HTTP: 80 }` or `{ HTTPS: 443 }`. */
export type ListenPortEntry = { HTTP: number; HTTPS?: never } | { HTTPS: number; HTTP?: never };

/** The listeners of a pool whose arguments and stack config set none: HTTP on 80 and HTTPS on 443. */
export const DEFAULT_LISTEN_PORTS: readonly ListenPort[] = [
    { protocol: "HTTP", port: 80 },
    { protocol: "HTTPS", port: 443 },
];

/** The HTTPS port HTTP requests are redirected to when the arguments and stack config set none. */
export const DEFAULT_SSL_REDIRECT_PORT = 443;

/** The stack-config keys (namespace `scope-ingress`) of the pool's listeners. */
export const LISTENER_CONFIG_KEYS = { listenPorts: "listenPorts", sslRedirect: "sslRedirect" } as const;

/** The validated listeners of a pool, which every Ingress of the pool is built with and its rule estimate reads. */
export interface PoolListeners {
    listenPorts: ListenPort[];
    /** Undefined for no redirect. */
    sslRedirectPort?: number;
}

const FIX = `give one-key objects such as ${listenPortsAnnotation(DEFAULT_LISTEN_PORTS)}, each port an integer from 1 to 65535 and listed once`;

/**
 * The pool's listeners: `given` (the `balancers` argument), then stack config, then the defaults; checked as the
 * Load Balancer Controller checks them, so that a value it refuses is an error here and not a group it stops
 * reconciling. Each bad field goes to `problems` with its value and the fix.
 */
export function resolvePoolListeners(
    given: { listenPorts?: unknown; sslRedirect?: unknown } | undefined,
    config: StackConfigReader,
    problems: Problems,
): PoolListeners {
    const ports = listenPortsOf(given?.listenPorts, config);
    const redirect = sslRedirectOf(given?.sslRedirect, config);
    const portsOk = problems.check(
        ports.field,
        ports.value,
        typeof ports.parsed === "string" ? ports.parsed : undefined,
        FIX,
    );
    const listenPorts = typeof ports.parsed === "string" ? [] : ports.parsed;
    if (redirect.port === false) {
        return { listenPorts };
    }
    // The controller refuses a redirect port that is not one of the group's HTTPS listeners
    // (aws-load-balancer-controller pkg/ingress/model_builder.go, buildSSLRedirectConfig).
    const httpsPorts = listenPorts.filter(({ protocol }) => protocol === "HTTPS").map(({ port }) => port);
    if (redirect.port !== undefined && (httpsPorts.includes(redirect.port) || !portsOk)) {
        return { listenPorts, sslRedirectPort: redirect.port };
    }
    const fix = !portsOk
        ? "set it to an HTTPS port of the listen ports, or to false for no redirect"
        : httpsPorts.length === 0
          ? `${ports.field} has no HTTPS port to redirect to: add one such as { HTTPS: 443 }, or set sslRedirect to false`
          : `set it to the HTTPS port HTTP requests are redirected to (${httpsPorts.join(" or ")}), or to false for no redirect`;
    const rule =
        redirect.port === undefined ? "is not a port number or false" : `is not an HTTPS port of ${ports.field}`;
    problems.check(redirect.field, redirect.value, redirect.isDefault ? `(the default) ${rule}` : rule, fix);
    return { listenPorts };
}

/** Where the listen ports come from, their value as given, and the listeners or what is wrong with them. */
function listenPortsOf(
    given: unknown,
    config: StackConfigReader,
): { field: string; value: unknown; parsed: ListenPort[] | string } {
    if (given !== undefined) {
        return { field: "balancers.listenPorts", value: given, parsed: entriesOf(given) };
    }
    const raw = config(LISTENER_CONFIG_KEYS.listenPorts);
    if (raw === undefined) {
        return {
            field: `the default listen ports ${listenPortsAnnotation(DEFAULT_LISTEN_PORTS)}`,
            value: DEFAULT_LISTEN_PORTS,
            parsed: [...DEFAULT_LISTEN_PORTS],
        };
    }
    const field = `stack config scope-ingress:${LISTENER_CONFIG_KEYS.listenPorts}`;
    let entries: unknown;
    try {
        entries = JSON.parse(raw);
    } catch {
        return { field, value: raw, parsed: "is not JSON" };
    }
    const parsed = entriesOf(entries);
    return { field, value: raw, parsed: typeof parsed === "string" ? parsed : (nonIntegerLiteral(raw) ?? parsed) };
}

/** The listeners of `listen-ports` entries, or what is wrong with them. */
function entriesOf(entries: unknown): ListenPort[] | string {
    if (!Array.isArray(entries) || entries.length === 0) {
        return "is not a non-empty array";
    }
    const listenPorts: ListenPort[] = [];
    for (const [i, entry] of entries.entries()) {
        const keys = typeof entry === "object" && entry !== null && !Array.isArray(entry) ? Object.keys(entry) : [];
        if (keys.length !== 1) {
            return `has ${JSON.stringify(entry)} at [${i}], which is not an object with exactly one key`;
        }
        const [protocol] = keys;
        const port = (entry as Record<string, unknown>)[protocol];
        if (protocol !== "HTTP" && protocol !== "HTTPS") {
            return `has the protocol ${JSON.stringify(protocol)} at [${i}], which is not "HTTP" or "HTTPS"`;
        }
        if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535) {
            return `has the port ${JSON.stringify(port)} at [${i}], which is not an integer from 1 to 65535`;
        }
        if (listenPorts.some(listener => listener.port === port)) {
            return `lists port ${port} twice`;
        }
        listenPorts.push({ protocol, port });
    }
    return listenPorts;
}

/**
 * What is wrong with the port literals of a valid `listen-ports` JSON text, or undefined. JSON.parse reads `80.0`
 * and `4.43e2` as integers, but the controller decodes each port into a Go int32, which refuses a fraction or an
 * exponent (aws-load-balancer-controller pkg/ingress/model_build_listener.go, computeIngressListenPorts). Every
 * entry has been checked to be one key and one number, so the number literals outside strings are the ports in order.
 */
function nonIntegerLiteral(raw: string): string | undefined {
    const literals = (raw.match(/"(?:[^"\\]|\\.)*"|-?[0-9][0-9.eE+-]*/g) ?? []).filter(token => !token.startsWith('"'));
    const i = literals.findIndex(literal => !/^[0-9]+$/.test(literal));
    return i < 0
        ? undefined
        : `has the port literal ${literals[i]} at [${i}], which is not an integer literal: the controller decodes ports into a Go int32`;
}

/** Where the redirect comes from, its value as the user wrote it, and the port, `false`, or undefined when it is neither. */
function sslRedirectOf(
    given: unknown,
    config: StackConfigReader,
): { field: string; value: unknown; isDefault?: boolean; port: number | false | undefined } {
    const field = "balancers.sslRedirect";
    if (given !== undefined) {
        const port = given === false || (typeof given === "number" && Number.isInteger(given)) ? given : undefined;
        return { field, value: given, port };
    }
    const raw = config(LISTENER_CONFIG_KEYS.sslRedirect);
    if (raw === undefined) {
        return { field, value: DEFAULT_SSL_REDIRECT_PORT, isDefault: true, port: DEFAULT_SSL_REDIRECT_PORT };
    }
    const port = raw === "false" ? false : /^[0-9]+$/.test(raw) ? Number(raw) : undefined;
    return { field: `stack config scope-ingress:${LISTENER_CONFIG_KEYS.sslRedirect}`, value: raw, port };
}
