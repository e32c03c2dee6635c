/** The arguments of a `BalancerPool`, their defaults, and the check of every value before anything is registered. */
import { regionProblem } from "../core/aws-region-code";
import { BALANCER_NAME_FIX, balancerNameProblem } from "../core/balancer-name";
import { VISIBILITY_FIX, Visibility, visibilityProblem } from "../core/candidate-pool";
import { dnsLabelProblem, dnsSubdomainProblem } from "../core/kubernetes-names";
import { ListenPortEntry, resolvePoolListeners } from "../core/pool-listeners";
import { typedPoolArgs } from "./balancer-pool-arg-types";
import { sharedAnnotations } from "./pool-annotations";
import { memberNumber } from "../core/pool-membership";
import { PoolReference, PoolSettings, memberName } from "../core/pool-settings";
import { Problems } from "../core/problems";
import { QuotaThresholds, Threshold, checkThresholds } from "../core/quota-thresholds";
import { wholeNumberProblem } from "../core/rule-limits";
import { stringProblem } from "../core/value-types";

/** Where the controller writes an ALB's access logs (`access_logs.s3.*` load balancer attributes). */
export interface PoolAccessLogs {
    /** The S3 bucket, in the members' region, whose policy lets Elastic Load Balancing write. Required. */
    bucket: string;
    /** The key prefix of the logs in the bucket. Default none. */
    prefix?: string;
}

/**
 * Arguments of a `BalancerPool`: plain values, checked at construction. Name the members either with `members`
 * (explicit ALB names; such a pool cannot grow) or with `namePrefix`, `minMembers` and `maxMembers`.
 */
export interface BalancerPoolArgs {
    /** The pool's name, a DNS-1123 label: names its settings ConfigMap and labels its anchor Ingresses. Required. */
    name: string;
    /** `internet-facing` or `internal`: every member's `alb.ingress.kubernetes.io/scheme`. Required. */
    visibility: Visibility;
    /** AWS region of the members. Required. */
    region: string;
    /** The namespace (a DNS-1123 label, which must exist) where placements coordinate and the pool publishes its settings. Required. */
    coordinationNamespace: string;
    /** The namespace of the anchor Ingresses (must exist). Default: `coordinationNamespace`. */
    anchorNamespace?: string;
    /** Explicit member ALB names, in preference order; the pool never grows. Give this or `namePrefix`. */
    members?: string[];
    /** Members are named `<namePrefix>-1` to `<namePrefix>-<n>`. Give this or `members`. */
    namePrefix?: string;
    /** With `namePrefix`: how many members the platform stack keeps. Default 1. */
    minMembers?: number;
    /** With `namePrefix`: how many members the pool may have, grown ones included; at least `minMembers`. Default `minMembers` (no growth). */
    maxMembers?: number;
    /** Members that take no new placement (their scopes stay). Default none. */
    draining?: string[];
    /**
     * A scope fits on a member when `rules + expectedRules <= maxRules`: a number (absolute, whatever the account's
     * quota), or a share of the account's "Rules per Application Load Balancer" quota such as `"75%"`, which a raised
     * quota raises. Exported in {@link PoolReference}, so every scope of the pool uses it. Default 75.
     */
    maxRules?: Threshold;
    /**
     * The most target groups a member may carry, a new scope's one included: a number, or a share of the account's
     * limit (100 per ALB, which AWS does not raise). Exported in {@link PoolReference}. Default `"75%"` (75).
     */
    maxTargetGroups?: Threshold;
    /**
     * The most certificates a member may carry on its HTTPS listeners (default certificates not counted): a number,
     * or a share of the account's quota (25 per ALB by default, raisable). Exported in {@link PoolReference}.
     * Default `"75%"` (18).
     */
    maxCertificates?: Threshold;
    /** The most listeners a member may carry: a number, or a share of the account's quota (50 by default). Exported in {@link PoolReference}. Default `"75%"` (37). */
    maxListeners?: Threshold;
    /** Every member's listeners (`alb.ingress.kubernetes.io/listen-ports`). Default `[{ HTTP: 80 }, { HTTPS: 443 }]`. */
    listenPorts?: ListenPortEntry[];
    /** The HTTPS port HTTP is redirected to (`alb.ingress.kubernetes.io/ssl-redirect`), or `false`. Default 443. */
    sslRedirect?: number | false;
    /** The IngressClass of the members' Ingresses. Default `"alb"`. */
    ingressClassName?: string;
    /** Subnet IDs or `Name` tags (`alb.ingress.kubernetes.io/subnets`); at least two, in different zones. Default: the controller's subnet discovery. */
    subnets?: string[];
    /** Security group IDs or `Name` tags (`alb.ingress.kubernetes.io/security-groups`). Default: the controller creates one per ALB. */
    securityGroups?: string[];
    /** ACM certificate ARNs (`alb.ingress.kubernetes.io/certificate-arn`), the first the listener default. Default: the controller discovers them by host. */
    certificateArns?: string[];
    /** AWS tags of each member and what the controller makes for it (`alb.ingress.kubernetes.io/tags`). Default none. */
    tags?: Record<string, string>;
    /** Write access logs to S3 (`load-balancer-attributes` `access_logs.s3.*`). Default: not set (the ALB's setting is left as it is). */
    accessLogs?: PoolAccessLogs;
    /** Seconds a connection may be idle, 1 to 4000 (`load-balancer-attributes` `idle_timeout.timeout_seconds`). Default: not set (AWS: 60). */
    idleTimeoutSeconds?: number;
    /** The WAFv2 web ACL of every member (`alb.ingress.kubernetes.io/wafv2-acl-arn`). Default none. */
    wafv2AclArn?: string;
    /**
     * Other `alb.ingress.kubernetes.io/*` annotations every member's anchor carries (e.g. `ssl-policy`,
     * `ip-address-type`). Not the ones the pool owns (`group.name`, `load-balancer-name`, `scheme`), nor those a
     * field above sets. Default none.
     */
    annotations?: Record<string, string>;
}

