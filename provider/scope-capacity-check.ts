/** Check, diff, create and update of a `ScopeCapacityCheck`: a live scope's growth must fit on its ALB before its Ingress changes. */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { CapacityCheckInputs } from "../core/capacity-check-contract";
import { regionProblem } from "../core/aws-region-code";
import { BALANCER_NAME_FIX, balancerNameProblem } from "../core/balancer-name";
import { dnsLabelProblem } from "../core/kubernetes-names";
import { Problems, renderProblem } from "../core/problems";
import { QUOTA_DIMENSIONS, Usage, addUsage } from "../core/quota-dimensions";
import { THRESHOLD_FIELDS, thresholdFix, thresholdProblem } from "../core/quota-thresholds";
import { DEFAULT_MAX_RULES, wholeNumberProblem } from "../core/rule-limits";
import { NO_USAGE } from "../core/balancer-usage";
import { blockingDimensions, growthRefusalMessage, hasGrowth } from "../core/scope-growth";
import { isUnknown } from "./assignment-input-check";
import { processLedger, processState } from "./process-ledger";
import { estimateScopeGrowth, measureBalancerUsage, usageThresholds } from "./scope-capacity-seam";

type Raw = Record<string, unknown>;

/** Validates the inputs and applies defaults; values not known yet in a preview are left for the next check. */
export function checkCapacityInputs(news: Raw): { inputs: Raw; failures: dynamic.CheckFailure[] } {
    const inputs: Raw = { ...news, hosts: news.hosts ?? [], maxRules: news.maxRules ?? DEFAULT_MAX_RULES };
    const problems = new Problems();
    const fail = (property: keyof CapacityCheckInputs, value: unknown, rule: string | undefined, fix: string) => {
        if (!isUnknown(value)) {
            problems.check(property, value, rule, fix);
        }
    };
    fail("region", inputs.region, regionProblem(inputs.region), "use a region code such as us-east-1");
    fail("balancerName", inputs.balancerName, balancerNameProblem(inputs.balancerName), BALANCER_NAME_FIX);
    const usage = inputs.usage as Raw | undefined;
    const usageOk =
        isUnknown(usage) ||
        (typeof usage === "object" &&
            usage !== null &&
            QUOTA_DIMENSIONS.every(d => isUnknown(usage[d]) || wholeNumberProblem(usage[d], 0) === undefined));
    fail(
        "usage",
        usage,
        usageOk ? undefined : `is not a whole number from 0 in each of ${QUOTA_DIMENSIONS.join(", ")}`,
        "give the scope's usage of its ALB per dimension, e.g. { rules: 2, targetGroups: 1, certificates: 0, listeners: 2 }",
    );
    fail(
        "hosts",
        inputs.hosts,
        Array.isArray(inputs.hosts) && inputs.hosts.every(h => typeof h === "string" || isUnknown(h))
            ? undefined
            : "is not a list of hostnames",
        "list the scope's hostnames, or [] for none",
    );
    for (const dimension of QUOTA_DIMENSIONS) {
        const field = THRESHOLD_FIELDS[dimension];
        if (inputs[field] !== undefined) {
            fail(field, inputs[field], thresholdProblem(inputs[field]), thresholdFix(dimension));
        }
    }
    if (inputs.coordinationNamespace !== undefined) {
        fail(
            "coordinationNamespace",
            inputs.coordinationNamespace,
            dnsLabelProblem(inputs.coordinationNamespace),
            "use the namespace where placements record their reservations, e.g. scope-ingress",
        );
    }
    return {
        inputs,
        failures: problems.list.map(problem => ({ property: problem.field, reason: renderProblem(problem) })),
    };
}

/**
 * A change whenever the scope's usage or hostnames, or its ALB, differ from the last check, so that `update` runs
 * the check. Never a replace: nothing exists in the cloud, and its outputs feed nothing but the Ingress's ordering.
 */
export function diffCapacityCheck(olds: Raw, news: Raw): dynamic.DiffResult {
    const changed = (["region", "balancerName", "usage", "hosts"] as const).some(
        key => isUnknown(news[key]) || JSON.stringify(news[key]) !== JSON.stringify(olds[key]),
    );
    return { changes: changed, replaces: [] };
}

/**
 * The first check of a scope records its usage and checks nothing: a new scope's placement already counted it
 * (`expectedRules`), and an existing scope's Ingress is in its ALB's load already.
 */
export async function createCapacityCheck(inputs: CapacityCheckInputs): Promise<CapacityCheckInputs> {
    return inputs;
}

/**
 * The growth check. On the same ALB, the growth (`max(0, new − old)` per dimension) must fit on it: its load
 * (see `measureBalancerUsage`) plus the growth already let through in this process plus this growth stays within
 * the threshold of every dimension that grows; otherwise the update fails with the refusal and the stored usage
 * stays the old one, so the next `pulumi up` checks again. A shrink or no growth passes without measuring. A new
 * ALB (a pinned move, or another region) records the usage without checking: a move is the operator's decision.
 */
export async function updateCapacityCheck(stored: Raw, news: CapacityCheckInputs): Promise<CapacityCheckInputs> {
    const olds = { ...stored, hosts: stored.hosts ?? [] } as CapacityCheckInputs;
    if (olds.balancerName !== news.balancerName || olds.region !== news.region) {
        return news;
    }
    const growth = await estimateScopeGrowth(olds, news);
    if (!hasGrowth(growth)) {
        return news;
    }
    const [reading, thresholds] = await Promise.all([measureBalancerUsage(news), usageThresholds(news)]);
    // One growth check of a region at a time in this process: each sees the growth let through before it.
    return processState(news.region).serialized(async () => {
        const load = addUsage(reading.usage, pendingInProcess(news.region, news.balancerName));
        if (blockingDimensions(load, growth, thresholds).length > 0) {
            throw new Error(
                growthRefusalMessage({
                    balancerName: news.balancerName,
                    region: news.region,
                    load,
                    thresholds,
                    growth,
                    measuredFrom: `${reading.measuredFrom}, plus what this deployment placed or grew on it`,
                }),
            );
        }
        letThrough(news.region, news.balancerName, growth);
        return news;
    });
}

/**
 * Growth let through in this process but not yet built, per region and ALB, in the dimensions the placement
 * ledger does not hold (its rules go into that ledger, so later placements of the deployment count them too).
 */
const grown = new Map<string, Usage>();

/** What this process placed (the placement ledger) or let grow on `balancerName` and AWS may not show yet. */
function pendingInProcess(region: string, balancerName: string): Usage {
    const other = grown.get(JSON.stringify([region, balancerName])) ?? NO_USAGE;
    return { ...other, rules: processLedger(region).reservedOn(balancerName) };
}

function letThrough(region: string, balancerName: string, growth: Usage): void {
    const key = JSON.stringify([region, balancerName]);
    grown.set(key, addUsage(grown.get(key) ?? NO_USAGE, { ...growth, rules: 0 }));
    processLedger(region).record(balancerName, growth.rules);
}
