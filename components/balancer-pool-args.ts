/** The arguments of a `BalancerPool`, their defaults, and the check of every value before anything is registered. */
import { ALB_ANNOTATIONS, listenPortsAnnotation } from "../core/alb-annotations";
import { regionProblem } from "../core/aws-region-code";
import { BALANCER_NAME_FIX, balancerNameProblem } from "../core/balancer-name";
import { VISIBILITY_FIX, Visibility, visibilityProblem } from "../core/candidate-pool";
import { dnsLabelProblem, dnsSubdomainProblem, qualifiedNameProblem } from "../core/kubernetes-names";
import { ListenPortEntry, resolvePoolListeners } from "../core/pool-listeners";
import { PoolReference, PoolSettings, memberName } from "../core/pool-settings";
import { Problems } from "../core/problems";
import { DEFAULT_MAX_RULES, wholeNumberProblem } from "../core/rule-limits";
import { unknownKeyFix } from "../core/unknown-keys";
import { arrayProblem, isRecord, recordProblem, stringProblem } from "../core/value-types";

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
    /** A scope fits on a member when `rules + expectedRules <= maxRules`. Default 75. */
    maxRules?: number;
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
    maxRules: number;
    /** The listeners as `listen-ports` entries, the shape {@link PoolReference} exports. */
    listenPorts: Record<string, number>[];
    sslRedirect: number | false;
}

const ARG_FIELDS = {
    name: true,
    visibility: true,
    region: true,
    coordinationNamespace: true,
    anchorNamespace: true,
    members: true,
    namePrefix: true,
    minMembers: true,
    maxMembers: true,
    draining: true,
    maxRules: true,
    listenPorts: true,
    sslRedirect: true,
    ingressClassName: true,
    subnets: true,
    securityGroups: true,
    certificateArns: true,
    tags: true,
    accessLogs: true,
    idleTimeoutSeconds: true,
    wafv2AclArn: true,
    annotations: true,
} as const satisfies Record<keyof BalancerPoolArgs, true>;

const ALB_PREFIX = "alb.ingress.kubernetes.io/";

/** The annotations the pool writes itself, each with the field that sets it. */
const OWNED_ANNOTATIONS: Record<string, string> = {
    [ALB_ANNOTATIONS.groupName]: "the pool sets it to each member's name",
    [ALB_ANNOTATIONS.loadBalancerName]: "the pool sets it to each member's name",
    [ALB_ANNOTATIONS.scheme]: "set visibility instead",
    [ALB_ANNOTATIONS.listenPorts]: "set listenPorts instead",
    [ALB_ANNOTATIONS.sslRedirect]: "set sslRedirect instead",
    [`${ALB_PREFIX}subnets`]: "set subnets instead",
    [`${ALB_PREFIX}security-groups`]: "set securityGroups instead",
    [`${ALB_PREFIX}certificate-arn`]: "set certificateArns instead",
    [`${ALB_PREFIX}tags`]: "set tags instead",
    [`${ALB_PREFIX}load-balancer-attributes`]: "set accessLogs and idleTimeoutSeconds instead",
    [`${ALB_PREFIX}wafv2-acl-arn`]: "set wafv2AclArn instead",
};

