/** Check of a `BalancerAssignment`: every input validated and defaulted before anything reaches AWS. */
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { parseAliasRecord } from "./adopted-records";
import type { AssignmentInputs } from "../core/assignment-contract";
import { regionProblem } from "../core/aws-region-code";
import { BALANCER_NAME_FIX, balancerNameProblem } from "../core/balancer-name";
import { VISIBILITY_FIX, visibilityProblem } from "../core/candidate-pool";
import { Problems, renderProblem } from "../core/problems";
import { hostnameProblem } from "../core/hostname";
import { dnsLabelProblem, dnsSubdomainProblem } from "../core/kubernetes-names";
import { poolInputProblems } from "./pool-input-check";
import { DEFAULT_EXPECTED_RULES, DEFAULT_MAX_RULES, resolveRuleLimits } from "../core/rule-limits";
import { DEFAULT_THRESHOLDS, checkThresholds } from "../core/quota-thresholds";
import { scopeShapeProblem } from "../core/scope-shape-check";

type Raw = Record<string, unknown>;

const THRESHOLD_INPUTS = {
    targetGroups: "maxTargetGroups",
    certificates: "maxCertificates",
    listeners: "maxListeners",
} as const;

/** What `check` returns: the inputs with defaults applied, and one failure per bad property. */
export interface InputCheck {
    inputs: Raw;
    failures: dynamic.CheckFailure[];
}

/**
 * Validates every `BalancerAssignment` input and applies defaults. Runs on preview, so bad input stops
 * before anything is created. Values not yet known in a preview are left for the next check.
 */
