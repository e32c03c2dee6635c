/** The placement policy: which ALB of a pool a new scope goes to, the refusals, and the properties that hold for any pool. */
import { expect } from "chai";
import fc from "fast-check";
import type { BalancerMeasurement } from "../core/balancer-load";
import { CandidatePool, Visibility } from "../core/candidate-pool";
import { CapacityExhaustedError, NoMeasurableCandidateError, choosePlacement } from "../core/placement";
import { RuleLimits, resolveRuleLimits } from "../core/rule-limits";
import { failed, measured } from "./support/measurements";
import { expectLeastLoadedWithRoom, expectRefusedOnlyWhenFull, fitsIn } from "./support/placement-spec";

function pool(visibility: Visibility, ...candidates: string[]): CandidatePool {
    return { visibility, base: candidates[0], candidates };
}

const limits = (overrides: Partial<RuleLimits> = {}) => resolveRuleLimits(overrides);

describe("placement policy", () => {
    it("picks the least-loaded ALB of a public pool", () => {
        const p = choosePlacement(
            pool("internet-facing", "a", "b", "c"),
            [measured("a", 40), measured("b", 12), measured("c", 30)],
            limits(),
        );
        expect(p).to.include({ balancerName: "b", reason: "least-loaded", rules: 12 });
        expect(p.seen).to.deep.equal([
            { name: "a", rules: 40 },
            { name: "b", rules: 12 },
            { name: "c", rules: 30 },
        ]);
        expect(p.warnings).to.deep.equal([]);
    });

    it("picks the least-loaded ALB of a private pool", () => {
        const p = choosePlacement(
            pool("internal", "p1", "p2"),
            [measured("p1", 9, "internal"), measured("p2", 3, "internal")],
            limits(),
        );
        expect(p.balancerName).to.equal("p2");
    });

    it("keeps the base when it is the least loaded", () => {
        expect(
            choosePlacement(pool("internet-facing", "a", "b"), [measured("a", 1), measured("b", 2)], limits())
                .balancerName,
        ).to.equal("a");
    });

    it("breaks a tie in favour of the earlier candidate", () => {
        expect(
            choosePlacement(
                pool("internet-facing", "a", "b", "c"),
                [measured("a", 5), measured("b", 2), measured("c", 2)],
                limits(),
            ).balancerName,
        ).to.equal("b");
    });

    it("offers breakTie exactly the equally least-loaded ALBs with room, in pool order, and takes its pick", () => {
        const offered: (readonly string[])[] = [];
        const placement = choosePlacement(
            pool("internet-facing", "a", "b", "c", "d"),
            [measured("a", 5), measured("b", 2), measured("c", 3), measured("d", 2)],
            limits(),
            () => 0,
            tied => {
                offered.push(tied);
                return tied[tied.length - 1];
            },
        );
        expect(offered).to.deep.equal([["b", "d"]]);
        expect(placement).to.include({ balancerName: "d", rules: 2 });
        // A pick outside the tie cannot move a scope onto a fuller ALB.
        const strayed = choosePlacement(
            pool("internet-facing", "a", "b"),
            [measured("a", 5), measured("b", 2)],
            limits(),
            () => 0,
            () => "a",
        );
        expect(strayed.balancerName).to.equal("b");
    });

    it("answers a pool of one with only-candidate, still within the threshold", () => {
        expect(choosePlacement(pool("internet-facing", "a"), [measured("a", 74)], limits())).to.include({
            balancerName: "a",
            reason: "only-candidate",
        });
        expect(() => choosePlacement(pool("internet-facing", "a"), [measured("a", 75)], limits())).to.throw(
            CapacityExhaustedError,
        );
    });

    it("skips a candidate that failed, with a warning naming it and the cause", () => {
        const p = choosePlacement(
            pool("internet-facing", "a", "b"),
            [failed("a", "AccessDenied: nope"), measured("b", 50)],
            limits(),
        );
        expect(p.balancerName).to.equal("b");
        expect(p.warnings).to.deep.equal(['ALB "a" was skipped when placing this scope: AccessDenied: nope.']);
    });

    it("skips a candidate whose scheme differs from the pool's visibility", () => {
        const p = choosePlacement(
            pool("internet-facing", "a", "b"),
            [measured("a", 0, "internal"), measured("b", 50)],
            limits(),
        );
        expect(p.balancerName).to.equal("b");
        expect(p.warnings[0]).to.match(/"a".*scheme is internal, but this pool is internet-facing/);
    });

    it("falls back to the base with a warning when every candidate failed", () => {
        const p = choosePlacement(pool("internet-facing", "a", "b"), [failed("a"), failed("b")], limits());
        expect(p).to.include({ balancerName: "a", reason: "base-fallback" });
        expect(p.rules).to.equal(undefined);
        expect(p.warnings).to.have.length(3);
        expect(p.warnings[2]).to.match(/placed on the base ALB "a" without a capacity check/);
    });

    it("does not fall back to a base of the other scheme: names the field, the ALB, both schemes and the fix", () => {
        const run = () => choosePlacement(pool("internal", "a", "b"), [measured("a", 0), measured("b", 0)], limits());
        expect(run).to.throw(/^baseBalancer: ALB "a" is internet-facing, but this pool is internal/);
        expect(run).to.throw(/\n {2}b: skipped \(its scheme is internet-facing, but this pool is internal\)\n/);
        expect(run).to.throw(
            /make balancers\.base \(or stack config scope-ingress:privateBalancer\) name an internal ALB/,
        );
    });

    it("does not fall back when the candidates that were measured were all skipped, even if the others failed", () => {
        const nlb = { ...measured("b", 0, "internal"), type: "network" } as BalancerMeasurement;
        const run = () =>
            choosePlacement(pool("internal", "a", "b"), [failed("a", "AccessDenied: nope"), nlb], limits());
        expect(run).to.throw(/No ALB of the internal pool can take this scope/);
        expect(run).to.throw(
            /\n {2}a: not measured \(AccessDenied: nope\)\n {2}b: skipped \(it is a network load balancer/,
        );
    });

    it("refuses the fallback in strict mode, listing every candidate's cause", () => {
        expect(() =>
            choosePlacement(
                pool("internet-facing", "a", "b"),
                [failed("a", "E1: x"), failed("b", "E2: y")],
                limits({ strict: true }),
            ),
        ).to.throw(NoMeasurableCandidateError, /strict mode forbids.*\n {2}a: E1: x\n {2}b: E2: y/);
    });

    it("excludes candidates without room for expectedRules", () => {
        const p = choosePlacement(
            pool("internet-facing", "a", "b"),
            [measured("a", 70), measured("b", 72)],
            limits({ expectedRules: 4 }),
        );
        expect(p.balancerName).to.equal("a");
        const q = choosePlacement(
            pool("internet-facing", "a", "b"),
            [measured("a", 73), measured("b", 71)],
            limits({ expectedRules: 4 }),
        );
        expect(q.balancerName).to.equal("b");
    });

    it("refuses with every count, the threshold and the three ways out when nothing fits", () => {
        let thrown: unknown;
        try {
            choosePlacement(
                pool("internet-facing", "a", "b", "c"),
                [measured("a", 75), measured("b", 74), failed("c", "Timeout: slow")],
                limits({ expectedRules: 2 }),
            );
        } catch (err) {
            thrown = err;
        }
        expect(thrown).to.be.instanceOf(CapacityExhaustedError);
        const msg = (thrown as Error).message;
        expect(msg).to.contain("room for 2 more listener rule(s) under maxRules 75");
        expect(msg).to.contain("  a: 75 rules\n  b: 74 rules\n  c: not measured (Timeout: slow)");
        expect(msg).to.match(
            /add an ALB to the pool .*scope-ingress:additionalPublicBalancers.*raise maxRules.*raise the "Rules per Application Load Balancer" quota/,
        );
    });

    it("adds rules reserved elsewhere to the measured counts", () => {
        const p = choosePlacement(
            pool("internet-facing", "a", "b"),
            [measured("a", 1), measured("b", 3)],
            limits(),
            n => (n === "a" ? 5 : 0),
        );
        expect(p).to.include({ balancerName: "b", rules: 3 });
    });

    describe("properties", () => {
        const scenario = fc.record({
            counts: fc.array(fc.oneof(fc.nat({ max: 120 }), fc.constant(-1)), { minLength: 1, maxLength: 8 }),
            maxRules: fc.nat({ max: 120 }),
            expectedRules: fc.integer({ min: 1, max: 10 }),
        });
        const build = (counts: number[]) => {
            const names = counts.map((_, i) => `alb-${i}`);
            return {
                p: pool("internet-facing", ...names),
                ms: counts.map((c, i) => (c < 0 ? failed(names[i]) : measured(names[i], c))),
            };
        };

        it("chooses an eligible candidate with the fewest rules, the earliest on a tie, or refuses only when none fits", () => {
            fc.assert(
                fc.property(scenario, ({ counts, maxRules, expectedRules }) => {
                    const { p, ms } = build(counts);
                    const eligible = counts
                        .map((c, i) => ({ c, i }))
                        .filter(({ c }) => c >= 0 && fitsIn(c, { maxRules, expectedRules }));
                    const anyMeasured = counts.some(c => c >= 0);
                    let result;
                    try {
                        result = choosePlacement(p, ms, { maxRules, expectedRules, strict: false });
                    } catch (err) {
                        // Unmeasured, the base is assumed empty: the fallback refuses only a scope larger than maxRules.
                        return anyMeasured
                            ? err instanceof CapacityExhaustedError && eligible.length === 0
                            : err instanceof NoMeasurableCandidateError && expectedRules > maxRules;
                    }
                    if (!anyMeasured) {
                        return result.reason === "base-fallback" && result.balancerName === "alb-0";
                    }
                    const min = Math.min(...eligible.map(e => e.c));
                    const first = eligible.find(e => e.c === min)!;
                    return result.balancerName === `alb-${first.i}` && result.rules === min;
                }),
            );
        });

        it("placing N scopes one by one never exceeds the threshold, refuses only when no ALB has room, and otherwise picks the least loaded with room", () => {
            fc.assert(
                fc.property(scenario, fc.integer({ min: 1, max: 60 }), ({ counts, maxRules, expectedRules }, n) => {
                    const { p, ms } = build(counts.map(c => Math.max(c, 0)));
                    const added = new Map<string, number>();
                    const limits = { maxRules, expectedRules, strict: false };
                    for (let k = 0; k < n; k++) {
                        // Each candidate's load as this test counts it: measured, plus the scopes placed on it so far.
                        const loads = ms.map(m => ({
                            name: m.name,
                            rules: (m.kind === "measured" ? m.rules : 0) + (added.get(m.name) ?? 0),
                        }));
                        let r;
                        try {
                            r = choosePlacement(p, ms, limits, name => added.get(name) ?? 0);
                        } catch (err) {
                            expectRefusedOnlyWhenFull(err, loads, limits);
                            continue;
                        }
                        expectLeastLoadedWithRoom(r, loads, limits);
                        added.set(r.balancerName, (added.get(r.balancerName) ?? 0) + expectedRules);
                    }
                    return ms.every(
                        m =>
                            m.kind !== "measured" ||
                            (added.get(m.name) ?? 0) === 0 ||
                            m.rules + added.get(m.name)! <= maxRules,
                    );
                }),
            );
        });
    });
});
