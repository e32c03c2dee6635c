/** The `reconciliation` argument of a `ScopeIngress`: whether and how long a deployment waits until the ALB routes the scope. */
import type { Problems } from "../core/problems";
import { wholeNumberProblem } from "../core/rule-limits";
import { unknownKeyFix } from "../core/unknown-keys";
import { booleanProblem, recordProblem } from "../core/value-types";
import { MAX_RECONCILIATION_TIMEOUT_SECONDS } from "../core/served-routes";

/** How a scope's deployment proves that its ALB routes it before DNS points there. */
export interface ScopeIngressReconciliation {
    /**
     * Wait, at every create and update of the scope, until the ALB carries listener rules for each hostname and
     * path (as the Load Balancer Controller writes them), and write the Route53 aliases only then. `false` skips
     * the check: the deployment ends once the Ingress is accepted, and DNS may point at an ALB that does not
     * route the scope yet (or ever, if the controller fails). Default true.
     */
    wait?: boolean;
    /**
     * How long to wait, in whole seconds from 1 to 3600, before the deployment fails with the controller's
     * Events for the Ingress. Default 300 (5 minutes).
     */
    timeoutSeconds?: number;
}

/** Default of {@link ScopeIngressReconciliation.timeoutSeconds}. */
export const DEFAULT_RECONCILIATION_TIMEOUT_SECONDS = 300;

/** The checked `reconciliation` argument with its defaults. */
export interface ResolvedReconciliation {
    wait: boolean;
    timeoutSeconds: number;
}

const FIELDS = ["wait", "timeoutSeconds"] as const satisfies readonly (keyof ScopeIngressReconciliation)[];

/** `given` with its defaults; each bad field recorded in `problems` and replaced by its default. */
export function resolveReconciliation(given: unknown, problems: Problems): ResolvedReconciliation {
    const resolved = { wait: true, timeoutSeconds: DEFAULT_RECONCILIATION_TIMEOUT_SECONDS };
    if (given === undefined) {
        return resolved;
    }
    if (
        !problems.check(
            "reconciliation",
            given,
            recordProblem(given),
            "give it as an object, e.g. { timeoutSeconds: 600 } or { wait: false }",
        )
    ) {
        return resolved;
    }
    const fields = given as Record<string, unknown>;
    for (const key of Object.keys(fields).filter(k => !(FIELDS as readonly string[]).includes(k))) {
        problems.check(
            `reconciliation.${key}`,
            fields[key],
            "is not a field of reconciliation",
            unknownKeyFix(key, FIELDS, k => `reconciliation.${k}`),
        );
    }
    if (
        fields.wait !== undefined &&
        problems.check("reconciliation.wait", fields.wait, booleanProblem(fields.wait), "use true or false")
    ) {
        resolved.wait = fields.wait as boolean;
    }
    if (
        fields.timeoutSeconds !== undefined &&
        problems.check(
            "reconciliation.timeoutSeconds",
            fields.timeoutSeconds,
            wholeNumberProblem(fields.timeoutSeconds, 1, MAX_RECONCILIATION_TIMEOUT_SECONDS),
            `set the seconds to wait for the Load Balancer Controller, from 1 to ${MAX_RECONCILIATION_TIMEOUT_SECONDS} (default ${DEFAULT_RECONCILIATION_TIMEOUT_SECONDS}), or reconciliation: { wait: false } to skip the check`,
        )
    ) {
        resolved.timeoutSeconds = fields.timeoutSeconds as number;
    }
    return resolved;
}