export function checkAssignmentInputs(news: Raw): InputCheck {
    const inputs = withInputDefaults(news);
    const problems = new Problems();
    const fail = (property: keyof AssignmentInputs, value: unknown, rule: string | undefined, fix: string) => {
        if (!isUnknown(value)) {
            problems.check(property, value, rule, fix);
        }
    };
    fail(
        "region",
        inputs.region,
        regionProblem(inputs.region),
        "use a region code such as us-east-1, from the aws:region stack config or AWS_REGION",
    );
    fail("visibility", inputs.visibility, visibilityProblem(inputs.visibility), VISIBILITY_FIX);
    fail("baseBalancer", inputs.baseBalancer, balancerNameProblem(inputs.baseBalancer), BALANCER_NAME_FIX);
    if (!Array.isArray(inputs.additionalBalancers)) {
        fail(
            "additionalBalancers",
            inputs.additionalBalancers,
            "is not a list",
            "give a list of ALB names, or [] for none",
        );
    } else {
        for (const name of inputs.additionalBalancers) {
            fail("additionalBalancers", name, balancerNameProblem(name), BALANCER_NAME_FIX);
        }
    }
    if (!isUnknown(inputs.maxRules) && !isUnknown(inputs.expectedRules)) {
        // The same rules as the component's, so a threshold no scope fits under is refused at preview too.
        resolveRuleLimits({ maxRules: inputs.maxRules, expectedRules: inputs.expectedRules }, {}, problems);
    }
    checkThresholds(
        Object.fromEntries(
            (["targetGroups", "certificates", "listeners"] as const).flatMap(d => {
                const value = inputs[THRESHOLD_INPUTS[d]];
                return isUnknown(value) ? [] : [[d, value]];
            }),
        ),
        problems,
    );
    if (inputs.scopeShape !== undefined && !isUnknown(inputs.scopeShape)) {
        fail(
            "scopeShape",
            inputs.scopeShape,
            scopeShapeProblem(inputs.scopeShape),
            "give { hosts, pathCount, servicePorts, listenPorts, sslRedirectPort?, certificateArns? } as ScopeIngress builds it, or leave it out",
        );
    }
    for (const flag of ["strict", "assumeMissingInFlight"] as const) {
        fail(
            flag,
            inputs[flag],
            typeof inputs[flag] === "boolean" ? undefined : "is not a boolean",
            "use true or false",
        );
    }
    if (inputs.domain !== undefined) {
        fail(
            "domain",
            inputs.domain,
            hostnameProblem(inputs.domain),
            "use the scope's hostname, e.g. checkout.apps.example.com",
        );
    }
    if (inputs.hostedZoneId !== undefined) {
        fail(
            "hostedZoneId",
            inputs.hostedZoneId,
            typeof inputs.hostedZoneId === "string" && /^(\/hostedzone\/)?[A-Z0-9]{1,32}$/.test(inputs.hostedZoneId)
                ? undefined
                : "is not a Route53 hosted zone id",
            "use the zone's id, e.g. Z0123456789ABCDEFGHIJ (aws.route53.Zone zoneId)",
        );
    }
    if ((inputs.domain === undefined) !== (inputs.hostedZoneId === undefined)) {
        const [given, missing] = inputs.domain === undefined ? ["hostedZoneId", "domain"] : ["domain", "hostedZoneId"];
        fail(
            missing as keyof AssignmentInputs,
            undefined,
            `is missing while ${given} is set`,
            "Route53 adoption needs both domain and hostedZoneId; set both or neither",
        );
    }
    for (const property of ["ingressRef", "ownIngress"] as const) {
        const ref = inputs[property] as Raw | undefined;
        if (ref !== undefined && !isUnknown(ref)) {
            const ok =
                typeof ref === "object" &&
                ref !== null &&
                isOkOrUnknown(ref.namespace, dnsLabelProblem) &&
                isOkOrUnknown(ref.name, dnsSubdomainProblem);
            fail(
                property,
                ref,
                ok ? undefined : "is not an Ingress reference",
                "use { namespace, name } with a DNS-1123 namespace and Ingress name",
            );
        }
    }
    if (inputs.coordinationNamespace !== undefined) {
        fail(
            "coordinationNamespace",
            inputs.coordinationNamespace,
            dnsLabelProblem(inputs.coordinationNamespace),
            "use the name of the namespace where placements record their reservations, e.g. scope-ingress, as kubectl get namespaces shows it",
        );
    }
    if (inputs.aliasRecords !== undefined && !isUnknown(inputs.aliasRecords)) {
        const fix = 'list the alias records the scope creates, e.g. "A checkout.apps.example.com"';
        if (!Array.isArray(inputs.aliasRecords)) {
            fail("aliasRecords", inputs.aliasRecords, "is not a list", `${fix}, or [] for none`);
        } else {
            for (const record of inputs.aliasRecords) {
                const parsed = parseAliasRecord(record);
                fail("aliasRecords", record, typeof parsed === "string" ? parsed : undefined, fix);
            }
        }
    }
    if (inputs.pinnedBalancer !== undefined) {
        fail(
            "pinnedBalancer",
            inputs.pinnedBalancer,
            balancerNameProblem(inputs.pinnedBalancer),
            "use the exact name of the ALB to move this scope to",
        );
    }
    if (inputs.pool !== undefined && !isUnknown(inputs.pool)) {
        for (const { value, rule, fix } of poolInputProblems(inputs.pool, inputs, isUnknown)) {
            fail("pool", value, rule, fix);
        }
    }
    // Every field here is a top-level input, which is what the engine's CheckFailure.property names.
    return {
        inputs,
        failures: problems.list.map(problem => ({ property: problem.field, reason: renderProblem(problem) })),
    };
}

/** `props` with the default of every optional input that is missing (new inputs, or state written before a default existed). */
export function withInputDefaults<T extends Raw>(props: T): T {
    return {
        ...props,
        additionalBalancers: props.additionalBalancers ?? [],
        maxRules: props.maxRules ?? DEFAULT_MAX_RULES,
        maxTargetGroups: props.maxTargetGroups ?? DEFAULT_THRESHOLDS.targetGroups,
        maxCertificates: props.maxCertificates ?? DEFAULT_THRESHOLDS.certificates,
        maxListeners: props.maxListeners ?? DEFAULT_THRESHOLDS.listeners,
        expectedRules: props.expectedRules ?? DEFAULT_EXPECTED_RULES,
        strict: props.strict ?? false,
        assumeMissingInFlight: props.assumeMissingInFlight ?? false,
    };
}

function isOkOrUnknown(value: unknown, problem: (value: unknown) => string | undefined): boolean {
    return isUnknown(value) || problem(value) === undefined;
}

/** True for a value the engine does not know yet (a preview of an input computed by another resource). */
export function isUnknown(value: unknown): boolean {
    return value === unknownValue;
}
