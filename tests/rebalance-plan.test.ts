/** The rebalance planner, as properties over random small pools checked against a brute-force search, and on worked examples. */
import { expect } from "chai";
import fc from "fast-check";
import { InvalidInputError } from "../core/problems";
import { QUOTA_DIMENSIONS, Usage } from "../core/quota-dimensions";
import { RebalancePlan, RebalanceRequest, RebalanceScope, planRebalance } from "../core/rebalance-plan";

const ZERO: Usage = { rules: 0, targetGroups: 0, certificates: 0, listeners: 0 };
const usage = (rules: number, targetGroups = 0, certificates = 0, listeners = 0): Usage => ({
    rules,
    targetGroups,
    certificates,
    listeners,
});
const plus = (a: Usage, b: Usage, sign = 1): Usage =>
    Object.fromEntries(QUOTA_DIMENSIONS.map(d => [d, a[d] + sign * b[d]])) as Usage;

/** A pool described as what each ALB carries besides its scopes, plus the scopes: loads are derived, never typed. */
interface PoolSpec {
    balancers: { name: string; fixed: Usage; threshold: Usage }[];
    scopes: RebalanceScope[];
    tolerance: number;
    drain?: string;
}

function requestOf(spec: PoolSpec, searchBudget?: number): RebalanceRequest {
    return {
        balancers: spec.balancers.map(b => ({
            name: b.name,
            threshold: b.threshold,
            load: spec.scopes.filter(s => s.balancer === b.name).reduce((sum, s) => plus(sum, s.usage), b.fixed),
        })),
        scopes: spec.scopes,
        tolerance: spec.tolerance,
        ...(spec.drain !== undefined && { drain: spec.drain }),
        ...(searchBudget !== undefined && { searchBudget }),
    };
}

/** The loads of `spec` when scope i sits on `where[i]`, summed from scratch. */
function loadsOf(spec: PoolSpec, where: string[]): Map<string, Usage> {
    return new Map(
        spec.balancers.map(b => [
            b.name,
            spec.scopes.reduce((sum, s, i) => (where[i] === b.name ? plus(sum, s.usage) : sum), b.fixed),
        ]),
    );
}

/** Whether `where` meets the goal: the drained ALB holds no scope, or every ALB's rules are within tolerance of the mean. */
function meetsGoal(spec: PoolSpec, where: string[]): boolean {
    if (spec.drain !== undefined) {
        return !where.includes(spec.drain);
    }
    const rules = [...loadsOf(spec, where).values()].map(u => u.rules);
    const mean = rules.reduce((a, b) => a + b, 0) / rules.length;
    return rules.every(r => Math.abs(r - mean) <= spec.tolerance + 1e-9);
}

/**
 * Breadth-first search over every placement of the scopes, one make-before-break move at a time (the target
 * must hold the scope within its thresholds while the source still holds it): the fewest moves to the goal, or
 * undefined when no sequence of moves reaches it. Small pools only: it visits every reachable placement.
 */
function bruteForce(spec: PoolSpec): number | undefined {
    const start = spec.scopes.map(s => s.balancer);
    const seen = new Set([start.join(",")]);
    let frontier = [start];
    for (let moves = 0; frontier.length > 0; moves++) {
        if (frontier.some(where => meetsGoal(spec, where))) {
            return moves;
        }
        const next: string[][] = [];
        for (const where of frontier) {
            const loads = loadsOf(spec, where);
            spec.scopes.forEach((scope, i) => {
                for (const target of spec.balancers) {
                    const fits = QUOTA_DIMENSIONS.every(
                        d => loads.get(target.name)![d] + scope.usage[d] <= target.threshold[d],
                    );
                    if (target.name !== where[i] && target.name !== spec.drain && fits) {
                        const moved = where.map((b, j) => (j === i ? target.name : b));
                        if (!seen.has(moved.join(","))) {
                            seen.add(moved.join(","));
                            next.push(moved);
                        }
                    }
                }
            });
        }
        frontier = next;
    }
    return undefined;
}

/**
 * Replays `plan` on `spec` from scratch and checks every step: the scope is on `from`, the target is another ALB
 * and not the drained one, and the target stays within every threshold with the scope counted on both ALBs.
 * Returns where the scopes end.
 */
