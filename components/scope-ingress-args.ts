/** The arguments of a `ScopeIngress`, their defaults, and the check of every plain value before anything is registered. */
import * as pulumi from "@pulumi/pulumi";
import type { IngressRef } from "../core/assignment-contract";
import { assertBalancerName } from "../core/balancer-name";
import { CandidatePool, StackConfigReader, Visibility, assertVisibility, resolveCandidatePool } from "../core/candidate-pool";
import { hostnameProblem } from "../core/hostname";
import { dnsLabelProblem, dnsSubdomainProblem } from "../core/kubernetes-names";
import { limitProblem, resolveRuleLimits } from "../core/rule-limits";
import { IngressManifestInput, IngressPath, PATH_TYPES, RESERVED_ANNOTATIONS } from "./ingress-manifest";
import { ListenPortEntry, resolvePoolListeners } from "../core/pool-listeners";
import type { ListenerRuleInputs } from "../core/rule-estimate";

export type { ListenPortEntry } from "../core/pool-listeners";

/** The ALB pool of a scope and how it is placed; read once, when the scope's assignment is created. */
export interface ScopeIngressBalancers {
    /** The base ALB: first candidate, and the fallback when none can be measured. Default: stack config `scope-ingress:publicBalancer` (internet-facing) or `scope-ingress:privateBalancer` (internal), then `k8s-nullplatform-<visibility>`. */
    base?: string;
    /** ALBs after the base, in preference order; `[]` means none. Default: stack config `scope-ingress:additionalPublicBalancers` or `scope-ingress:additionalPrivateBalancers` (JSON arrays), then none. */
    additional?: string[];
    /** A scope fits on an ALB when `rules + expectedRules <= maxRules`. Default 75. */
    maxRules?: number;
    /** Fail instead of falling back to the base ALB when no candidate can be measured. Default false. */
    strict?: boolean;
    /** Count a pool ALB that does not exist yet as empty, and wait for it if chosen. Default false. */
    assumeMissingInFlight?: boolean;
    /**
     * The ALB listeners of the pool's Ingresses (`alb.ingress.kubernetes.io/listen-ports`), e.g.
     * `[{ HTTP: 80 }, { HTTPS: 443 }]`, each port an integer from 1 to 65535 and listed once. Must be one value for
     * every scope of the pool: the controller stops reconciling an ALB whose Ingresses give one port two protocols.
     * Multiplies the rules each scope reserves. Default: stack config `scope-ingress:listenPorts` (a JSON string),
     * then `[{ HTTP: 80 }, { HTTPS: 443 }]`.
     */
    listenPorts?: ListenPortEntry[];
    /**
     * The HTTPS port of `listenPorts` that HTTP requests are redirected to (`alb.ingress.kubernetes.io/ssl-redirect`),
     * or `false` for no redirect, which makes HTTP ports carry rules too. Must be one value for every scope of the
     * pool: the controller stops reconciling an ALB whose Ingresses name two redirect ports. Default: stack config
     * `scope-ingress:sslRedirect` (a port number or `false`), then 443.
     */
    sslRedirect?: number | false;
}

/**
 * Arguments of a `ScopeIngress`. Only `hostedZoneId` and `region` accept Pulumi outputs: every other
 * field builds the pool or the Ingress and is validated at construction, so it is a plain value.
 */
