/** Waits, bounded, until an ALB carries listener rules for every host and path of a scope, or fails with the controller's Events. */
import { DescribeListenersCommand, DescribeRulesCommand, Rule } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { IngressRef } from "../core/assignment-contract";
import {
    RoutePath,
    RuleConditions,
    UnservedRoute,
    describeRoute,
    expectedRoutes,
    unservedRoutes,
} from "../core/served-routes";
import { elbv2Client } from "./aws-clients";
import { errorText } from "./aws-errors";
import { ingressEventsText } from "./ingress-events";

/** What the check waits for, and how long. */
export interface ReconciliationTarget {
    /** AWS region of the ALB. */
    region: string;
    /** The ALB, for messages. */
    balancerName: string;
    /** The ALB's ARN: its listeners are read by it. */
    loadBalancerArn: string;
    /** Every host of the scope. */
    hosts: string[];
    /** Every path of every host. */
    paths: RoutePath[];
    /** The listener ports that carry the scope's rules. */
    rulePorts: number[];
    /** The Ingress whose Events explain a failure. */
    ingress: IngressRef;
    /** How long to wait before failing. */
    timeoutSeconds: number;
}

/** Longest pause between two looks at the ALB: DescribeRules shares the account's Describe* token bucket. */
const MAX_POLL_MS = 5_000;
/** Shortest pause, for the compressed timeouts of tests. */
const MIN_POLL_MS = 200;
/** How often a progress line is written while nothing changes. */
const PROGRESS_EVERY_MS = 15_000;

/**
 * Resolves once every route of `target` is on every rule-carrying listener of the ALB; rejects after
 * `timeoutSeconds` with the routes still missing, the Ingress's Events and what to do. Writes a progress line
 * to the provider's log when it starts, when the missing routes change, and every 15 s.
 */
export async function waitUntilServed(target: ReconciliationTarget, log = progressLog): Promise<{ waitedMs: number }> {
    const started = Date.now();
    const deadline = started + target.timeoutSeconds * 1000;
    const pollMs = Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, (target.timeoutSeconds * 1000) / 20));
    const routes = expectedRoutes(target.hosts, target.paths);
    let lastShown = "";
    let lastShownAt = 0;
    for (;;) {
        let missing: UnservedRoute[];
        let readFailure: string | undefined;
        try {
            missing = unservedRoutes(routes, target.rulePorts, await listenerRules(target));
        } catch (err) {
            // A read that fails (the ALB not yet visible, throttling past the retries) is one more look that found nothing.
            missing = routes.flatMap(r => target.rulePorts.map(port => ({ ...r, port })));
            readFailure = errorText(err);
        }
        const elapsed = Date.now() - started;
        if (missing.length === 0) {
            log(
                `ALB "${target.balancerName}" routes all ${routes.length} host/path pair(s) of Ingress ${ref(target.ingress)} (after ${seconds(elapsed)})`,
            );
            return { waitedMs: elapsed };
        }
        const summary = `${missing.length} route(s) missing, e.g. ${describeRoute(missing[0])}${readFailure ? `; last read failed: ${readFailure}` : ""}`;
        if (summary !== lastShown || Date.now() - lastShownAt >= PROGRESS_EVERY_MS) {
            log(
                `waiting for ALB "${target.balancerName}" to route Ingress ${ref(target.ingress)}: ${summary} (${seconds(elapsed)} of ${target.timeoutSeconds} s)`,
            );
            lastShown = summary;
            lastShownAt = Date.now();
        }
        if (Date.now() + pollMs > deadline) {
            throw new Error(await timeoutMessage(target, missing, readFailure));
        }
        await new Promise(resolve => setTimeout(resolve, pollMs));
    }
}

/** The conditions of every non-default rule on the ALB's listeners, with their port. */
async function listenerRules(target: ReconciliationTarget): Promise<RuleConditions[]> {
    const elb = elbv2Client({ region: target.region });
    const listeners =
        (await elb.send(new DescribeListenersCommand({ LoadBalancerArn: target.loadBalancerArn }))).Listeners ?? [];
    const out: RuleConditions[] = [];
    for (const listener of listeners.filter(l => target.rulePorts.includes(l.Port!))) {
        let marker: string | undefined;
        do {
            const page = await elb.send(
                new DescribeRulesCommand({ ListenerArn: listener.ListenerArn, PageSize: 400, Marker: marker }),
            );
            for (const rule of (page.Rules ?? []).filter(r => !r.IsDefault)) {
                out.push({
                    port: listener.Port!,
                    hostValues: conditionValues(rule, "host-header"),
                    pathValues: conditionValues(rule, "path-pattern"),
                });
            }
            marker = page.NextMarker;
        } while (marker);
    }
    return out;
}

/** A condition's values: the typed config (what the controller writes), else the legacy `Values`. */
function conditionValues(rule: Rule, field: "host-header" | "path-pattern"): string[] {
    const values = (rule.Conditions ?? [])
        .filter(c => c.Field === field)
        .flatMap(c => c.HostHeaderConfig?.Values ?? c.PathPatternConfig?.Values ?? c.Values ?? []);
    return values;
}

async function timeoutMessage(
    target: ReconciliationTarget,
    missing: UnservedRoute[],
    readFailure: string | undefined,
): Promise<string> {
    const shown = missing.slice(0, 5).map(describeRoute).join("; ");
    const more = missing.length > 5 ? ` and ${missing.length - 5} more` : "";
    return [
        `reconciliation check: ALB "${target.balancerName}" does not route Ingress ${ref(target.ingress)} after ${target.timeoutSeconds} s: ` +
            `no listener rule for ${shown}${more}${readFailure ? ` (the last read of the ALB failed: ${readFailure})` : ""}.`,
        await ingressEventsText(target.ingress),
        "What to do: fix what the Events name (FailedDeployModel with TooManyRules: the ALB is at its rule quota, so move the scope " +
            "with pinnedBalancer to an ALB with room, or raise the quota; a certificate, annotation or another Ingress of the group " +
            "can also stop the whole group), then run pulumi up again, which checks again. The Route53 aliases wait for this check, " +
            "so DNS still points where it did. If the controller is only slow, raise reconciliation.timeoutSeconds; " +
            "reconciliation: { wait: false } turns the check off.",
    ].join("\n");
}

function ref(ingress: IngressRef): string {
    return `${ingress.namespace}/${ingress.name}`;
}

function seconds(ms: number): string {
    return `${Math.round(ms / 100) / 10} s`;
}

/** Progress goes to the provider process's stderr, which the Pulumi engine shows as the deployment's log. */
function progressLog(line: string): void {
    console.error(`scope-ingress: ${line}`);
}
