/** The placement policy and the ALB's AWS state: only an ALB that can serve takes a new scope. */
import { expect } from "chai";
import fc from "fast-check";
import type { BalancerMeasurement, MeasuredBalancer } from "../core/balancer-load";
import { stateUnavailability } from "../core/balancer-state";
import type { CandidatePool } from "../core/candidate-pool";
import {
    CapacityExhaustedError,
    NoEligibleCandidateError,
    NoMeasurableCandidateError,
    choosePlacement,
} from "../core/placement";
import { resolveRuleLimits } from "../core/rule-limits";

function pool(...candidates: string[]): CandidatePool {
    return { visibility: "internet-facing", base: candidates[0], candidates };
}

function alb(
    name: string,
    rules: number,
    state: string | undefined,
    extra: Partial<MeasuredBalancer> = {},
): MeasuredBalancer {
    return {
        kind: "measured",
        name,
        rules,
        scheme: "internet-facing",
        state,
        arn: `arn:${name}`,
        dnsName: `${name}.elb`,
        canonicalHostedZoneId: "Z1",
        listeners: [],
        ...extra,
    };
}

const limits = resolveRuleLimits();

describe("placement policy and ALB states", () => {
    for (const state of ["failed", "active_impaired"]) {
        it(`skips a ${state} ALB, however empty, with a warning naming the ALB and its state`, () => {
            const p = choosePlacement(pool("a", "b"), [alb("a", 0, state), alb("b", 50, "active")], limits);
            expect(p).to.include({ balancerName: "b", rules: 50 });
            expect(p.seen[0]).to.deep.include({ name: "a", ineligible: true, state });
            expect(p.seen[0].rules).to.equal(undefined);
            expect(p.warnings).to.have.length(1);
            expect(p.warnings[0]).to.match(
                new RegExp(`^ALB "a" was skipped when placing this scope: its state is ${state}\\b`),
            );
        });
    }

    it("says why a failed ALB failed when AWS gives a reason, and what to do", () => {
        const p = choosePlacement(
            pool("a", "b"),
            [alb("a", 0, "failed", { stateReason: "Subnet has insufficient free addresses" }), alb("b", 1, "active")],
            limits,
        );
        expect(p.warnings[0]).to.equal(
            'ALB "a" was skipped when placing this scope: its state is failed (AWS says: Subnet has insufficient free addresses): ' +
                "AWS could not set it up and it will never serve; replace it or take it out of the pool.",
        );
    });

    it("skips a provisioning ALB of a pool that does not take ALBs in flight, saying how to allow it", () => {
        const p = choosePlacement(pool("a", "b"), [alb("a", 0, "provisioning"), alb("b", 60, "active")], limits);
        expect(p.balancerName).to.equal("b");
        expect(p.warnings[0]).to.match(
            /^ALB "a" was skipped when placing this scope: its state is provisioning: it cannot serve yet; .*assumeMissingInFlight/,
        );
    });

    it("counts a provisioning ALB measured in flight like any candidate, with its measured rules", () => {
        const p = choosePlacement(
            pool("a", "b"),
            [alb("a", 3, "provisioning", { inFlight: true }), alb("b", 60, "active")],
            limits,
        );
        expect(p).to.include({ balancerName: "a", rules: 3 });
        expect(p.warnings).to.deep.equal([]);
    });

    it("does not let a provisioning ALB in flight pass the threshold", () => {
        expect(() => choosePlacement(pool("a"), [alb("a", 75, "provisioning", { inFlight: true })], limits)).to.throw(
            CapacityExhaustedError,
        );
    });

    it("refuses an unknown state rather than guessing that it serves", () => {
        expect(stateUnavailability({ state: "draining" })).to.equal(
            "its state is draining, not active, so it takes no new scope",
        );
        expect(stateUnavailability({ state: "active" })).to.equal(undefined);
        expect(
            stateUnavailability({ state: undefined }),
            "AWS always reports a state; none is not held against the ALB",
        ).to.equal(undefined);
    });

    it("does not fall back to a base it skipped for its state: fails naming every state and the ways out", () => {
        const run = () =>
            choosePlacement(
                pool("a", "b", "c"),
                [
                    alb("a", 0, "failed"),
                    alb("b", 0, "provisioning"),
                    { kind: "failed", name: "c", notFound: false, error: "AccessDenied: no" },
                ],
                limits,
            );
        expect(run).to.throw(NoEligibleCandidateError);
        expect(run).to.throw(
            /\n {2}a: skipped \(its state is failed: .*\)\n {2}b: skipped \(its state is provisioning: .*\)\n {2}c: not measured \(AccessDenied: no\)\n/,
        );
        expect(run).to.throw(
            /Only an active ALB takes new scopes \(seen here: failed, provisioning\): replace a failed ALB or take it out of the pool .*assumeMissingInFlight/,
        );
        expect(run, "no pool-layout advice when the layout is fine").to.not.throw(
            /must be an Application Load Balancer of the pool's scheme/,
        );
    });

    it("falls back to the base only when nothing was measured at all, as before", () => {
        const p = choosePlacement(
            pool("a", "b"),
            [
                { kind: "failed", name: "a", notFound: true, error: "x" },
                { kind: "failed", name: "b", notFound: true, error: "y" },
            ],
            limits,
        );
        expect(p.reason).to.equal("base-fallback");
    });

    describe("properties", () => {
        const STATES = ["active", "provisioning", "active_impaired", "failed", undefined] as const;
        const candidate = fc.record({
            kind: fc.constantFrom("measured", "measured", "measured", "in-flight", "failed"),
            rules: fc.nat({ max: 80 }),
            state: fc.constantFrom(...STATES),
        });
        const scenario = fc.record({
            candidates: fc.array(candidate, { minLength: 1, maxLength: 6 }),
            allowInFlight: fc.boolean(),
            maxRules: fc.integer({ min: 1, max: 80 }),
            expectedRules: fc.integer({ min: 1, max: 5 }),
        });

        /** The measurements one measurement would give: `inFlight` and `in-flight` exist only in a pool that allows ALBs in flight. */
        function measurements(
            candidates: { kind: string; rules: number; state?: string }[],
            allowInFlight: boolean,
        ): BalancerMeasurement[] {
            return candidates.map((c, i): BalancerMeasurement => {
                const name = `alb-${i}`;
                if (c.kind === "failed" || (c.kind === "in-flight" && !allowInFlight)) {
                    return { kind: "failed", name, notFound: c.kind === "in-flight", error: "x" };
                }
                if (c.kind === "in-flight") {
                    return { kind: "in-flight", name, rules: 0 };
                }
                return alb(
                    name,
                    c.rules,
                    c.state,
                    allowInFlight && c.state === "provisioning" ? { inFlight: true } : {},
                );
            });
        }

        it("never chooses a measured ALB that is not active, unless it is provisioning in a pool that allows ALBs in flight", () => {
            fc.assert(
                fc.property(scenario, ({ candidates, allowInFlight, maxRules, expectedRules }) => {
                    const ms = measurements(candidates, allowInFlight);
                    const names = ms.map(m => m.name);
                    let chosen;
                    try {
                        chosen = choosePlacement(pool(...names), ms, { maxRules, expectedRules, strict: false });
                    } catch (err) {
                        return (
                            err instanceof CapacityExhaustedError ||
                            err instanceof NoEligibleCandidateError ||
                            err instanceof NoMeasurableCandidateError
                        );
                    }
                    const m = ms.find(x => x.name === chosen.balancerName)!;
                    if (chosen.reason === "base-fallback") {
                        // Only when nothing at all was measured: no measured ALB was passed over for its state.
                        return ms.every(x => x.kind === "failed");
                    }
                    if (m.kind !== "measured") {
                        return m.kind === "in-flight" && allowInFlight;
                    }
                    return (
                        m.state === undefined || m.state === "active" || (m.state === "provisioning" && allowInFlight)
                    );
                }),
            );
        });

        it("warns about every measured ALB it skipped for its state, naming that state", () => {
            fc.assert(
                fc.property(scenario, ({ candidates, allowInFlight }) => {
                    const ms = measurements(candidates, allowInFlight);
                    const limits = { maxRules: 1000, expectedRules: 1, strict: false };
                    let warnings: string[];
                    try {
                        warnings = choosePlacement(pool(...ms.map(m => m.name)), ms, limits).warnings;
                    } catch (err) {
                        warnings = (err as Error).message.split("\n");
                    }
                    return ms.every(
                        m =>
                            m.kind !== "measured" ||
                            stateUnavailability(m) === undefined ||
                            warnings.some(
                                w =>
                                    (w.startsWith(`ALB "${m.name}" was skipped`) ||
                                        w.startsWith(`  ${m.name}: skipped`)) &&
                                    w.includes(`its state is ${m.state}`),
                            ),
                    );
                }),
            );
        });
    });
});