export interface ScopeIngressArgs {
    /** `internet-facing` or `internal`: the pool, and the Ingress's `alb.ingress.kubernetes.io/scheme`. Required. */
    visibility: Visibility;
    /** The scope's hostname: an Ingress rule and a Route53 alias; lowercase, optionally starting with `*.`. Required. */
    domain: string;
    /** More hostnames served the same way. Default none. */
    additionalDomains?: string[];
    /** The Route53 hosted zone of every hostname, e.g. `zone.zoneId`; with records, each hostname must be its name or below it (checked during the deployment, preview included). Required. */
    hostedZoneId: pulumi.Input<string>;
    /** Namespace of the Ingress and the Service. Required. */
    namespace: string;
    /** The Service every path routes to. Required. */
    service: { name: string; port: number };
    /** Paths of every hostname. Default `[{ path: "/", pathType: "Prefix" }]`. */
    paths?: IngressPath[];
    /** `alb.ingress.kubernetes.io/group.order`, an integer from -1000 to 1000; lower is evaluated first. Default: not set (the controller uses 0). */
    groupOrder?: number;
    /** The ALB pool and placement options. Default: stack config, then the defaults listed on each field. */
    balancers?: ScopeIngressBalancers;
    /** AWS region of the ALBs. Default: stack config `aws:region`, then `AWS_REGION`, then `AWS_DEFAULT_REGION`. */
    region?: pulumi.Input<string>;
    /** An existing Ingress whose `load-balancer-name` annotation the scope adopts at create. Default none. */
    ingressRef?: IngressRef;
    /** Move the scope to this ALB: the only way its assignment ever changes. Default none. */
    pinnedBalancer?: string;
    /** Extra Ingress annotations; they override the default `target-type` but may not set `load-balancer-name`, `group.name`, `scheme`, `group.order`, or the pool's `listen-ports` and `ssl-redirect` (`balancers.listenPorts`, `balancers.sslRedirect`). Default none. */
    annotations?: Record<string, string>;
    /** Ingress labels. Default none. */
    labels?: Record<string, string>;
    /** Name of the Ingress. Default: the component's name. */
    ingressName?: string;
    /** Also create AAAA aliases and alias `dualstack.<ALB DNS name>`; the ALB itself must be dual-stack. Default false. */
    dualStack?: boolean;
    /**
     * Create the Route53 alias of each hostname. Set false for a scope that shares a hostname whose records
     * another `ScopeIngress` already owns (a side-by-side migration): two resources owning one record means
     * deleting either deletes the hostname's DNS. Default true.
     */
    dnsRecords?: boolean;
}

/** The validated plain values a `ScopeIngress` builds its children from. */
export interface ResolvedScopeIngressArgs {
    pool: CandidatePool;
    ingress: IngressManifestInput;
    /** The pool's listeners, which the Ingress is built with and which multiply its listener rules. */
    listeners: Pick<ListenerRuleInputs, "listenPorts" | "sslRedirectPort">;
}

const DEFAULT_PATHS: readonly IngressPath[] = [{ path: "/", pathType: "Prefix" }];

/**
 * Applies the defaults (the pool from `args`, then stack `config`, then the built-in names) and checks
 * every plain argument, throwing one error that lists each bad field with its value and the fix.
 */
