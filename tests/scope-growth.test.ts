/** The growth rule of a live scope and the usage estimate it compares: worked examples and properties relating inputs. */
import { expect } from "chai";
import fc from "fast-check";
import { QUOTA_DIMENSIONS, Usage, addUsage } from "../core/quota-dimensions";
import { blockingDimensions, growthRefusalMessage, hasGrowth, programUsage, usageGrowth } from "../core/scope-growth";

const count = fc.integer({ min: 0, max: 300 });
const usage: fc.Arbitrary<Usage> = fc.record({
    rules: count,
    targetGroups: count,
    certificates: count,
    listeners: count,
});

/** A usage no larger than `of` in any dimension. */
function notAbove(of: Usage): fc.Arbitrary<Usage> {
    return fc.record({
        rules: fc.integer({ min: 0, max: of.rules }),
        targetGroups: fc.integer({ min: 0, max: of.targetGroups }),
        certificates: fc.integer({ min: 0, max: of.certificates }),
        listeners: fc.integer({ min: 0, max: of.listeners }),
    });
}

const THRESHOLDS: Usage = { rules: 75, targetGroups: 75, certificates: 18, listeners: 37 };
const LOAD_70: Usage = { rules: 70, targetGroups: 3, certificates: 1, listeners: 2 };
const SCOPE: Usage = { rules: 2, targetGroups: 1, certificates: 0, listeners: 2 };

