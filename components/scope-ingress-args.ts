/** The arguments of a `ScopeIngress`, their defaults, and the check of every plain value before anything is registered. */
import * as pulumi from "@pulumi/pulumi";
import type { IngressRef } from "../core/assignment-contract";
import { regionProblem } from "../core/aws-region-code";
import { BALANCER_NAME_FIX, balancerNameProblem } from "../core/balancer-name";
import { CandidatePool, StackConfigReader, Visibility, resolveCandidatePool } from "../core/candidate-pool";
import { hostnameProblem } from "../core/hostname";
import {
    dnsLabelProblem,
    dnsSubdomainProblem,
    labelValueProblem,
    qualifiedNameProblem,
} from "../core/kubernetes-names";
import { ListenPortEntry, resolvePoolListeners } from "../core/pool-listeners";
import { Problems } from "../core/problems";
import { COORDINATION_CONFIG_KEY, checkStackConfigKeys } from "../core/stack-config-keys";
import { stringProblem } from "../core/value-types";
import { estimateListenerRules } from "../core/rule-estimate";
import { resolveRuleLimits, wholeNumberProblem } from "../core/rule-limits";
import { THRESHOLD_FIELDS, Threshold, checkThresholds } from "../core/quota-thresholds";
import type { ScopeShape } from "../core/scope-usage-estimate";
import { CERTIFICATE_ARN_ANNOTATION, certificateArnsOf } from "../core/ingress-usage-estimate";
import { IngressManifestInput, IngressPath, PATH_TYPES, RESERVED_ANNOTATIONS } from "./ingress-manifest";
import { ResolvedMove, ScopeIngressMove, resolveMove } from "./move-args";
import { ResolvedReconciliation, ScopeIngressReconciliation, resolveReconciliation } from "./reconciliation-args";
import { typedArgs } from "./scope-ingress-arg-types";
import type { PoolReference } from "../core/pool-settings";
import { ScopePool, checkScopePool } from "../core/pool-reference-check";

export type { ListenPortEntry } from "../core/pool-listeners";

/** The ALB pool of a scope and how it is placed; read once, when the scope's assignment is created. */
export interface ScopeIngressBalancers {
    /** The base ALB: first candidate, and the fallback when none can be measured. Default: stack config `scope-ingress:publicBalancer` (internet-facing) or `scope-ingress:privateBalancer` (internal), then `k8s-nullplatform-<visibility>`. */
    base?: string;
    /** ALBs after the base, in preference order; `[]` means none. Default: stack config `scope-ingress:additionalPublicBalancers` or `scope-ingress:additionalPrivateBalancers` (JSON arrays), then none. */
    additional?: string[];
    /**
     * A scope fits on an ALB when `rules + expectedRules <= maxRules`: a number (absolute, whatever the account's
     * quota), or a share of the account's "Rules per Application Load Balancer" quota such as `"75%"`, which a raised
     * quota raises. Default 75.
     */
    maxRules?: Threshold;
    /**
     * The most target groups an ALB may carry, this scope's one included: a number, or a share of the account's limit
     * (100 per ALB, which AWS does not raise). Default `"75%"` (75).
     */
    maxTargetGroups?: Threshold;
    /**
     * The most certificates an ALB may carry on its HTTPS listeners (default certificates not counted), this scope's
     * included: a number, or a share of the account's quota (25 per ALB by default, raisable). Default `"75%"` (18).
     */
    maxCertificates?: Threshold;
    /** The most listeners an ALB may carry: a number, or a share of the account's quota (50 by default). Default `"75%"` (37). */
    maxListeners?: Threshold;
    /** Fail instead of falling back to the base ALB when no candidate can be measured. Default false. */
    strict?: boolean;
    /** Count a pool ALB that does not exist yet as empty, let a `provisioning` one be chosen, and wait for the chosen one to be `active`. Default false. */
    assumeMissingInFlight?: boolean;
    /**
     * The ALB listeners of the pool's Ingresses (`alb.ingress.kubernetes.io/listen-ports`), e.g.
     * `[{ HTTP: 80 }, { HTTPS: 443 }]`, each port an integer from 1 to 65535 and listed once. Must be one value for
     * every scope of the pool: the controller stops reconciling an ALB whose Ingresses give one port two protocols.
     * Multiplies the rules each scope reserves. Default: stack config `scope-ingress:listenPorts` (a JSON string),
     * then `[{ HTTP: 80 }, { HTTPS: 443 }]`. A `BalancerPool`'s reference carries its own.
     */
    listenPorts?: ListenPortEntry[] | PoolReference["listenPorts"];
    /**
     * The HTTPS port of `listenPorts` that HTTP requests are redirected to (`alb.ingress.kubernetes.io/ssl-redirect`),
     * or `false` for no redirect, which makes HTTP ports carry rules too. Must be one value for every scope of the
     * pool: the controller stops reconciling an ALB whose Ingresses name two redirect ports. Default: stack config
     * `scope-ingress:sslRedirect` (a port number or `false`), then 443.
     */
    sslRedirect?: number | false;
    /**
     * Coordinate placements with every stack deploying into this pool, through the cluster: each placement writes a
     * reservation to a ConfigMap in this namespace (which must exist; a DNS-1123 label), and the cluster's Ingresses
     * of each ALB's group count as its load. Recommended for anyone deploying from more than one stack. The
     * deployment needs the RBAC in the README. Default: stack config `scope-ingress:coordinationNamespace`, then
     * none (coordinated within one deployment only).
     */
    coordinationNamespace?: string;
    /**
     * The `BalancerPool` this pool is: the `pool` field of the reference a platform stack exports, passed with the
     * rest of that reference as `balancers`. Its visibility must be the scope's; its draining members take no new
     * scope; its region is the default `region`; a full pool may grow (up to `maxMembers`) at placement. Default
     * none: a pool of the listed ALBs only.
     */
    pool?: ScopePool;
}