function replaySafely(spec: PoolSpec, plan: RebalancePlan): string[] {
    const where = spec.scopes.map(s => s.balancer);
    for (const [n, move] of plan.moves.entries()) {
        const i = spec.scopes.findIndex(s => s.namespace === move.namespace && s.name === move.name);
        expect(where[i], `move ${n + 1} starts where the scope is`).to.equal(move.from);
        expect(move.to, `move ${n + 1}`).to.not.equal(move.from);
        expect(move.to, `move ${n + 1} never onto the drained ALB`).to.not.equal(spec.drain);
        const during = plus(loadsOf(spec, where).get(move.to)!, spec.scopes[i].usage);
        const threshold = spec.balancers.find(b => b.name === move.to)!.threshold;
        for (const d of QUOTA_DIMENSIONS) {
            expect(during[d], `move ${n + 1}: ${move.to}'s ${d} with the scope on both ALBs`).to.be.at.most(
                threshold[d],
            );
        }
        where[i] = move.to;
    }
    return where;
}

const NAMES = ["alb-a", "alb-b", "alb-c"];
const smallUsage = (max: number) =>
    fc
        .tuple(
            fc.integer({ min: 0, max }),
            fc.integer({ min: 0, max: 3 }),
            fc.integer({ min: 0, max: 2 }),
            fc.integer({ min: 0, max: 1 }),
        )
        .map(([r, t, c, l]) => usage(r, t, c, l));
const thresholdUsage = fc
    .tuple(
        fc.integer({ min: 10, max: 50 }),
        fc.integer({ min: 3, max: 12 }),
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 1, max: 4 }),
    )
    .map(([r, t, c, l]) => usage(r, t, c, l));

/** Pools of 2-3 ALBs and 0-7 scopes, some starting past a threshold: small enough for {@link bruteForce} to visit every placement. */
const pools = (withDrain: boolean): fc.Arbitrary<PoolSpec> =>
    fc.integer({ min: 2, max: 3 }).chain(count =>
        fc.record({
            balancers: fc.tuple(
                ...NAMES.slice(0, count).map(name =>
                    fc.record({ name: fc.constant(name), fixed: smallUsage(4), threshold: thresholdUsage }),
                ),
            ),
            scopes: fc
                .array(fc.tuple(fc.integer({ min: 0, max: count - 1 }), smallUsage(12)), { maxLength: 7 })
                .map(list =>
                    list.map(([at, u], i) => ({
                        namespace: i % 2 === 0 ? "apps" : "shop",
                        name: `scope-${i}`,
                        hostnames: [`s${i}.example.com`],
                        balancer: NAMES[at],
                        usage: u,
                    })),
                ),
            tolerance: fc.integer({ min: 0, max: 6 }),
            drain: withDrain ? fc.constantFrom(...NAMES.slice(0, count)) : fc.constant(undefined),
        }),
    );

/** A scope of `rules` rules (one target group) on `balancer`. */
const scope = (name: string, balancer: string, rules: number, targetGroups = 1): RebalanceScope => ({
    namespace: "apps",
    name,
    hostnames: [`${name}.example.com`],
    balancer,
    usage: usage(rules, targetGroups),
});
const alb = (name: string, fixed = 0, maxRules = 75, maxTargetGroups = 100) => ({
    name,
    fixed: usage(fixed),
    threshold: usage(maxRules, maxTargetGroups, 25, 50),
});
const moves = (plan: RebalancePlan) => plan.moves.map(m => `${m.name}:${m.from}->${m.to}`);

