/** The placement engine against moto, with the fault proxy reporting ALB states moto never shows. */
import { expect } from "chai";
import { resolveCandidatePool } from "../core/candidate-pool";
import { NoEligibleCandidateError } from "../core/placement";
import { PlacementLedger } from "../core/placement-ledger";
import { resolveRuleLimits } from "../core/rule-limits";
import { measureBalancers } from "../provider/balancer-measurement";
import { placeScope } from "../provider/scope-placement";
import { useAwsWorld } from "./support/aws-world";

/** Short polls, so that a wait takes a second or two, not the default minutes. */
const QUICK = { pollSeconds: 0.2, timeoutSeconds: 20 };

describe("placement engine and ALB states, against moto", function () {
    const world = useAwsWorld();

    it("measures the state and AWS's reason the proxy reports, and marks a provisioning ALB in flight only when asked to", async () => {
        await world.albs.createBalancer({ name: "alb-a" });
        await world.albs.createBalancer({ name: "alb-b" });
        await world.albs.createBalancer({ name: "alb-c" });
        world.proxy.balancerStates.set("alb-a", { code: "failed", reason: "Subnet has insufficient free addresses" });
        world.proxy.balancerStates.set("alb-b", { code: "provisioning" });
        const plain = await measureBalancers(["alb-a", "alb-b", "alb-c"]);
        expect(plain.map(m => m.kind === "measured" && [m.state, m.stateReason, m.inFlight])).to.deep.equal([
            ["failed", "Subnet has insufficient free addresses", undefined],
            ["provisioning", undefined, undefined],
            ["active", undefined, undefined],
        ]);
        const inFlight = await measureBalancers(["alb-a", "alb-b", "alb-c"], { assumeMissingInFlight: true });
        expect(inFlight.map(m => m.kind === "measured" && m.inFlight)).to.deep.equal([undefined, true, undefined]);
    });

    for (const state of ["failed", "active_impaired"]) {
        it(`skips an ALB in state ${state}, though it is the least loaded, with a warning naming the state`, async () => {
            await world.albs.createBalancer({ name: "alb-sick", listeners: [{ port: 443, rules: 0 }] });
            await world.albs.createBalancer({ name: "alb-well", listeners: [{ port: 443, rules: 20 }] });
            world.proxy.balancerStates.set("alb-sick", { code: state });
            const pool = resolveCandidatePool("internet-facing", { base: "alb-sick", additional: ["alb-well"] });
            const p = await placeScope({ pool, limits: resolveRuleLimits() });
            expect(p).to.include({ balancerName: "alb-well", rules: 20 });
            expect(p.warnings).to.have.length(1);
            expect(p.warnings[0]).to.match(
                new RegExp(`^ALB "alb-sick" was skipped when placing this scope: its state is ${state}:`),
            );
        });
    }

    it("refuses, instead of falling back, when the pool's only ALB has failed", async () => {
        await world.albs.createBalancer({ name: "alb-dead" });
        world.proxy.balancerStates.set("alb-dead", { code: "failed" });
        const pool = resolveCandidatePool("internet-facing", { base: "alb-dead" });
        await placeScope({ pool, limits: resolveRuleLimits() }).then(
            p => expect.fail(`must not place on a failed ALB, got ${p.balancerName} (${p.reason})`),
            err => {
                expect(err).to.be.instanceOf(NoEligibleCandidateError);
                expect(err.message).to.match(
                    /alb-dead: skipped \(its state is failed: .*\n.*Only an active ALB takes new scopes/s,
                );
            },
        );
    });

    it("skips a provisioning ALB when the pool does not take ALBs in flight", async () => {
        await world.albs.createBalancer({ name: "alb-full", listeners: [{ port: 443, rules: 60 }] });
        await world.albs.createBalancer({ name: "alb-new", listeners: [{ port: 443, rules: 0 }] });
        world.proxy.balancerStates.set("alb-new", { code: "provisioning" });
        const pool = resolveCandidatePool("internet-facing", { base: "alb-full", additional: ["alb-new"] });
        const p = await placeScope({ pool, limits: resolveRuleLimits(), arrival: QUICK });
        expect(p).to.include({ balancerName: "alb-full", rules: 60 });
        expect(p.warnings[0]).to.match(
            /^ALB "alb-new" was skipped when placing this scope: its state is provisioning: it cannot serve yet;.*assumeMissingInFlight/,
        );
    });

    it("chooses a provisioning ALB when the pool takes ALBs in flight, and returns only once it is active", async () => {
        await world.albs.createBalancer({ name: "alb-full", listeners: [{ port: 443, rules: 60 }] });
        const fresh = await world.albs.createBalancer({ name: "alb-new", listeners: [{ port: 443, rules: 0 }] });
        world.proxy.balancerStates.set("alb-new", { code: "provisioning" });
        const pool = resolveCandidatePool("internet-facing", { base: "alb-full", additional: ["alb-new"] });
        let activeAt = Infinity;
        const turnActive = setTimeout(() => {
            world.proxy.balancerStates.delete("alb-new");
            activeAt = Date.now();
        }, 1000);
        try {
            const p = await placeScope({
                pool,
                limits: resolveRuleLimits(),
                measure: { assumeMissingInFlight: true },
                arrival: QUICK,
            });
            expect(Date.now(), "returned only after the ALB turned active").to.be.at.least(activeAt);
            expect(p).to.include({ balancerName: "alb-new", rules: 0 });
            expect(p.warnings).to.deep.equal([]);
            expect(p.address).to.deep.equal({
                name: "alb-new",
                arn: fresh.arn,
                dnsName: fresh.dnsName,
                canonicalHostedZoneId: fresh.canonicalHostedZoneId,
            });
            expect(
                world.proxy.count("DescribeLoadBalancers"),
                "the measurement, then polls until active",
            ).to.be.at.least(3);
        } finally {
            clearTimeout(turnActive);
        }
    });

    it("gives up on a provisioning ALB that never turns active, naming it, its state and what to do, and frees its reservation", async () => {
        await world.albs.createBalancer({ name: "alb-slow" });
        world.proxy.balancerStates.set("alb-slow", { code: "provisioning" });
        const ledger = new PlacementLedger();
        const pool = resolveCandidatePool("internet-facing", { base: "alb-slow" });
        await placeScope({
            pool,
            limits: resolveRuleLimits(),
            measure: { assumeMissingInFlight: true },
            arrival: { pollSeconds: 0.2, timeoutSeconds: 1 },
            ledger,
        }).then(
            () => expect.fail("must time out"),
            err =>
                expect(err.message).to.equal(
                    'ALB "alb-slow" was chosen while in flight, but its state was still provisioning after 1 s, not active; ' +
                        "check the ALB in AWS (aws elbv2 describe-load-balancers --names alb-slow), or take it out of the pool until it is active.",
                ),
        );
        expect(ledger.reservedOn("alb-slow"), "the failed create holds nothing").to.equal(0);
    });

    it("stops waiting at once when the provisioning ALB turns failed", async () => {
        await world.albs.createBalancer({ name: "alb-doomed" });
        world.proxy.balancerStates.set("alb-doomed", { code: "provisioning" });
        const pool = resolveCandidatePool("internet-facing", { base: "alb-doomed" });
        const fail = setTimeout(
            () => world.proxy.balancerStates.set("alb-doomed", { code: "failed", reason: "No capacity in us-east-1a" }),
            500,
        );
        const started = Date.now();
        try {
            await placeScope({
                pool,
                limits: resolveRuleLimits(),
                measure: { assumeMissingInFlight: true },
                arrival: QUICK,
            }).then(
                () => expect.fail("must fail"),
                err =>
                    expect(err.message).to.match(
                        /^ALB "alb-doomed" was chosen while in flight, but its state turned failed \(AWS says: No capacity in us-east-1a\): .*take it out of the pool/,
                    ),
            );
            expect(Date.now() - started, "long before the 20 s timeout").to.be.below(10_000);
        } finally {
            clearTimeout(fail);
        }
    });

    it("waits for a missing in-flight ALB to appear and then to be active, not merely to exist", async () => {
        await world.albs.createBalancer({ name: "alb-full", listeners: [{ port: 443, rules: 60 }] });
        const pool = resolveCandidatePool("internet-facing", { base: "alb-full", additional: ["alb-coming"] });
        // It appears provisioning after 0.5 s, and turns active 1 s after it appeared.
        world.proxy.balancerStates.set("alb-coming", { code: "provisioning" });
        let activeAt = Infinity;
        let activate: NodeJS.Timeout | undefined;
        const appear = setTimeout(
            () =>
                void world.albs.createBalancer({ name: "alb-coming" }).then(() => {
                    activate = setTimeout(() => {
                        world.proxy.balancerStates.delete("alb-coming");
                        activeAt = Date.now();
                    }, 1000);
                }),
            500,
        );
        try {
            const p = await placeScope({
                pool,
                limits: resolveRuleLimits(),
                measure: { assumeMissingInFlight: true },
                arrival: QUICK,
            });
            expect(p).to.include({ balancerName: "alb-coming", rules: 0 });
            expect(Date.now(), "returned only after the ALB turned active").to.be.at.least(activeAt);
        } finally {
            clearTimeout(appear);
            clearTimeout(activate);
        }
    });
});
