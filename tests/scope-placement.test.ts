/** The placement engine against moto: least-loaded choice, in-flight ALBs, fallback, skipped load balancers, reservations. */
import { expect } from "chai";
import { resolveCandidatePool } from "../core/candidate-pool";
import { CapacityExhaustedError } from "../core/placement";
import { PlacementLedger } from "../core/placement-ledger";
import { resolveRuleLimits } from "../core/rule-limits";
import { placeScope } from "../provider/scope-placement";
import { useAwsWorld } from "./support/aws-world";

describe("placement engine against moto", function () {
    const world = useAwsWorld();

    it("places a scope on the least-loaded ALB and returns its address", async () => {
        await world.albs.createBalancer({
            name: "alb-public-1",
            listeners: [
                { port: 80, rules: 10 },
                { port: 443, rules: 10 },
            ],
        });
        const two = await world.albs.createBalancer({
            name: "alb-public-2",
            listeners: [
                { port: 80, rules: 2 },
                { port: 443, rules: 3 },
            ],
        });
        await world.albs.createBalancer({ name: "alb-public-3", listeners: [{ port: 443, rules: 9 }] });
        const pool = resolveCandidatePool("internet-facing", {
            base: "alb-public-1",
            additional: ["alb-public-2", "alb-public-3"],
        });
        const p = await placeScope({ pool, limits: resolveRuleLimits() });
        expect(p).to.include({ balancerName: "alb-public-2", reason: "least-loaded", rules: 5 });
        expect(p.address).to.deep.equal({
            name: "alb-public-2",
            arn: two.arn,
            dnsName: two.dnsName,
            canonicalHostedZoneId: two.canonicalHostedZoneId,
        });
        expect(p.seen.map(c => c.rules)).to.deep.equal([20, 5, 9]);
    });

    it("measures a pool of one exactly once and still enforces the threshold", async () => {
        await world.albs.createBalancer({ name: "alb-only", listeners: [{ port: 443, rules: 3 }] });
        const pool = resolveCandidatePool("internet-facing", { base: "alb-only", additional: [] });
        const p = await placeScope({ pool, limits: resolveRuleLimits() });
        expect(p).to.include({ balancerName: "alb-only", reason: "only-candidate", rules: 3 });
        expect(p.address?.dnsName).to.be.a("string").and.match(/\S/);
        expect(world.proxy.count("DescribeLoadBalancers")).to.equal(1);
        await placeScope({ pool, limits: resolveRuleLimits({ maxRules: 3 }) }).then(
            () => expect.fail("a full single ALB must be refused"),
            err => expect(err).to.be.instanceOf(CapacityExhaustedError),
        );
    });

    it("waits for a chosen in-flight ALB to appear, then returns its address", async () => {
        await world.albs.createBalancer({ name: "alb-full", listeners: [{ port: 443, rules: 60 }] });
        const pool = resolveCandidatePool("internet-facing", { base: "alb-full", additional: ["alb-new"] });
        const arrival = setTimeout(() => void world.albs.createBalancer({ name: "alb-new" }), 600);
        try {
            const p = await placeScope({
                pool,
                limits: resolveRuleLimits(),
                measure: { assumeMissingInFlight: true },
                arrival: { pollSeconds: 0.2, timeoutSeconds: 20 },
            });
            expect(p).to.include({ balancerName: "alb-new", rules: 0 });
            expect(p.address?.dnsName).to.match(/^alb-new-/);
            expect(world.proxy.count("DescribeLoadBalancers")).to.be.at.least(3);
        } finally {
            clearTimeout(arrival);
        }
    });

    it("gives up on an in-flight ALB that never appears, naming it and what to do", async () => {
        const pool = resolveCandidatePool("internet-facing", { base: "alb-never" });
        await placeScope({
            pool,
            limits: resolveRuleLimits(),
            measure: { assumeMissingInFlight: true },
            arrival: { pollSeconds: 0.2, timeoutSeconds: 1 },
        }).then(
            () => expect.fail("must time out"),
            err =>
                expect(err.message).to.match(
                    /ALB "alb-never" was chosen while in flight, but it did not appear within 1 s; check that the Load Balancer Controller/,
                ),
        );
    });

    it("falls back to the base without an address when nothing can be measured", async () => {
        const pool = resolveCandidatePool("internet-facing", { base: "alb-x", additional: ["alb-y"] });
        const p = await placeScope({ pool, limits: resolveRuleLimits() });
        expect(p).to.include({ balancerName: "alb-x", reason: "base-fallback" });
        expect(p.address).to.equal(undefined);
        expect(p.warnings.join("\n")).to.match(/"alb-x" was skipped.*LoadBalancerNotFound/);
    });

    it("skips a Network Load Balancer of the pool, with a warning naming it and its type, and places on an ALB", async () => {
        await world.albs.createBalancer({ name: "nlb-public", type: "network" });
        await world.albs.createBalancer({ name: "alb-public-2", listeners: [{ port: 443, rules: 5 }] });
        const pool = resolveCandidatePool("internet-facing", { base: "nlb-public", additional: ["alb-public-2"] });
        const p = await placeScope({ pool, limits: resolveRuleLimits() });
        expect(p).to.include({ balancerName: "alb-public-2", reason: "least-loaded", rules: 5 });
        expect(p.warnings).to.deep.equal([
            'ALB "nlb-public" was skipped when placing this scope: it is a network load balancer, not an Application Load Balancer; ' +
                "the pool takes ALBs only, so take it out of the pool.",
        ]);
    });

    it("skips a pool ALB whose controller stack tag (its group) differs from its name, and keeps an untagged one", async () => {
        await world.albs.createBalancer({
            name: "alb-public-1",
            listeners: [{ port: 443, rules: 1 }],
            tags: { "ingress.k8s.aws/stack": "checkout/web" },
        });
        await world.albs.createBalancer({ name: "alb-public-2", listeners: [{ port: 443, rules: 4 }] });
        await world.albs.createBalancer({
            name: "alb-public-3",
            listeners: [{ port: 443, rules: 3 }],
            tags: { "ingress.k8s.aws/stack": "alb-public-3" },
        });
        const pool = resolveCandidatePool("internet-facing", {
            base: "alb-public-1",
            additional: ["alb-public-2", "alb-public-3"],
        });
        const p = await placeScope({ pool, limits: resolveRuleLimits() });
        expect(p).to.include({ balancerName: "alb-public-3", rules: 3 });
        expect(p.seen.map(c => c.rules)).to.deep.equal([undefined, 4, 3]);
        expect(p.warnings).to.have.length(1);
        expect(p.warnings[0]).to.match(
            /^ALB "alb-public-1" was skipped when placing this scope: its ingress\.k8s\.aws\/stack tag is "checkout\/web", so the Load Balancer Controller built it for the group "checkout\/web", not for the group "alb-public-1"/,
        );
        expect(p.warnings[0]).to.contain("group.name = ALB name");
    });

    it("does not place an internal scope on the base when every pool ALB was measured and is internet-facing", async () => {
        await world.albs.createBalancer({ name: "alb-int-1", scheme: "internet-facing" });
        await world.albs.createBalancer({ name: "alb-int-2", scheme: "internet-facing" });
        const pool = resolveCandidatePool("internal", { base: "alb-int-1", additional: ["alb-int-2"] });
        await placeScope({ pool, limits: resolveRuleLimits() }).then(
            p => expect.fail(`must not fall back to the base, got ${JSON.stringify(p.balancerName)} (${p.reason})`),
            err =>
                expect(err.message).to.match(
                    /baseBalancer: ALB "alb-int-1" is internet-facing, but this pool is internal/,
                ),
        );
    });

    it("gives back the reservation of a placement whose in-flight ALB never appears, so later scopes still fit", async () => {
        await world.albs.createBalancer({ name: "alb-full", listeners: [{ port: 443, rules: 70 }] });
        const ledger = new PlacementLedger();
        const pool = resolveCandidatePool("internet-facing", { base: "alb-full", additional: ["alb-never"] });
        const measure = { assumeMissingInFlight: true };
        await placeScope({
            pool,
            limits: resolveRuleLimits({ expectedRules: 75 }),
            measure,
            ledger,
            arrival: { pollSeconds: 0.2, timeoutSeconds: 1 },
        }).then(
            () => expect.fail("must time out"),
            err => expect(err.message).to.match(/"alb-never" was chosen while in flight, but it did not appear/),
        );
        expect(ledger.reservedOn("alb-never"), "the failed create holds nothing").to.equal(0);
        await world.albs.createBalancer({ name: "alb-never" });
        // The whole empty ALB is still free for the next scope of the deployment.
        const p = await placeScope({
            pool,
            limits: resolveRuleLimits({ expectedRules: 75 }),
            measure,
            ledger,
            arrival: { pollSeconds: 0.2, timeoutSeconds: 5 },
        });
        expect(p).to.include({ balancerName: "alb-never", rules: 0 });
    });
});
