/** The JavaScript type of every `BalancerPool` argument, checked before its rules, as for `ScopeIngress`. */
import type { Problems } from "../core/problems";
import { unknownKeyFix } from "../core/unknown-keys";
import { arrayProblem, isRecord, recordProblem, stringProblem } from "../core/value-types";
import type { BalancerPoolArgs } from "./balancer-pool-args";

// Every field, so that an unknown one is named; `satisfies` makes the compiler refuse a field added to the
// interface but not here.
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
    maxTargetGroups: true,
    maxCertificates: true,
    maxListeners: true,
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

/** `given` with each field of the wrong JavaScript type (and each unknown field) recorded once and left out. */
export function typedPoolArgs(given: unknown, problems: Problems): BalancerPoolArgs {
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
