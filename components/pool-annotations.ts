/** The ALB settings every member of a `BalancerPool` shares, as the Load Balancer Controller's annotations, each checked. */
import { ALB_ANNOTATIONS, listenPortsAnnotation } from "../core/alb-annotations";
import { qualifiedNameProblem } from "../core/kubernetes-names";
import type { PoolListeners } from "../core/pool-listeners";
import type { Problems } from "../core/problems";
import { wholeNumberProblem } from "../core/rule-limits";
import { stringProblem } from "../core/value-types";
import type { BalancerPoolArgs } from "./balancer-pool-args";

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
 * The annotations every member shares, from the typed fields (formats from the Load Balancer Controller's
 * annotation reference: stringList `a,b`, stringMap `k=v,k2=v2`) and `annotations`, each problem recorded.
 */
export function sharedAnnotations(
    args: BalancerPoolArgs,
    listeners: PoolListeners,
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
