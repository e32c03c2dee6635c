/**
 * The JavaScript type of every `ScopeIngress` argument, checked before its rules: JavaScript and YAML callers have no
 * compiler, and a field of the wrong type must be one problem, not one per character or a crash further on.
 */
import type { Problems } from "../core/problems";
import { unknownKeyFix } from "../core/unknown-keys";
import { arrayProblem, booleanProblem, isRecord, recordProblem } from "../core/value-types";
import type { ScopeIngressArgs, ScopeIngressBalancers } from "./scope-ingress-args";

// Every field, so that an unknown one is named; `satisfies` makes the compiler refuse a field added to the
// interface but not here.
const ARG_FIELDS = {
    visibility: true,
    domain: true,
    additionalDomains: true,
    hostedZoneId: true,
    namespace: true,
    service: true,
    paths: true,
    groupOrder: true,
    balancers: true,
    region: true,
    ingressRef: true,
    pinnedBalancer: true,
    annotations: true,
    labels: true,
    ingressName: true,
    dualStack: true,
    dnsRecords: true,
    reconciliation: true,
    move: true,
} as const satisfies Record<keyof ScopeIngressArgs, true>;

const BALANCER_FIELDS = {
    base: true,
    additional: true,
    maxRules: true,
    maxTargetGroups: true,
    maxCertificates: true,
    maxListeners: true,
    strict: true,
    assumeMissingInFlight: true,
    listenPorts: true,
    sslRedirect: true,
    coordinationNamespace: true,
    pool: true,
} as const satisfies Record<keyof ScopeIngressBalancers, true>;

const OBJECT_FIXES: Record<"service" | "balancers" | "ingressRef" | "annotations" | "labels", string> = {
    service: 'give the Service as { name: "checkout", port: 8080 }',
    balancers: 'give the pool as an object, e.g. { base: "alb-public-1", additional: ["alb-public-2"] }',
    ingressRef: 'name the existing Ingress as { namespace: "checkout", name: "checkout-api" }',
    annotations:
        'give a map of annotation keys to string values, e.g. { "alb.ingress.kubernetes.io/healthcheck-path": "/healthz" }',
    labels: 'give a map of label keys to string values, e.g. { team: "payments" }',
};

/**
 * `given` with every field of the wrong JavaScript type left out, each recorded in `problems` once: an object
 * given as a string or an array, a list given as a string, a boolean given as `"yes"`, a path that is not an
 * object, an unknown field. The later rules then see only values of the right type, or the default. Fields whose
 * rules already name a wrong type (the names, numbers and hostnames) are left to those rules.
 */
export function typedArgs(given: unknown, problems: Problems): ScopeIngressArgs {
    if (
        !problems.check(
            "arguments",
            given,
            recordProblem(given),
            "give the arguments as an object, e.g. { visibility, domain, hostedZoneId, namespace, service }",
        )
    ) {
        return {} as ScopeIngressArgs;
    }
    const args: Record<string, unknown> = { ...(given as Record<string, unknown>) };
    const fields = Object.keys(ARG_FIELDS);
    for (const key of Object.keys(args).filter(key => !fields.includes(key))) {
        problems.check(key, args[key], "is not an argument of ScopeIngress", unknownKeyFix(key, fields));
        delete args[key];
    }
    const drop = (
        field: string,
        key: string,
        value: unknown,
        rule: string | undefined,
        fix: string,
        container = args,
    ) => {
        if (value !== undefined && !problems.check(field, value, rule, fix)) {
            delete container[key];
        }
    };
    for (const key of Object.keys(OBJECT_FIXES) as (keyof typeof OBJECT_FIXES)[]) {
        drop(key, key, args[key], recordProblem(args[key]), OBJECT_FIXES[key]);
    }
    problems.check(
        "service",
        undefined,
        (given as Record<string, unknown>).service === undefined ? "is missing" : undefined,
        OBJECT_FIXES.service,
    );
    for (const key of ["dualStack", "dnsRecords"] as const) {
        drop(key, key, args[key], booleanProblem(args[key]), "use true or false");
    }
    drop(
        "additionalDomains",
        "additionalDomains",
        args.additionalDomains,
        arrayProblem(args.additionalDomains),
        `give a list of hostnames, e.g. ${JSON.stringify(typeof args.additionalDomains === "string" ? [args.additionalDomains] : ["shop.apps.example.com"])}`,
    );
    drop(
        "paths",
        "paths",
        args.paths,
        arrayProblem(args.paths),
        'give a list of paths, e.g. [{ path: "/api", pathType: "Prefix" }]',
    );
    if (Array.isArray(args.paths)) {
        const entries = args.paths.map((entry: unknown, i) =>
            problems.check(
                `paths[${i}]`,
                entry,
                recordProblem(entry),
                'give each path as { path: "/api", pathType: "Prefix" }',
            ),
        );
        if (!entries.every(Boolean)) {
            delete args.paths;
        }
    }
    if (isRecord(args.balancers)) {
        const balancers: Record<string, unknown> = { ...args.balancers };
        const balancerFields = Object.keys(BALANCER_FIELDS);
        for (const key of Object.keys(balancers).filter(key => !balancerFields.includes(key))) {
            problems.check(
                `balancers.${key}`,
                balancers[key],
                "is not a field of balancers",
                unknownKeyFix(key, balancerFields, k => `balancers.${k}`),
            );
            delete balancers[key];
        }
        drop(
            "balancers.assumeMissingInFlight",
            "assumeMissingInFlight",
            balancers.assumeMissingInFlight,
            booleanProblem(balancers.assumeMissingInFlight),
            "use true or false",
            balancers,
        );
        args.balancers = balancers;
    }
    return args as unknown as ScopeIngressArgs;
}
