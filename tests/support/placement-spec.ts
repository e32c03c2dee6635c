/** What the README promises of a placement, checked from loads a test tracks itself: refuse only when nothing has room, else the least-loaded ALB with room. */
import { expect } from "chai";
import { CapacityExhaustedError, Placement } from "../../core/placement";
import type { RuleLimits } from "../../core/rule-limits";

/** One measured, eligible candidate and the rules it carries before the scope, as the test counted them. */
export interface TrackedLoad {
    name: string;
    rules: number;
}

/**
 * The capacity rule as the README states it: an ALB's room is `maxRules - rules`, and a scope fits on it when its
 * `expectedRules` fit in that room. Stated here on its own, not taken from the code under test.
 */
export function fitsIn(
    rules: number,
    { maxRules, expectedRules }: Pick<RuleLimits, "maxRules" | "expectedRules">,
): boolean {
    const room = maxRules - rules;
    return expectedRules <= room;
}

/** Fails unless `err` is a capacity refusal and no candidate of `loads` (pool order) has room for the scope. */
export function expectRefusedOnlyWhenFull(
    err: unknown,
    loads: readonly TrackedLoad[],
    limits: Pick<RuleLimits, "maxRules" | "expectedRules">,
): void {
    expect(err, String(err)).to.be.instanceOf(CapacityExhaustedError);
    expect(
        loads.filter(l => fitsIn(l.rules, limits)),
        "refused although these had room",
    ).to.deep.equal([]);
}

/**
 * Fails unless `placement` chose a candidate of `loads` (pool order) that has room, carries no more rules than any
 * other with room, and comes first among those with as few; and reports that candidate's load as its `rules`.
 */
export function expectLeastLoadedWithRoom(
    placement: Placement,
    loads: readonly TrackedLoad[],
    limits: Pick<RuleLimits, "maxRules" | "expectedRules">,
): void {
    const chosen = loads.findIndex(l => l.name === placement.balancerName);
    expect(chosen, `${placement.balancerName} is a candidate`).to.be.at.least(0);
    const { rules } = loads[chosen];
    expect(fitsIn(rules, limits), `${placement.balancerName} (${rules} rules) has room`).to.equal(true);
    const withRoom = loads.filter(l => fitsIn(l.rules, limits));
    expect(
        withRoom.filter(l => l.rules < rules),
        `candidates with room and fewer rules than ${placement.balancerName}`,
    ).to.deep.equal([]);
    expect(withRoom.find(l => l.rules === rules)!.name, "the earliest of the least loaded").to.equal(
        placement.balancerName,
    );
    expect(placement.rules).to.equal(rules);
}