describe("scope growth", () => {
    describe("worked examples", () => {
        it("lets 5 more rules onto an ALB at 70 of 75, and refuses 10, blocking on rules only", () => {
            const five = usageGrowth(SCOPE, { ...SCOPE, rules: 7 });
            const ten = usageGrowth(SCOPE, { ...SCOPE, rules: 12 });
            expect(five).to.deep.equal({ rules: 5, targetGroups: 0, certificates: 0, listeners: 0 });
            expect(blockingDimensions(LOAD_70, five, THRESHOLDS)).to.deep.equal([]);
            expect(blockingDimensions(LOAD_70, ten, THRESHOLDS)).to.deep.equal(["rules"]);
        });

        it("counts a shrink in one dimension as no room for growth in another", () => {
            const growth = usageGrowth(
                { rules: 10, targetGroups: 1, certificates: 0, listeners: 2 },
                { rules: 2, targetGroups: 1, certificates: 0, listeners: 3 },
            );
            expect(growth).to.deep.equal({ rules: 0, targetGroups: 0, certificates: 0, listeners: 1 });
            expect(hasGrowth(growth)).to.equal(true);
        });

        it("does not block on a dimension that does not grow, even on an ALB already past its threshold there", () => {
            const over = { ...LOAD_70, rules: 90 };
            expect(blockingDimensions(over, { ...SCOPE, rules: 0, listeners: 1 }, THRESHOLDS)).to.deep.equal([]);
            expect(
                blockingDimensions(over, { rules: 1, targetGroups: 0, certificates: 0, listeners: 0 }, THRESHOLDS),
            ).to.deep.equal(["rules"]);
        });

        it("names the ALB, its load against the threshold and the growth in every dimension, the blocking one, and pinnedBalancer", () => {
            const message = growthRefusalMessage({
                balancerName: "alb-public-2",
                region: "us-east-1",
                load: LOAD_70,
                thresholds: THRESHOLDS,
                growth: { rules: 10, targetGroups: 0, certificates: 0, listeners: 0 },
                measuredFrom: "AWS",
            });
            expect(message).to.contain('ALB "alb-public-2" (us-east-1)');
            expect(message).to.contain("listener rules: 70 of 75, growth +10 -> 80  <- blocks");
            expect(message).to.contain("target groups: 3 of 75, growth +0 -> 3\n");
            expect(message).to.contain("certificates: 1 of 18, growth +0 -> 1\n");
            expect(message).to.contain("listeners: 2 of 37, growth +0 -> 2\n");
            expect(message).to.contain("set pinnedBalancer to an ALB with room (scope-ingress capacity shows them)");
            expect(message).to.contain("The Ingress was not changed");
        });
    });

    describe("properties", () => {
        it("growth is never negative, and is zero exactly when nothing grows", () => {
            fc.assert(
                fc.property(usage, usage, (before, after) => {
                    const growth = usageGrowth(before, after);
                    expect(QUOTA_DIMENSIONS.every(d => growth[d] >= 0)).to.equal(true);
                    expect(hasGrowth(growth)).to.equal(QUOTA_DIMENSIONS.some(d => after[d] > before[d]));
                }),
            );
        });

        it("a shrink, or no change, never fails, whatever the ALB carries", () => {
            fc.assert(
                fc.property(usage, usage, usage, (before, load, thresholds) =>
                    fc.assert(
                        fc.property(notAbove(before), after => {
                            expect(blockingDimensions(load, usageGrowth(before, after), thresholds)).to.deep.equal([]);
                        }),
                        { numRuns: 5 },
                    ),
                ),
                { numRuns: 50 },
            );
        });

        it("more load never turns a refusal into a pass, nor a lower threshold", () => {
            fc.assert(
                fc.property(usage, usage, usage, usage, (load, growth, thresholds, extra) => {
                    const refused = blockingDimensions(load, growth, thresholds).length > 0;
                    if (refused) {
                        expect(blockingDimensions(addUsage(load, extra), growth, thresholds)).not.to.deep.equal([]);
                    }
                }),
            );
            fc.assert(
                fc.property(usage, usage, usage, (load, growth, thresholds) =>
                    fc.assert(
                        fc.property(notAbove(thresholds), lower => {
                            if (blockingDimensions(load, growth, thresholds).length > 0) {
                                expect(blockingDimensions(load, growth, lower)).not.to.deep.equal([]);
                            }
                        }),
                        { numRuns: 5 },
                    ),
                ),
                { numRuns: 50 },
            );
        });

        it("a growth that fits in one step fits when made in two, the second on a load that includes the first", () => {
            fc.assert(
                fc.property(usage, usage, usage, usage, usage, (before, step1, step2, load, thresholds) => {
                    const middle = addUsage(before, step1);
                    const after = addUsage(middle, step2);
                    if (blockingDimensions(load, usageGrowth(before, after), thresholds).length === 0) {
                        const first = usageGrowth(before, middle);
                        expect(blockingDimensions(load, first, thresholds)).to.deep.equal([]);
                        expect(
                            blockingDimensions(addUsage(load, first), usageGrowth(middle, after), thresholds),
                        ).to.deep.equal([]);
                    }
                }),
            );
        });
    });

    describe("the usage of a scope as its program knows it", () => {
        const scope = {
            hosts: ["checkout.apps.example.com", "pay.apps.example.com"],
            pathCount: 3,
            servicePorts: 1,
            listenPorts: [
                { protocol: "HTTP" as const, port: 80 },
                { protocol: "HTTPS" as const, port: 443 },
            ],
            sslRedirectPort: 443,
        };

        it("counts hosts x paths rules on the HTTPS port, one target group per Service port, one listener per port, and no ACM certificate", () => {
            expect(programUsage(scope)).to.deep.equal({ rules: 6, targetGroups: 1, certificates: 0, listeners: 2 });
        });

        it("counts the certificates certificate-arn names, once per HTTPS listener", () => {
            expect(programUsage({ ...scope, certificateArns: ["arn:a", "arn:b"] }).certificates).to.equal(2);
        });

        it("grows in rules only when a host is added", () => {
            fc.assert(
                fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 10 }), (hosts, paths) => {
                    const named = (n: number) => Array.from({ length: n }, (_, i) => `h${i}.apps.example.com`);
                    const before = programUsage({ ...scope, hosts: named(hosts), pathCount: paths });
                    const after = programUsage({ ...scope, hosts: named(hosts + 1), pathCount: paths });
                    expect(usageGrowth(before, after)).to.deep.include({
                        targetGroups: 0,
                        certificates: 0,
                        listeners: 0,
                    });
                    expect(usageGrowth(before, after).rules).to.be.above(0);
                }),
            );
        });
    });
});