/**
 * Arguments of a `ScopeIngress`. Only `hostedZoneId` and `region` accept Pulumi outputs: every other
 * field builds the pool or the Ingress and is validated at construction, so it is a plain value.
 */
export interface ScopeIngressArgs {
    /** `internet-facing` or `internal`: the pool, and the Ingress's `alb.ingress.kubernetes.io/scheme`. Required. */
    visibility: Visibility;
    /** The scope's hostname: an Ingress rule and a Route53 alias; lowercase, optionally starting with `*.`, not an IP address. Required. */
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
    /** Extra Ingress annotations, string values under qualified-name keys; they override the default `target-type` but may not set `load-balancer-name`, `group.name`, `scheme`, `group.order`, or the pool's `listen-ports` and `ssl-redirect` (`balancers.listenPorts`, `balancers.sslRedirect`). Default none. */
    annotations?: Record<string, string>;
    /** Ingress labels: keys are Kubernetes qualified names (`team`, `example.com/team`), values at most 63 characters. Default none. */
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
    /**
     * Whether and how long each create and update waits until the ALB routes every hostname and path, before the
     * Route53 aliases are written. Default `{ wait: true, timeoutSeconds: 300 }`.
     */
    reconciliation?: ScopeIngressReconciliation;
    /** The timings of a move to another ALB (`pinnedBalancer`). Default `{ drainSeconds: 90 }`. */
    move?: ScopeIngressMove;
}

/** The validated plain values a `ScopeIngress` builds its children from. */
export interface ResolvedScopeIngressArgs {
    pool: CandidatePool;
    ingress: IngressManifestInput;
    /** The listener rules the scope's Ingress adds: hostnames x paths x the pool's rule-carrying listener ports. */
    expectedRules: number;
    /** Where placements are coordinated, from `balancers.coordinationNamespace` or stack config; undefined when they are not. */
    coordinationNamespace?: string;
    /** The `BalancerPool` the scope is placed on, checked; undefined when `balancers.pool` is not given. */
    scopePool?: ScopePool;
    /** What the scope's Ingress asks for, from which placement estimates its usage in every quota dimension. */
    scopeShape: ScopeShape;
    /** The reconciliation check, with its defaults. */
    reconciliation: ResolvedReconciliation;
    /** The move timings, with their defaults. */
    move: ResolvedMove;
}

const DEFAULT_PATHS: readonly IngressPath[] = [{ path: "/", pathType: "Prefix" }];

/** What a `ScopeIngress` knows of its stack besides the stack config values, for checks no argument can make. */
export interface ScopeIngressContext {
    /** The keys of the `scope-ingress` stack-config namespace that the stack sets, without the prefix; each must be a known key. Default: not checked. */
    configKeys?: readonly string[];
    /** Whether a region is found without the `region` argument (an explicit aws provider, stack config `aws:region`, the environment). Default true. */
    regionFound?: boolean;
}