describe("rebalance planner (properties against a brute-force search)", () => {
    it("no step takes any ALB past a threshold in any dimension, counting the moving scope on both ALBs", () => {
        fc.assert(
            fc.property(fc.boolean().chain(pools), spec => {
                replaySafely(spec, planRebalance(requestOf(spec)));
            }),
            { numRuns: 300 },
        );
    });

    it("balances whenever some sequence of safe moves can, and then with the fewest moves any sequence needs", () => {
        let severalMoves = 0;
        fc.assert(
            fc.property(pools(false), spec => {
                const plan = planRebalance(requestOf(spec));
                const fewest = bruteForce(spec);
                expect(plan.method, "small pools are searched exhaustively").to.equal("exact");
                expect(plan.reached, `reachable: ${fewest !== undefined}`).to.equal(fewest !== undefined);
                const end = replaySafely(spec, plan);
                expect(plan.fewestPossible).to.equal(fewest ?? null);
                if (fewest !== undefined) {
                    expect(meetsGoal(spec, end), "ends within tolerance").to.equal(true);
                    expect(plan.moves.length, "as few moves as the brute force").to.equal(fewest);
                    severalMoves += fewest >= 2 ? 1 : 0;
                }
            }),
            { numRuns: 300 },
        );
        expect(severalMoves, "pools that need two moves or more were tried").to.be.above(5);
    });

    it("drains whenever safe moves can, with the fewest moves; otherwise names every scope left and why each fits nowhere", () => {
        const seen = { drained: 0, blocked: 0 };
        fc.assert(
            fc.property(pools(true), spec => {
                const plan = planRebalance(requestOf(spec));
                const fewest = bruteForce(spec);
                expect(plan.reached).to.equal(fewest !== undefined);
                const end = replaySafely(spec, plan);
                if (fewest !== undefined) {
                    expect(end).to.not.include(spec.drain);
                    expect(plan.moves.length).to.equal(fewest);
                    expect(plan.blocked).to.deep.equal([]);
                    seen.drained += fewest >= 2 ? 1 : 0;
                    return;
                }
                seen.blocked++;
                const left = spec.scopes.filter((_, i) => end[i] === spec.drain).map(s => `${s.namespace}/${s.name}`);
                expect(plan.blocked.map(b => `${b.namespace}/${b.name}`).sort()).to.deep.equal(left.sort());
                expect(left.length, "an undrainable ALB has a scope left").to.be.above(0);
                const loads = loadsOf(spec, end);
                for (const blocked of plan.blocked) {
                    expect(blocked.refusedBy.map(r => r.balancer)).to.deep.equal(
                        spec.balancers.map(b => b.name).filter(n => n !== spec.drain),
                    );
                    for (const { balancer, over } of blocked.refusedBy) {
                        expect(over.length, `${blocked.name} on ${balancer}`).to.be.above(0);
                        const threshold = spec.balancers.find(b => b.name === balancer)!.threshold;
                        for (const d of over) {
                            expect(loads.get(balancer)![d] + blocked.usage[d]).to.be.above(threshold[d]);
                        }
                    }
                }
            }),
            { numRuns: 300 },
        );
        expect(seen.drained, "drains of two moves or more were tried").to.be.above(5);
        expect(seen.blocked, "undrainable ALBs were tried").to.be.above(5);
    });

    it("reports loads after that are the loads before with the moves applied", () => {
        fc.assert(
            fc.property(fc.boolean().chain(pools), spec => {
                const plan = planRebalance(requestOf(spec));
                const end = replaySafely(spec, plan);
                const loads = loadsOf(spec, end);
                expect(plan.balancers.map(b => [b.name, b.after])).to.deep.equal(
                    spec.balancers.map(b => [b.name, loads.get(b.name)]),
                );
                expect(plan.balancers.map(b => b.before)).to.deep.equal(requestOf(spec).balancers.map(b => b.load));
            }),
        );
    });

    it("is deterministic: the same pool, its scopes listed in any order, gives the same plan", () => {
        fc.assert(
            fc.property(
                fc
                    .boolean()
                    .chain(pools)
                    .chain(spec =>
                        fc.tuple(
                            fc.constant(spec),
                            fc.shuffledSubarray(spec.scopes, { minLength: spec.scopes.length }),
                        ),
                    ),
                ([spec, shuffled]) => {
                    expect(planRebalance(requestOf({ ...spec, scopes: shuffled }))).to.deep.equal(
                        planRebalance(requestOf(spec)),
                    );
                },
            ),
        );
    });

    it("falls back to the greedy plan past the search budget: still safe, never further from the band, a drain names what is left, and its bound never over-claims", () => {
        const outside = (spec: PoolSpec, where: string[]) => {
            const rules = [...loadsOf(spec, where).values()].map(u => u.rules);
            const mean = rules.reduce((a, b) => a + b, 0) / rules.length;
            return rules.reduce((sum, r) => sum + Math.max(0, Math.abs(r - mean) - spec.tolerance), 0);
        };
        fc.assert(
            fc.property(fc.boolean().chain(pools), spec => {
                const plan = planRebalance(requestOf(spec, 1));
                const start = spec.scopes.map(s => s.balancer);
                const end = replaySafely(spec, plan);
                expect(plan.reached).to.equal(meetsGoal(spec, end));
                const fewest = bruteForce(spec);
                if (plan.fewestPossible === null) {
                    expect(fewest, "a null bound means no plan reaches the goal").to.equal(undefined);
                } else if (fewest !== undefined) {
                    expect(plan.fewestPossible, "the bound never claims more than the fewest moves").to.be.at.most(
                        fewest,
                    );
                }
                if (spec.drain === undefined) {
                    expect(outside(spec, end)).to.be.at.most(outside(spec, start) + 1e-9);
                } else {
                    expect(plan.blocked.length).to.equal(end.filter(b => b === spec.drain).length);
                }
            }),
            { numRuns: 300 },
        );
    });

    it("plans a large pool (80-150 scopes) in a few seconds at most: safe at every step, deterministic, never below its own bound", () => {
        const large = fc.integer({ min: 4, max: 6 }).chain(count =>
            fc.record({
                balancers: fc.tuple(
                    ...Array.from({ length: count }, (_, i) =>
                        fc.record({
                            name: fc.constant(`alb-${i}`),
                            fixed: smallUsage(10),
                            threshold: fc.constant(usage(150, 100, 25, 50)),
                        }),
                    ),
                ),
                scopes: fc
                    .array(fc.tuple(fc.integer({ min: 0, max: count - 1 }), fc.integer({ min: 1, max: 4 })), {
                        minLength: 80,
                        maxLength: 150,
                    })
                    .map(list =>
                        // Skewed: every other scope sits on alb-0.
                        list.map(([at, rules], i) => scope(`s${i}`, `alb-${i % 2 === 0 ? 0 : at}`, rules)),
                    ),
                tolerance: fc.integer({ min: 2, max: 10 }),
                drain: fc.constant(undefined),
            }),
        );
        fc.assert(
            fc.property(large, spec => {
                const started = Date.now();
                const plan = planRebalance(requestOf(spec));
                expect(Date.now() - started, "milliseconds").to.be.below(5000);
                replaySafely(spec, plan);
                if (plan.reached && plan.fewestPossible !== null) {
                    expect(plan.moves.length).to.be.at.least(plan.fewestPossible);
                }
                expect(planRebalance(requestOf(spec))).to.deep.equal(plan);
            }),
            { numRuns: 10 },
        );
    });
});