/** The validated values a `BalancerPool` builds its children from. */
export interface ResolvedBalancerPoolArgs {
    /** The settings, with `members` the members the platform stack declares (grown ones are added once the cluster is read). */
    settings: PoolSettings;
    /** The members the platform stack declares: `members`, or `<namePrefix>-1..minMembers`. */
    declared: string[];
    coordinationNamespace: string;
    /** The threshold of every quota dimension, defaults applied, as the reference exports them. */
    thresholds: QuotaThresholds;
    /** The listeners as `listen-ports` entries, the shape {@link PoolReference} exports. */
    listenPorts: Record<string, number>[];
    sslRedirect: number | false;
}

/**
 * Applies the defaults and checks every argument, throwing one error, headed `BalancerPool "<name>"`, that lists
 * each bad field with its value and the fix.
 */
export function resolveBalancerPoolArgs(resourceName: string, given: BalancerPoolArgs): ResolvedBalancerPoolArgs {
    const problems = new Problems();
    const args = typedPoolArgs(given, problems);
    problems.check(
        "name",
        args.name,
        dnsLabelProblem(args.name),
        "name the pool with a DNS-1123 label, e.g. public (it names the ConfigMap scope-ingress-pool-<name>)",
    );
    problems.check("visibility", args.visibility, visibilityProblem(args.visibility), VISIBILITY_FIX);
    problems.check(
        "region",
        args.region,
        regionProblem(args.region),
        'use the AWS region code of the members, such as "us-east-1"',
    );
    problems.check(
        "coordinationNamespace",
        args.coordinationNamespace,
        dnsLabelProblem(args.coordinationNamespace),
        "name the namespace where placements coordinate (e.g. scope-ingress), as kubectl get namespaces shows it; growth and the published settings need it",
    );
    const anchorNamespace = args.anchorNamespace ?? args.coordinationNamespace;
    if (args.anchorNamespace !== undefined) {
        problems.check(
            "anchorNamespace",
            args.anchorNamespace,
            dnsLabelProblem(args.anchorNamespace),
            "name an existing namespace, or leave it out for coordinationNamespace",
        );
    }
    const declared = declaredMembers(args, problems);
    const maxMembers = args.members !== undefined ? declared.length : (args.maxMembers ?? args.minMembers ?? 1);
    const draining = args.draining ?? [];
    draining.forEach((member, i) => {
        const known = args.members !== undefined ? declared.includes(member) : isPrefixMember(args, member, maxMembers);
        problems.check(
            `draining[${i}]`,
            member,
            known ? undefined : "is not a member of the pool",
            `name a member: ${args.members !== undefined ? declared.join(", ") : `${args.namePrefix}-1 to ${args.namePrefix}-${maxMembers}`}`,
        );
    });
    // The rules, messages and defaults of ScopeIngress's balancers.* thresholds: the scopes take these as they are.
    const thresholds = checkThresholds(
        {
            rules: args.maxRules,
            targetGroups: args.maxTargetGroups,
            certificates: args.maxCertificates,
            listeners: args.maxListeners,
        },
        problems,
    );
    const listenerProblems = new Problems();
    const listeners = resolvePoolListeners(
        { listenPorts: args.listenPorts, sslRedirect: args.sslRedirect },
        () => undefined,
        listenerProblems,
    );
    problems.addAll(
        listenerProblems.list.map(p => ({
            ...p,
            field: p.field.replace(/^balancers\./, ""),
            fix: p.fix.replace(/balancers\./g, ""),
        })),
    );
    const ingressClassName = args.ingressClassName ?? "alb";
    problems.check(
        "ingressClassName",
        ingressClassName,
        dnsSubdomainProblem(ingressClassName),
        "name the IngressClass of the Load Balancer Controller, as kubectl get ingressclass shows it",
    );
    const annotations = sharedAnnotations(args, listeners, problems);
    problems.throwIfAny(`BalancerPool ${JSON.stringify(resourceName)}`);
    const listenPorts = listeners.listenPorts.map(({ protocol, port }) => ({ [protocol]: port }));
    return {
        settings: {
            name: args.name,
            visibility: args.visibility,
            region: args.region,
            ...(args.namePrefix !== undefined && args.members === undefined && { namePrefix: args.namePrefix }),
            maxMembers,
            members: declared,
            draining,
            anchorNamespace,
            ingressClassName,
            annotations,
        },
        declared,
        coordinationNamespace: args.coordinationNamespace,
        thresholds,
        listenPorts,
        sslRedirect: listeners.sslRedirectPort ?? false,
    };
}