// AWS tag limits (Elastic Load Balancing AddTags): key 1-128 characters, value 0-256, not starting with "aws:".
const TAG_KEY_MAX = 128;
const TAG_VALUE_MAX = 256;

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
    const maxRules = args.maxRules ?? DEFAULT_MAX_RULES;
    problems.check(
        "maxRules",
        maxRules,
        wholeNumberProblem(maxRules, 1),
        `set the listener rules one member may carry (default ${DEFAULT_MAX_RULES}, AWS quota 100)`,
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
        maxRules,
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
        maxRules: resolved.maxRules,
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
    const n = Number(member.slice(args.namePrefix.length + 1));
    return member === memberName(args.namePrefix, n) && Number.isInteger(n) && n >= 1 && n <= maxMembers;
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

/**
 * The annotations every member shares, from the typed fields (formats from the Load Balancer Controller's
 * annotation reference: stringList `a,b`, stringMap `k=v,k2=v2`) and `annotations`, each problem recorded.
 */
function sharedAnnotations(
    args: BalancerPoolArgs,
    listeners: { listenPorts: { protocol: "HTTP" | "HTTPS"; port: number }[]; sslRedirectPort?: number },
    problems: Problems,
): Record<string, string> {
    const out: Record<string, string> = {
        [ALB_ANNOTATIONS.listenPorts]: listenPortsAnnotation(listeners.listenPorts),
        ...(listeners.sslRedirectPort !== undefined && {
            [ALB_ANNOTATIONS.sslRedirect]: String(listeners.sslRedirectPort),
        }),
    };
    const lists = {
        subnets: { key: "subnets", example: '["subnet-0a1b", "subnet-2c3d"]', min: 2 },
        securityGroups: { key: "security-groups", example: '["sg-0a1b2c3d"]', min: 1 },
        certificateArns: {
            key: "certificate-arn",
            example: '["arn:aws:acm:us-east-1:123456789012:certificate/…"]',
            min: 1,
        },
    } as const;
    for (const [field, { key, example, min }] of Object.entries(lists) as [
        keyof typeof lists,
        (typeof lists)[keyof typeof lists],
    ][]) {
        const values = args[field];
        if (values === undefined) {
            continue;
        }
        const fix = `give a list such as ${example}`;
        if (!problems.check(field, values, values.length < min ? `has fewer than ${min}` : undefined, fix)) {
            continue;
        }
        const ok = values.every((value, i) =>
            problems.check(
                `${field}[${i}]`,
                value,
                stringProblem(value) ??
                    (value === "" || /[,\s]/.test(value) ? "is empty or has a comma or a space" : undefined),
                fix,
            ),
        );
        if (ok) {
            out[`${ALB_PREFIX}${key}`] = values.join(",");
        }
    }
    if (args.certificateArns !== undefined) {
        args.certificateArns.forEach((arn, i) =>
            problems.check(
                `certificateArns[${i}]`,
                arn,
                typeof arn === "string" && !/^arn:aws[\w-]*:(acm|iam):/.test(arn)
                    ? "is not an ACM or IAM certificate ARN"
                    : undefined,
                "copy the ARN from aws acm list-certificates",
            ),
        );
    }
    if (args.tags !== undefined) {
        const entries = Object.entries(args.tags);
        entries.forEach(([key, value]) => {
            problems.check(
                "tags",
                key,
                key.length < 1 || key.length > TAG_KEY_MAX || key.toLowerCase().startsWith("aws:") || /[,=]/.test(key)
                    ? `is not a tag key the controller can pass on: 1-${TAG_KEY_MAX} characters, no "," or "=", not starting with "aws:"`
                    : undefined,
                "rename the tag",
            );
            problems.check(
                `tags[${JSON.stringify(key)}]`,
                value,
                stringProblem(value) ??
                    (value.length > TAG_VALUE_MAX || /[,=]/.test(value)
                        ? `is not a tag value the controller can pass on: at most ${TAG_VALUE_MAX} characters, no "," or "="`
                        : undefined),
                "give a shorter string value without commas",
            );
        });
        if (entries.length > 0) {
            out[`${ALB_PREFIX}tags`] = entries.map(([k, v]) => `${k}=${v}`).join(",");
        }
    }
    const attributes: string[] = [];
    if (args.accessLogs !== undefined) {
        const { bucket, prefix } = args.accessLogs;
        const bucketOk = problems.check(
            "accessLogs.bucket",
            bucket,
            typeof bucket === "string" && /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)
                ? undefined
                : "is not an S3 bucket name",
            "name the S3 bucket (3-63 lowercase letters, digits, dots and hyphens) in the members' region",
        );
        const prefixOk =
            prefix === undefined ||
            problems.check(
                "accessLogs.prefix",
                prefix,
                stringProblem(prefix) ?? (/[,=]/.test(prefix) ? 'has a "," or "="' : undefined),
                "give a key prefix without commas or equals signs, e.g. alb/public",
            );
        if (bucketOk && prefixOk) {
            attributes.push(
                "access_logs.s3.enabled=true",
                `access_logs.s3.bucket=${bucket}`,
                ...(prefix ? [`access_logs.s3.prefix=${prefix}`] : []),
            );
        }
    }
    if (args.idleTimeoutSeconds !== undefined) {
        if (
            problems.check(
                "idleTimeoutSeconds",
                args.idleTimeoutSeconds,
                wholeNumberProblem(args.idleTimeoutSeconds, 1, 4000),
                "set a whole number of seconds from 1 to 4000 (the ALB's idle_timeout.timeout_seconds)",
            )
        ) {
            attributes.push(`idle_timeout.timeout_seconds=${args.idleTimeoutSeconds}`);
        }
    }
    if (attributes.length > 0) {
        out[`${ALB_PREFIX}load-balancer-attributes`] = attributes.join(",");
    }
    if (args.wafv2AclArn !== undefined) {
        if (
            problems.check(
                "wafv2AclArn",
                args.wafv2AclArn,
                typeof args.wafv2AclArn === "string" &&
                    /^arn:aws[\w-]*:wafv2:[^:]+:\d{12}:regional\/webacl\//.test(args.wafv2AclArn)
                    ? undefined
                    : "is not the ARN of a regional WAFv2 web ACL",
                "copy the ARN from aws wafv2 list-web-acls --scope REGIONAL",
            )
        ) {
            out[`${ALB_PREFIX}wafv2-acl-arn`] = args.wafv2AclArn;
        }
    }
    for (const [key, value] of Object.entries(args.annotations ?? {})) {
        const field = `annotations[${JSON.stringify(key)}]`;
        if (key in OWNED_ANNOTATIONS) {
            problems.check(field, value, "cannot be set here", OWNED_ANNOTATIONS[key]);
            continue;
        }
        if (key.startsWith(`${ALB_PREFIX}actions.`) || key.startsWith(`${ALB_PREFIX}conditions.`)) {
            problems.check(
                field,
                value,
                "cannot be set here",
                "an anchor has no rules: actions and conditions belong on a scope's Ingress",
            );
            continue;
        }
        const keyRule = key.startsWith(ALB_PREFIX) ? qualifiedNameProblem(key) : `does not start with ${ALB_PREFIX}`;
        problems.check(
            "annotations",
            key,
            keyRule && `is not a Load Balancer Controller annotation key: ${keyRule}`,
            `use an ${ALB_PREFIX}<name> key the controller reads for the whole ALB, e.g. ${ALB_PREFIX}ssl-policy`,
        );
        problems.check(field, value, stringProblem(value), "annotation values are strings");
        if (keyRule === undefined && typeof value === "string") {
            out[key] = value;
        }
    }
    return out;
}

