/** The `move` argument of a `ScopeIngress`: the timings of a make-before-break move to another ALB. */
import type { Problems } from "../core/problems";
import { wholeNumberProblem } from "../core/rule-limits";
import { unknownKeyFix } from "../core/unknown-keys";
import { recordProblem } from "../core/value-types";

/** How a scope moves when `pinnedBalancer` names another ALB. */
export interface ScopeIngressMove {
    /**
     * Seconds the old ALB keeps serving after the aliases point at the new one, before the scope's Ingress leaves
     * it: resolvers may hold the old alias for its TTL, 60 s for an alias to an ALB. Whole seconds from 0 to 3600.
     * Default 90 (the TTL and a 30 s margin).
     */
    drainSeconds?: number;
}

/** Default of {@link ScopeIngressMove.drainSeconds}: the 60 s alias TTL of an ALB and a 30 s margin. */
export const DEFAULT_DRAIN_SECONDS = 90;

/** The checked `move` argument with its defaults. */
export interface ResolvedMove {
    drainSeconds: number;
}

const FIELDS = ["drainSeconds"] as const satisfies readonly (keyof ScopeIngressMove)[];

/** `given` with its defaults; each bad field recorded in `problems` and replaced by its default. */
export function resolveMove(given: unknown, problems: Problems): ResolvedMove {
    const resolved = { drainSeconds: DEFAULT_DRAIN_SECONDS };
    if (given === undefined) {
        return resolved;
    }
    if (!problems.check("move", given, recordProblem(given), "give it as an object, e.g. { drainSeconds: 120 }")) {
        return resolved;
    }
    const fields = given as Record<string, unknown>;
    for (const key of Object.keys(fields).filter(k => !(FIELDS as readonly string[]).includes(k))) {
        problems.check(
            `move.${key}`,
            fields[key],
            "is not a field of move",
            unknownKeyFix(key, FIELDS, k => `move.${k}`),
        );
    }
    if (
        fields.drainSeconds !== undefined &&
        problems.check(
            "move.drainSeconds",
            fields.drainSeconds,
            wholeNumberProblem(fields.drainSeconds, 0, 3600),
            `set the seconds the old ALB keeps serving after the DNS switch, from 0 to 3600 (default ${DEFAULT_DRAIN_SECONDS}: the 60 s alias TTL and a margin)`,
        )
    ) {
        resolved.drainSeconds = fields.drainSeconds as number;
    }
    return resolved;
}
