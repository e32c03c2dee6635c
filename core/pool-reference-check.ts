/** The `balancers.pool` of a `ScopeIngress` (a `BalancerPool`'s exported reference): its check, and the candidates it leaves. */
import { regionProblem } from "./aws-region-code";
import { BALANCER_NAME_FIX, balancerNameProblem } from "./balancer-name";
import { CandidatePool, VISIBILITY_FIX, visibilityProblem } from "./candidate-pool";
import { dnsLabelProblem } from "./kubernetes-names";
import type { PoolReference } from "./pool-settings";
import type { Problems } from "./problems";
import { wholeNumberProblem } from "./rule-limits";
import { arrayProblem, isRecord, stringProblem } from "./value-types";

/** What a scope reads of its pool: the `pool` field of a {@link PoolReference}. */
export type ScopePool = PoolReference["pool"];

const FIX = "pass the BalancerPool's reference as it was exported (stackReference.getOutputValue), unchanged";

/**
 * Checks `pool` as a `BalancerPool` exports it, and that it is the pool of this scope's `visibility`; returns the
 * `scopeRegion` (the scope's plain `region`, if given) must be the pool's. Returns the
 * candidates without the pool's draining members (their scopes stay, no new one goes there), the base being the
 * first member left. Each problem is recorded; the candidates are then a best effort.
 */
export function checkScopePool(
    pool: unknown,
    visibility: unknown,
    scopeRegion: unknown,
    candidates: CandidatePool,
    problems: Problems,
): CandidatePool {
    if (!problems.check("balancers.pool", pool, isRecord(pool) ? undefined : "is not an object", FIX)) {
        return candidates;
    }
    const {
        name,
        visibility: poolVisibility,
        region,
        namePrefix,
        maxMembers,
        draining,
    } = pool as Record<string, unknown>;
    problems.check("balancers.pool.name", name, dnsLabelProblem(name), FIX);
    if (
        problems.check("balancers.pool.visibility", poolVisibility, visibilityProblem(poolVisibility), VISIBILITY_FIX)
    ) {
        problems.check(
            "balancers.pool.visibility",
            poolVisibility,
            poolVisibility !== visibility ? `is not this scope's visibility ${JSON.stringify(visibility)}` : undefined,
            `pass the reference of the ${String(visibility)} pool, or set visibility to ${JSON.stringify(poolVisibility)}`,
        );
    }
    if (
        problems.check("balancers.pool.region", region, regionProblem(region), FIX) &&
        typeof scopeRegion === "string"
    ) {
        problems.check(
            "region",
            scopeRegion,
            scopeRegion !== region
                ? `is not the region of pool ${JSON.stringify(name)} (${String(region)})`
                : undefined,
            "leave region out to use the pool's, or pass the reference of a pool in this region",
        );
    }
    if (namePrefix !== undefined) {
        problems.check("balancers.pool.namePrefix", namePrefix, stringProblem(namePrefix), FIX);
    }
    problems.check("balancers.pool.maxMembers", maxMembers, wholeNumberProblem(maxMembers, 1), FIX);
    if (!problems.check("balancers.pool.draining", draining, arrayProblem(draining), FIX)) {
        return candidates;
    }
    (draining as unknown[]).forEach((member, i) =>
        problems.check(`balancers.pool.draining[${i}]`, member, balancerNameProblem(member), BALANCER_NAME_FIX),
    );
    const open = candidates.candidates.filter(member => !(draining as unknown[]).includes(member));
    if (
        !problems.check(
            "balancers.pool.draining",
            draining,
            open.length === 0
                ? `leaves no member of the pool (${candidates.candidates.join(", ")}) open to new scopes`
                : undefined,
            "take a member out of draining in the BalancerPool, or add members",
        )
    ) {
        return candidates;
    }
    return { ...candidates, base: open[0], candidates: open };
}