export function resolveScopeIngressArgs(name: string, args: ScopeIngressArgs, config: StackConfigReader): ResolvedScopeIngressArgs {
    const visibility = assertVisibility(args.visibility);
    const pool = resolveCandidatePool(visibility, args.balancers, config);
    const hosts = [args.domain, ...args.additionalDomains ?? []];
    const paths = args.paths ?? DEFAULT_PATHS;
    const ingressName = args.ingressName ?? name;
    const listeners = resolvePoolListeners(args.balancers, config);
    const hostFields = hosts.map((_, i) => i === 0 ? "domain" : `additionalDomains[${i - 1}]`);
    const problems = [
        ...hosts.map((host, i) => fieldProblem(hostFields[i], host, hostnameProblem(host),
            'use a lowercase hostname such as "checkout.apps.example.com", or "*.apps.example.com" for a wildcard')),
        ...hosts.map((host, i) => hosts.indexOf(host) < i
            ? `${hostFields[i]}: ${JSON.stringify(host)} repeats ${hostFields[hosts.indexOf(host)]}; list each hostname once` : undefined),
        paths.length === 0 ? 'paths: [] has no path; give at least one, or leave paths out for [{ path: "/", pathType: "Prefix" }]' : undefined,
        ...paths.flatMap(({ path, pathType }, i) => [
            typeof path === "string" && path.startsWith("/") ? undefined
                : `paths[${i}].path: ${JSON.stringify(path)} does not start with "/"; write it as an absolute path such as "/api"`,
            // The controller fails the model build of the Ingress's whole group on a wildcard (aws-load-balancer-controller
            // pkg/ingress/model_build_listener_rules.go, buildPathPatternsForExactPathType / buildPathPatternsForPrefixPathType).
            typeof path === "string" && /[*?]/.test(path)
                ? `paths[${i}].path: ${JSON.stringify(path)} contains "*" or "?", which the Load Balancer Controller refuses in Exact and Prefix paths ` +
                    "and then stops reconciling every Ingress on the ALB; write the literal path: a Prefix path already matches everything below it"
                : undefined,
            PATH_TYPES.includes(pathType) ? undefined
                : `paths[${i}].pathType: ${JSON.stringify(pathType)} is not a path type; use "Exact" (that path only) or "Prefix" (it and everything below)`,
        ]),
        args.groupOrder === undefined ? undefined : rangeProblem("groupOrder", args.groupOrder, -1000, 1000,
            "set an integer from -1000 to 1000 (alb.ingress.kubernetes.io/group.order; lower is evaluated first)"),
        rangeProblem("service.port", args.service?.port, 1, 65535, "set the Service's port number"),
        fieldProblem("service.name", args.service?.name, dnsLabelProblem(args.service?.name), "use the Service's name as kubectl get services shows it"),
        fieldProblem("namespace", args.namespace, dnsLabelProblem(args.namespace), "use the namespace's name as kubectl get namespaces shows it"),
        fieldProblem("ingressName", ingressName, dnsSubdomainProblem(ingressName),
            args.ingressName === undefined ? "the component's name is the default; set ingressName to a valid Kubernetes name" : "set a valid Kubernetes object name"),
        ...args.ingressRef === undefined ? [] : [
            fieldProblem("ingressRef.namespace", args.ingressRef.namespace, dnsLabelProblem(args.ingressRef.namespace), "name the existing Ingress's namespace"),
            fieldProblem("ingressRef.name", args.ingressRef.name, dnsSubdomainProblem(args.ingressRef.name), "name the existing Ingress"),
        ],
        ...Object.keys(args.annotations ?? {}).filter(key => key in RESERVED_ANNOTATIONS)
            .map(key => `annotations: ${JSON.stringify(key)} cannot be set here: ${RESERVED_ANNOTATIONS[key]}`),
        // The component writes the ALB's name into group.name, which the controller accepts in lowercase only.
        ...[...pool.candidates, ...args.pinnedBalancer === undefined ? [] : [args.pinnedBalancer]]
            .filter(alb => typeof alb === "string" && alb !== alb.toLowerCase())
            .map(alb => `balancers: ALB ${JSON.stringify(alb)} has upper-case letters, but its name becomes the Ingress's alb.ingress.kubernetes.io/group.name, ` +
                "which must be lowercase; use ALBs with lowercase names"),
        thrown(() => args.pinnedBalancer === undefined || assertBalancerName(args.pinnedBalancer, "pinnedBalancer")),
        thrown(() => resolveRuleLimits({ maxRules: args.balancers?.maxRules, strict: args.balancers?.strict })),
        ...listeners.problems,
    ].filter((problem): problem is string => problem !== undefined);
    if (problems.length > 0) {
        throw new Error(`ScopeIngress ${JSON.stringify(name)} has invalid arguments:\n  ${problems.join("\n  ")}`);
    }
    return {
        pool,
        ingress: {
            name: ingressName,
            namespace: args.namespace,
            visibility,
            hosts,
            paths,
            service: args.service,
            groupOrder: args.groupOrder,
            listenPorts: listeners.listenPorts,
            sslRedirectPort: listeners.sslRedirectPort,
            annotations: args.annotations,
            labels: args.labels,
        },
        listeners: { listenPorts: listeners.listenPorts, sslRedirectPort: listeners.sslRedirectPort },
    };
}

function fieldProblem(field: string, value: unknown, problem: string | undefined, fix: string): string | undefined {
    return problem === undefined ? undefined : `${field}: ${JSON.stringify(value)} ${problem}; ${fix}`;
}

function rangeProblem(field: string, value: unknown, min: number, max: number, fix: string): string | undefined {
    return limitProblem(field, value, min, fix) ?? ((value as number) > max ? `${field}: must be at most ${max}, got ${value}; ${fix}` : undefined);
}

function thrown(check: () => unknown): string | undefined {
    try {
        check();
        return undefined;
    } catch (e) {
        return (e as Error).message;
    }
}