describe("rebalance planner (worked examples)", () => {
    it("evens a skewed pool in two moves, the fewest: alb-a must shed 25 rules and its largest scope has 20", () => {
        // Rules 60 / 10 / 20, mean 30, tolerance 5: alb-a must fall to 35 or less; no single scope covers 25.
        const spec: PoolSpec = {
            balancers: [alb("alb-a"), alb("alb-b", 10), alb("alb-c", 20)],
            scopes: [scope("big", "alb-a", 20), ...["s1", "s2", "s3", "s4"].map(n => scope(n, "alb-a", 10))],
            tolerance: 5,
        };
        const plan = planRebalance(requestOf(spec));
        expect(plan).to.include({ reached: true, method: "exact", meanRules: 30 });
        expect(moves(plan)).to.deep.equal(["big:alb-a->alb-b", "s1:alb-a->alb-c"]);
        expect(plan.balancers.map(b => b.after.rules)).to.deep.equal([30, 30, 30]);
        expect(bruteForce(spec)).to.equal(2);
    });

    it("plans nothing for a pool already within tolerance", () => {
        const spec: PoolSpec = {
            balancers: [alb("alb-a"), alb("alb-b")],
            scopes: [scope("x", "alb-a", 12), scope("y", "alb-b", 10)],
            tolerance: 1,
        };
        expect(planRebalance(requestOf(spec))).to.include({ reached: true, method: "exact" });
        expect(planRebalance(requestOf(spec)).moves).to.deep.equal([]);
    });

    it("orders the moves so that the target has room while both ALBs hold the moving scope", () => {
        // Rules 40 / 15 / 5, mean 20, tolerance 0. alb-b (threshold 20) cannot take a 10-rule scope while it holds
        // "b1" (15): "b1" must leave for alb-c first. Three moves are the fewest: alb-a sheds two scopes, and
        // alb-b's 15 cannot become 20 without a move of its own.
        const spec: PoolSpec = {
            balancers: [alb("alb-a", 0, 40), alb("alb-b", 0, 20), alb("alb-c", 5, 20)],
            scopes: [...["a1", "a2", "a3", "a4"].map(n => scope(n, "alb-a", 10)), scope("b1", "alb-b", 15)],
            tolerance: 0,
        };
        const plan = planRebalance(requestOf(spec));
        expect(plan).to.include({ reached: true, method: "exact" });
        expect(moves(plan)).to.deep.equal(["b1:alb-b->alb-c", "a1:alb-a->alb-b", "a2:alb-a->alb-b"]);
        expect(bruteForce(spec)).to.equal(3);
        expect(plan.balancers.map(b => b.after.rules)).to.deep.equal([20, 20, 20]);
    });

    it("counts target groups as a constraint: a scope with the rules to fit but too many target groups goes elsewhere", () => {
        // Rules 40 / 0 / 10 (alb-a: 20 of no scope plus "wide"), mean 16.7, tolerance 14. Were alb-b to take 10
        // target groups, "wide" would move there in one step; it may hold 5, so "wide" goes to alb-c and "c1" makes
        // way to alb-b: two moves, the fewest under the constraint.
        const spec = (maxTargetGroups: number): PoolSpec => ({
            balancers: [alb("alb-a", 20), alb("alb-b", 0, 75, maxTargetGroups), alb("alb-c")],
            scopes: [scope("wide", "alb-a", 20, 10), scope("c1", "alb-c", 10, 1)],
            tolerance: 14,
        });
        expect(moves(planRebalance(requestOf(spec(100))))).to.deep.equal(["wide:alb-a->alb-b"]);
        const plan = planRebalance(requestOf(spec(5)));
        expect(plan).to.include({ reached: true, method: "exact" });
        expect(moves(plan)).to.have.members(["wide:alb-a->alb-c", "c1:alb-c->alb-b"]);
        expect(bruteForce(spec(5))).to.equal(2);
    });

    it("drains an ALB in one move per scope, each onto the ALB it leaves most even", () => {
        const spec: PoolSpec = {
            balancers: [alb("alb-a", 0, 30), alb("alb-b", 20, 30), alb("alb-c", 10, 30)],
            scopes: [scope("x", "alb-a", 8), scope("y", "alb-a", 8), scope("z", "alb-b", 5)],
            tolerance: 0,
            drain: "alb-a",
        };
        const plan = planRebalance(requestOf(spec));
        expect(plan).to.include({ goal: "drain", drain: "alb-a", reached: true, method: "exact" });
        expect(plan.moves.length).to.equal(2);
        expect(plan.balancers[0].after.rules).to.equal(0);
    });

    it("says which scope cannot be drained and where each ALB refuses it", () => {
        const spec: PoolSpec = {
            balancers: [alb("alb-a"), alb("alb-b", 60), alb("alb-c", 50)],
            scopes: [scope("huge", "alb-a", 30), scope("small", "alb-a", 5)],
            tolerance: 0,
            drain: "alb-a",
        };
        const plan = planRebalance(requestOf(spec));
        expect(plan).to.include({ reached: false, method: "exact" });
        expect(moves(plan)).to.deep.equal(["small:alb-a->alb-c"]);
        expect(plan.blocked.map(b => [b.name, b.refusedBy])).to.deep.equal([
            [
                "huge",
                [
                    { balancer: "alb-b", over: ["rules"] },
                    { balancer: "alb-c", over: ["rules"] },
                ],
            ],
        ]);
    });

    it("refuses a request that names an ALB outside the pool, every problem at once", () => {
        const spec: PoolSpec = {
            balancers: [alb("alb-a")],
            scopes: [scope("x", "alb-z", 1)],
            tolerance: -1,
            drain: "alb-q",
        };
        expect(() => planRebalance(requestOf(spec)))
            .to.throw(InvalidInputError)
            .with.property("message")
            .that.matches(/tolerance: -1 is not a whole number/)
            .and.matches(/drain: "alb-q" is not an ALB of the pool/)
            .and.matches(/scope apps\/x: "alb-z" is on no ALB of the pool/);
    });

    it("proves a pool cannot be evened when the rules it carries for others outweigh its scopes, and still comes closer", () => {
        // alb-a: 40 rules of no scope plus "x" (5); mean 22.5, tolerance 5: alb-a would have to shed 17.5.
        const spec: PoolSpec = {
            balancers: [alb("alb-a", 40), alb("alb-b")],
            scopes: [scope("x", "alb-a", 5), { ...scope("idle", "alb-b", 0), usage: ZERO }],
            tolerance: 5,
        };
        const plan = planRebalance(requestOf(spec));
        expect(plan).to.include({ reached: false, method: "exact" });
        expect(bruteForce(spec)).to.equal(undefined);
        expect(moves(plan)).to.deep.equal(["x:alb-a->alb-b"]);
    });
});