/**
 * Applies the defaults (the pool from `args`, then stack `config`, then the built-in names) and checks
 * every plain argument (its JavaScript type first, then its rules) and the stack's `scope-ingress:*` keys,
 * throwing one error, headed `ScopeIngress "<name>"`, that lists each bad field with its value and the fix.
 */
export function resolveScopeIngressArgs(
    name: string,
    given: ScopeIngressArgs,
    config: StackConfigReader,
    context: ScopeIngressContext = {},
): ResolvedScopeIngressArgs {
    const problems = new Problems();
    const args = typedArgs(given, problems);
    checkStackConfigKeys(context.configKeys ?? [], problems);
    const visibility = args.visibility;
    const listed = resolveCandidatePool(visibility, args.balancers, config, problems);
    const pool =
        args.balancers?.pool === undefined
            ? listed
            : checkScopePool(args.balancers.pool, visibility, args.region, listed, problems);
    // A list of the wrong type was reported and left out by typedArgs.
    const hosts: unknown[] = [args.domain, ...(args.additionalDomains ?? [])];
    const paths = args.paths ?? DEFAULT_PATHS;
    const ingressName = args.ingressName ?? name;
    const listeners = resolvePoolListeners(args.balancers, config, problems);
    const hostFields = hosts.map((_, i) => (i === 0 ? "domain" : `additionalDomains[${i - 1}]`));
    hosts.forEach((host, i) => {
        problems.check(
            hostFields[i],
            host,
            hostnameProblem(host),
            'use a lowercase hostname such as "checkout.apps.example.com", or "*.apps.example.com" for a wildcard',
        );
        const first = hosts.indexOf(host);
        problems.check(
            hostFields[i],
            host,
            first < i ? `repeats ${hostFields[first]}` : undefined,
            "list each hostname once",
        );
    });
    problems.check(
        "hostedZoneId",
        args.hostedZoneId,
        inputStringProblem(args.hostedZoneId),
        "set the Route53 hosted zone of the hostnames, e.g. zone.zoneId or aws.route53.getZoneOutput({ name }).zoneId",
    );
    if (args.region !== undefined && !isEventual(args.region)) {
        problems.check(
            "region",
            args.region,
            regionProblem(args.region),
            'use an AWS region code such as "us-east-1", or leave region out for the stack\'s aws:region',
        );
    }
    problems.check(
        "region",
        undefined,
        args.region === undefined && args.balancers?.pool === undefined && context.regionFound === false
            ? NO_REGION_FOUND
            : undefined,
        NO_REGION_FIX,
    );
    problems.check(
        "paths",
        paths,
        paths.length === 0 ? "has no path" : undefined,
        'give at least one, or leave paths out for [{ path: "/", pathType: "Prefix" }]',
    );
    paths.forEach(({ path, pathType }, i) => {
        problems.check(
            `paths[${i}].path`,
            path,
            typeof path === "string" && path.startsWith("/") ? undefined : 'does not start with "/"',
            'write it as an absolute path such as "/api"',
        );
        // The controller fails the model build of the Ingress's whole group on a wildcard (aws-load-balancer-controller
        // pkg/ingress/model_build_listener_rules.go, buildPathPatternsForExactPathType / buildPathPatternsForPrefixPathType).
        problems.check(
            `paths[${i}].path`,
            path,
            typeof path === "string" && /[*?]/.test(path)
                ? 'contains "*" or "?", which the Load Balancer Controller refuses in Exact and Prefix paths and then stops reconciling every Ingress on the ALB'
                : undefined,
            "write the literal path: a Prefix path already matches everything below it",
        );
        problems.check(
            `paths[${i}].pathType`,
            pathType,
            PATH_TYPES.includes(pathType) ? undefined : "is not a path type",
            'use "Exact" (that path only) or "Prefix" (it and everything below)',
        );
    });
    if (args.groupOrder !== undefined) {
        problems.check(
            "groupOrder",
            args.groupOrder,
            wholeNumberProblem(args.groupOrder, -1000, 1000),
            "set an integer from -1000 to 1000 (alb.ingress.kubernetes.io/group.order; lower is evaluated first)",
        );
    }
    if (args.service !== undefined) {
        problems.check(
            "service.port",
            args.service.port,
            wholeNumberProblem(args.service.port, 1, 65535),
            "set the Service's port number",
        );
        problems.check(
            "service.name",
            args.service.name,
            dnsLabelProblem(args.service.name),
            "use the Service's name as kubectl get services shows it",
        );
    }
    problems.check(
        "namespace",
        args.namespace,
        dnsLabelProblem(args.namespace),
        "use the namespace's name as kubectl get namespaces shows it",
    );
    problems.check(
        "ingressName",
        ingressName,
        dnsSubdomainProblem(ingressName),
        args.ingressName === undefined
            ? "the component's name is the default; set ingressName to a valid Kubernetes name"
            : "set a valid Kubernetes object name",
    );
    if (args.ingressRef !== undefined) {
        problems.check(
            "ingressRef.namespace",
            args.ingressRef.namespace,
            dnsLabelProblem(args.ingressRef.namespace),
            "name the existing Ingress's namespace",
        );
        problems.check(
            "ingressRef.name",
            args.ingressRef.name,
            dnsSubdomainProblem(args.ingressRef.name),
            "name the existing Ingress",
        );
    }
    checkAnnotations(args.annotations ?? {}, problems);
    checkLabels(args.labels ?? {}, problems);
    if (args.pinnedBalancer !== undefined) {
        problems.check(
            "pinnedBalancer",
            args.pinnedBalancer,
            balancerNameProblem(args.pinnedBalancer),
            BALANCER_NAME_FIX,
        );
    }
    // The component writes the ALB's name into group.name, which the controller accepts in lowercase only.
    const named = [
        ...pool.candidates.map(alb => ({ field: "balancers", alb })),
        { field: "pinnedBalancer", alb: args.pinnedBalancer },
    ];
    for (const { field, alb } of named.filter(({ alb }) => typeof alb === "string" && alb !== alb.toLowerCase())) {
        problems.check(
            field,
            alb,
            "has upper-case letters, but the ALB's name becomes the Ingress's alb.ingress.kubernetes.io/group.name, which must be lowercase",
            "use ALBs with lowercase names",
        );
    }
    const coordination =
        args.balancers?.coordinationNamespace !== undefined
            ? { field: "balancers.coordinationNamespace", value: args.balancers.coordinationNamespace as unknown }
            : {
                  field: `stack config scope-ingress:${COORDINATION_CONFIG_KEY}`,
                  value: config(COORDINATION_CONFIG_KEY),
              };
    if (coordination.value !== undefined) {
        problems.check(
            coordination.field,
            coordination.value,
            dnsLabelProblem(coordination.value),
            "name the namespace where placements record their reservations (e.g. scope-ingress), as kubectl get namespaces shows it",
        );
    }
    const expectedRules = estimateListenerRules({ hostCount: hosts.length, pathCount: paths.length, ...listeners });
    // The scope's own rules are checked against the threshold here, so that a scope no ALB could ever take fails
    // before preview; with bad listeners the estimate is 0 and that problem is reported already.
    resolveRuleLimits(
        {
            maxRules: args.balancers?.maxRules,
            strict: args.balancers?.strict,
            expectedRules: expectedRules || undefined,
        },
        {
            maxRules: "balancers.maxRules",
            strict: "balancers.strict",
            expectedRules: `this scope: ${hosts.length} hostname(s) x ${paths.length} path(s) x its rule-carrying listener ports`,
        },
        problems,
    );
    checkThresholds(
        {
            targetGroups: args.balancers?.maxTargetGroups,
            certificates: args.balancers?.maxCertificates,
            listeners: args.balancers?.maxListeners,
        },
        problems,
        d => `balancers.${THRESHOLD_FIELDS[d]}`,
    );
    const reconciliation = resolveReconciliation(args.reconciliation, problems);
    const move = resolveMove(args.move, problems);
    problems.throwIfAny(`ScopeIngress ${JSON.stringify(name)}`);
    const certificateArns = certificateArnsOf(args.annotations?.[CERTIFICATE_ARN_ANNOTATION]);
    return {
        pool,
        reconciliation,
        move,
        expectedRules,
        scopeShape: {
            hosts: hosts as string[],
            pathCount: paths.length,
            // One Service port: the controller builds one target group for this Ingress and it.
            servicePorts: 1,
            listenPorts: listeners.listenPorts,
            ...(listeners.sslRedirectPort !== undefined && { sslRedirectPort: listeners.sslRedirectPort }),
            ...(certificateArns.length > 0 && { certificateArns }),
        },
        ...(coordination.value !== undefined && { coordinationNamespace: coordination.value as string }),
        ...(args.balancers?.pool !== undefined && { scopePool: args.balancers.pool }),
        ingress: {
            name: ingressName,
            namespace: args.namespace,
            visibility,
            hosts: hosts as string[],
            paths,
            service: args.service!,
            groupOrder: args.groupOrder,
            listenPorts: listeners.listenPorts,
            sslRedirectPort: listeners.sslRedirectPort,
            annotations: args.annotations,
            labels: args.labels,
        },
    };
}