/** `given` with each field of the wrong JavaScript type (and each unknown field) recorded once and left out. */
function typedPoolArgs(given: unknown, problems: Problems): BalancerPoolArgs {
    if (
        !problems.check(
            "arguments",
            given,
            recordProblem(given),
            "give the arguments as an object, e.g. { name, visibility, region, coordinationNamespace, namePrefix }",
        )
    ) {
        return {} as BalancerPoolArgs;
    }
    const args: Record<string, unknown> = { ...(given as Record<string, unknown>) };
    const fields = Object.keys(ARG_FIELDS);
    for (const key of Object.keys(args).filter(key => !fields.includes(key))) {
        problems.check(key, args[key], "is not an argument of BalancerPool", unknownKeyFix(key, fields));
        delete args[key];
    }
    for (const key of ["members", "draining", "subnets", "securityGroups", "certificateArns", "listenPorts"]) {
        if (args[key] !== undefined && !problems.check(key, args[key], arrayProblem(args[key]), "give a list")) {
            delete args[key];
        }
    }
    for (const key of ["tags", "annotations", "accessLogs"]) {
        if (
            args[key] !== undefined &&
            !problems.check(
                key,
                args[key],
                recordProblem(args[key]),
                key === "accessLogs" ? 'give { bucket: "my-logs", prefix: "alb" }' : "give a map of string values",
            )
        ) {
            delete args[key];
        }
    }
    for (const key of ["namePrefix", "anchorNamespace", "ingressClassName", "wafv2AclArn"]) {
        if (args[key] !== undefined && !problems.check(key, args[key], stringProblem(args[key]), "give a string")) {
            delete args[key];
        }
    }
    if (isRecord(args.accessLogs) && args.accessLogs.bucket === undefined) {
        problems.check("accessLogs.bucket", undefined, "is missing", "name the S3 bucket of the access logs");
        delete args.accessLogs;
    }
    return args as unknown as BalancerPoolArgs;
}