/** The {@link PoolReference} a pool with `settings` exports, its members being `settings.members` in order. */
export function poolReference(resolved: ResolvedBalancerPoolArgs, settings: PoolSettings): PoolReference {
    const [base, ...additional] = settings.members;
    return {
        base,
        additional,
        maxRules: resolved.thresholds.rules,
        maxTargetGroups: resolved.thresholds.targetGroups,
        maxCertificates: resolved.thresholds.certificates,
        maxListeners: resolved.thresholds.listeners,
        listenPorts: resolved.listenPorts,
        sslRedirect: resolved.sslRedirect,
        coordinationNamespace: resolved.coordinationNamespace,
        pool: {
            name: settings.name,
            visibility: settings.visibility,
            region: settings.region,
            ...(settings.namePrefix !== undefined && { namePrefix: settings.namePrefix }),
            maxMembers: settings.maxMembers,
            draining: settings.draining,
        },
    };
}

/** Whether `member` is `<namePrefix>-<n>` with n from 1 to `maxMembers`. */
function isPrefixMember(args: BalancerPoolArgs, member: unknown, maxMembers: number): boolean {
    if (args.namePrefix === undefined || typeof member !== "string") {
        return false;
    }
    const n = memberNumber(args.namePrefix, member);
    return n !== undefined && n <= maxMembers;
}

/** The members the platform stack declares, every naming problem recorded. */
function declaredMembers(args: BalancerPoolArgs, problems: Problems): string[] {
    const NAMING_FIX =
        'give members (explicit ALB names, e.g. ["alb-public-1", "alb-public-2"]) or namePrefix with minMembers and maxMembers, not both';
    if (args.members !== undefined) {
        problems.check("members", args.members, args.members.length === 0 ? "is empty" : undefined, NAMING_FIX);
        for (const field of ["namePrefix", "minMembers", "maxMembers"] as const) {
            problems.check(
                field,
                args[field],
                args[field] === undefined ? undefined : "cannot be given with members",
                NAMING_FIX,
            );
        }
        args.members.forEach((member, i) => {
            checkMemberName(`members[${i}]`, member, problems);
            problems.check(
                `members[${i}]`,
                member,
                args.members!.indexOf(member) < i ? "is listed twice" : undefined,
                "list each member once",
            );
        });
        return args.members;
    }
    if (args.namePrefix === undefined) {
        problems.check("members", undefined, "is missing, and so is namePrefix", NAMING_FIX);
        return [];
    }
    const minMembers = args.minMembers ?? 1;
    const minOk = problems.check(
        "minMembers",
        minMembers,
        wholeNumberProblem(minMembers, 1),
        "set how many members the platform stack keeps, at least 1",
    );
    const maxMembers = args.maxMembers ?? minMembers;
    const maxOk = problems.check(
        "maxMembers",
        maxMembers,
        wholeNumberProblem(maxMembers, 1, 1000),
        "set how many members the pool may grow to, from 1 to 1000",
    );
    if (minOk && maxOk && maxMembers < minMembers) {
        problems.check(
            "maxMembers",
            maxMembers,
            `is below minMembers (${minMembers})`,
            "raise maxMembers, or lower minMembers",
        );
    }
    // The longest member name must be a valid ALB name (and, lowercased, a group.name).
    const longest = maxOk ? memberName(String(args.namePrefix), maxMembers) : String(args.namePrefix);
    const prefixRule = stringProblem(args.namePrefix) ?? balancerNameProblem(longest);
    problems.check(
        "namePrefix",
        args.namePrefix,
        prefixRule === undefined
            ? lowercaseProblem(args.namePrefix)
            : `makes member names such as ${JSON.stringify(longest)}, which ${prefixRule}`,
        `use a prefix of lowercase letters, digits and hyphens short enough for "${String(args.namePrefix)}-${maxMembers}" to be at most 32 characters`,
    );
    return minOk ? Array.from({ length: minMembers }, (_, i) => memberName(String(args.namePrefix), i + 1)) : [];
}

/** Records why `member` cannot name a member: an invalid ALB name, or upper case (group.name is lowercase). */
function checkMemberName(field: string, member: unknown, problems: Problems): void {
    if (problems.check(field, member, balancerNameProblem(member), BALANCER_NAME_FIX)) {
        problems.check(field, member, lowercaseProblem(member), "use ALBs with lowercase names");
    }
}

function lowercaseProblem(value: unknown): string | undefined {
    return typeof value === "string" && value !== value.toLowerCase()
        ? "has upper-case letters, but a member's name becomes alb.ingress.kubernetes.io/group.name, which must be lowercase"
        : undefined;
}