const NO_REGION_FOUND =
    "no AWS region found in the region argument, an explicit aws provider, stack config aws:region, AWS_REGION or AWS_DEFAULT_REGION";
const NO_REGION_FIX = 'set one, e.g. "pulumi config set aws:region us-east-1" or region: "us-east-1"';

/** Whether `value` is a Pulumi output or a promise, whose value is not known at construction. */
function isEventual(value: unknown): boolean {
    return pulumi.Output.isInstance(value) || typeof (value as PromiseLike<unknown> | undefined)?.then === "function";
}

/** Why a required `Input<string>` given as a plain value is not a non-empty string, or `undefined`. */
function inputStringProblem(value: unknown): string | undefined {
    if (value === undefined) {
        return "is missing";
    }
    if (isEventual(value)) {
        return undefined;
    }
    return stringProblem(value) ?? (value === "" ? "is empty" : undefined);
}

// The API server refuses the whole Ingress for one bad key or label (apimachinery ValidateAnnotations, which checks
// each key lowercased and the total size, and ValidateLabels).
const ANNOTATIONS_SIZE_LIMIT = 256 * 1024;

/** Records each annotation the caller may not set, each key that is not a qualified name, and each value that is not a string. */
function checkAnnotations(annotations: Record<string, unknown>, problems: Problems): void {
    for (const [key, value] of Object.entries(annotations)) {
        if (key in RESERVED_ANNOTATIONS) {
            problems.check(
                `annotations[${JSON.stringify(key)}]`,
                value,
                "cannot be set here",
                RESERVED_ANNOTATIONS[key],
            );
            continue;
        }
        const keyProblem = qualifiedNameProblem(key.toLowerCase());
        problems.check(
            "annotations",
            key,
            keyProblem && `is not a valid annotation key: ${keyProblem}`,
            'use a Kubernetes annotation key: an optional DNS prefix and "/", then a name, e.g. "alb.ingress.kubernetes.io/healthcheck-path"',
        );
        // An undefined value is a JavaScript way of leaving the annotation out; Pulumi sends none.
        problems.check(
            `annotations[${JSON.stringify(key)}]`,
            value,
            value === undefined ? undefined : stringProblem(value),
            `annotation values are strings: write ${JSON.stringify(typeof value === "object" ? JSON.stringify(value) : String(value))}`,
        );
    }
    const size = Object.entries(annotations).reduce(
        (total, [key, value]) => total + Buffer.byteLength(key) + Buffer.byteLength(String(value ?? "")),
        0,
    );
    problems.check(
        "annotations",
        undefined,
        size > ANNOTATIONS_SIZE_LIMIT
            ? `total ${size} bytes, over Kubernetes' limit of ${ANNOTATIONS_SIZE_LIMIT}`
            : undefined,
        "keep large data out of annotations",
    );
}

/** Records each label whose key is not a qualified name or whose value is not a label value. */
function checkLabels(labels: Record<string, unknown>, problems: Problems): void {
    for (const [key, value] of Object.entries(labels)) {
        const keyProblem = qualifiedNameProblem(key);
        problems.check(
            "labels",
            key,
            keyProblem && `is not a valid label key: ${keyProblem}`,
            'use a Kubernetes label key: an optional DNS prefix and "/", then a name, e.g. "team" or "example.com/team"',
        );
        problems.check(
            `labels[${JSON.stringify(key)}]`,
            value,
            value === undefined ? undefined : labelValueProblem(value),
            "use a label value of at most 63 letters, digits, '-', '_' or '.', beginning and ending with a letter or digit, or \"\"",
        );
    }
}
