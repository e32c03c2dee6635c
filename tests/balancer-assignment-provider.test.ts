/** The BalancerAssignment provider against moto and a Kubernetes API stub: adoption from Route53 or an Ingress, placement, refusals. */
import { expect } from "chai";
import { AssignmentOutputs } from "../core/assignment-contract";
import { useAssignmentHost } from "./support/assignment-host-world";
import { addAlias, addFillerRecords, createZone } from "./support/route53-fixtures";

const POOL = {
    region: "us-east-1",
    visibility: "internet-facing",
    baseBalancer: "alb-a",
    additionalBalancers: ["alb-b", "alb-c"],
};

describe("BalancerAssignment provider against moto and a Kubernetes API", function () {
    const world = useAssignmentHost();
    let albs: Record<string, { dnsName: string; canonicalHostedZoneId: string; arn: string; listenerArns: string[] }>;

    beforeEach(async () => {
        albs = {};
        for (const [name, rules] of [
            ["alb-a", 1],
            ["alb-b", 20],
            ["alb-c", 30],
        ] as const) {
            albs[name] = await world.albs.createBalancer({ name, listeners: [{ port: 443, rules }] });
        }
    });

    it("adopts the ALB a Route53 alias points at (dualstack., upper case, trailing dot) in a zone of more than 300 records, with one look-up", async () => {
        const zone = await createZone(world.moto.url, "apps.example.com");
        await addFillerRecords(world.moto.url, zone, "apps.example.com", 320);
        const aliasDns = `DualStack.${albs["alb-c"].dnsName.toUpperCase()}.`;
        await addAlias(
            world.moto.url,
            zone,
            "zz-checkout.apps.example.com",
            aliasDns,
            albs["alb-c"].canonicalHostedZoneId,
        );
        const { outputs } = await world.up("adopt-r53", {
            ...POOL,
            domain: "zz-checkout.apps.example.com",
            hostedZoneId: zone,
        });
        expect(outputs).to.include({
            balancerName: "alb-c",
            source: "adopted-route53",
            dnsName: albs["alb-c"].dnsName,
            rulesAtAssignment: 30,
        });
        expect(
            world.proxy.count(`GET /2013-04-01/hostedzone/${zone}/rrset`),
            "jumped to the record, never scanned",
        ).to.equal(1);
    });

    it("places anew, with a warning, when the domain's alias points at something that is not an ALB", async () => {
        const zone = await createZone(world.moto.url, "apps.example.com");
        await addAlias(
            world.moto.url,
            zone,
            "cdn.apps.example.com",
            "d111111abcdef8.cloudfront.net.",
            "Z2FDTNDATAQYW2",
        );
        const { outputs } = await world.up("not-alb", { ...POOL, domain: "cdn.apps.example.com", hostedZoneId: zone });
        expect(outputs).to.include({ balancerName: "alb-a", source: "least-loaded" });
        expect((outputs.warnings as string[])[0]).to.match(
            /alias to d111111abcdef8\.cloudfront\.net\., which is not an ALB/,
        );
    });

    it("places a domain with no record on the least-loaded ALB", async () => {
        const zone = await createZone(world.moto.url, "apps.example.com");
        await addFillerRecords(world.moto.url, zone, "apps.example.com", 3);
        const { outputs } = await world.up("fresh", { ...POOL, domain: "new.apps.example.com", hostedZoneId: zone });
        expect(outputs).to.include({ balancerName: "alb-a", source: "least-loaded", rulesAtAssignment: 1 });
    });

    it("adopts the ALB named by an existing Ingress's annotation before looking at Route53", async () => {
        world.kube.addIngress("checkout", "checkout-api", {
            "alb.ingress.kubernetes.io/load-balancer-name": "alb-b",
            "alb.ingress.kubernetes.io/group.name": "alb-b",
        });
        const zone = await createZone(world.moto.url, "apps.example.com");
        await addAlias(
            world.moto.url,
            zone,
            "checkout.apps.example.com",
            albs["alb-c"].dnsName,
            albs["alb-c"].canonicalHostedZoneId,
        );
        const { outputs } = await world.up("adopt-ingress", {
            ...POOL,
            domain: "checkout.apps.example.com",
            hostedZoneId: zone,
            ingressRef: { namespace: "checkout", name: "checkout-api" },
        });
        expect(outputs).to.include({
            balancerName: "alb-b",
            source: "adopted-ingress",
            dnsName: albs["alb-b"].dnsName,
            rulesAtAssignment: 20,
        });
        expect(world.kube.requests).to.deep.equal([
            "/apis/networking.k8s.io/v1/namespaces/checkout/ingresses/checkout-api",
        ]);
        expect(world.proxy.count(`GET /2013-04-01/hostedzone/${zone}/rrset`)).to.equal(0);
    });

    it("falls through to placement with a warning when the referenced Ingress does not exist", async () => {
        const { outputs } = await world.up("no-ingress", {
            ...POOL,
            ingressRef: { namespace: "checkout", name: "missing" },
        });
        expect(outputs).to.include({ balancerName: "alb-a", source: "least-loaded" });
        expect((outputs.warnings as string[])[0]).to.equal(
            "Ingress checkout/missing does not exist; nothing to adopt from the cluster.",
        );
    });

    it("refuses to place a scope whose Ingress cannot be read, rather than risk splitting DNS from routing", async () => {
        world.kube.failWith = 403;
        await world.up("forbidden", { ...POOL, ingressRef: { namespace: "checkout", name: "checkout-api" } }).then(
            () => expect.fail("create must fail"),
            err =>
                expect(err.message).to.match(
                    /ingressRef: reading Ingress checkout\/checkout-api failed: HTTP 403: stub answered 403 for \/apis\/networking.k8s.io\/v1\/namespaces\/checkout\/ingresses\/checkout-api\. Make the cluster reachable/,
                ),
        );
    });

    it("fails the create, instead of hanging, when the Kubernetes API server never answers", async () => {
        world.kube.hang = true;
        await world.up("hung", { ...POOL, ingressRef: { namespace: "checkout", name: "checkout-api" } }).then(
            () => expect.fail("create must fail"),
            err =>
                expect(err.message).to.match(
                    /ingressRef: reading Ingress checkout\/checkout-api failed: cannot reach the Kubernetes API server http:\/\/127\.0\.0\.1:\d+ \(cluster "stub" of the kubeconfig's current context "stub"\): no answer within 1 s\./,
                ),
        );
    });

    it("warns when adopting an ALB outside the pool, and still adopts it", async () => {
        await world.albs.createBalancer({ name: "alb-legacy", listeners: [{ port: 443, rules: 90 }] });
        world.kube.addIngress("legacy", "web", {
            "alb.ingress.kubernetes.io/load-balancer-name": "alb-legacy",
            "alb.ingress.kubernetes.io/group.name": "alb-legacy",
        });
        const { outputs } = await world.up("legacy", { ...POOL, ingressRef: { namespace: "legacy", name: "web" } });
        expect(outputs).to.include({ balancerName: "alb-legacy", source: "adopted-ingress" });
        expect(outputs.warnings).to.have.members([
            'ALB "alb-legacy" (from the load-balancer-name annotation of Ingress legacy/web) is not in the internet-facing pool; the scope is assigned to it anyway.',
            'ALB "alb-legacy" (from the load-balancer-name annotation of Ingress legacy/web) has 90 rules; with this scope\'s 1 it passes maxRules 75.',
        ]);
    });

    it("creates on a pinned ALB, and fails naming the pin when it does not exist", async () => {
        const { outputs } = await world.up("pinned", { ...POOL, pinnedBalancer: "alb-c" });
        expect(outputs).to.include({ balancerName: "alb-c", source: "pinned", dnsName: albs["alb-c"].dnsName });
        await world.up("pinned-missing", { ...POOL, pinnedBalancer: "alb-nope" }).then(
            () => expect.fail("create must fail"),
            err =>
                expect(err.message).to.match(
                    /pinnedBalancer: ALB "alb-nope" \(from pinnedBalancer\) cannot be used: LoadBalancerNotFound.*DNS name and hosted zone id are needed/,
                ),
        );
    });

    it("keeps the assignment on refresh when its ALB was deleted, and says so", async () => {
        const { id, urn, outputs } = await world.up("doomed", POOL);
        expect(outputs.balancerName).to.equal("alb-a");
        await world.albs.deleteBalancer(albs["alb-a"].arn);
        const read = await world.host.read(id, urn, outputs);
        expect(read.properties).to.include({ balancerName: "alb-a", dnsName: albs["alb-a"].dnsName });
        expect((read.properties as unknown as AssignmentOutputs).warnings[0]).to.match(
            /^ALB "alb-a" no longer exists in us-east-1; this scope is still assigned to it.*pinnedBalancer/,
        );
    });

    it("keeps the assignment on update after the pool changed, warning when its ALB left the pool", async () => {
        const { id, urn, outputs } = await world.up("kept", POOL);
        const news = (
            await world.host.check(
                urn,
                {},
                {
                    __provider: world.provider,
                    ...POOL,
                    baseBalancer: "alb-b",
                    additionalBalancers: ["alb-c"],
                    maxRules: 50,
                },
            )
        ).inputs;
        const updated = await world.host.update(id, urn, outputs, news);
        expect(updated).to.include({
            balancerName: "alb-a",
            dnsName: albs["alb-a"].dnsName,
            source: "least-loaded",
            baseBalancer: "alb-b",
            maxRules: 50,
        });
        expect(updated.additionalBalancers).to.deep.equal(["alb-c"]);
        expect(updated.warnings).to.deep.equal([
            'ALB "alb-a" is no longer in the internet-facing pool (alb-b, alb-c); the scope stays on it, ' +
                "because its DNS and routing both follow the stored assignment. To move it, set pinnedBalancer to an ALB of the pool.",
        ]);
    });

    it("places a scope anew in its new pool when visibility changes, though its own record still aliases the old ALB", async () => {
        const internal = await world.albs.createBalancer({
            name: "alb-int",
            scheme: "internal",
            listeners: [{ port: 443, rules: 3 }],
        });
        const zone = await createZone(world.moto.url, "apps.example.com");
        await addAlias(
            world.moto.url,
            zone,
            "checkout.apps.example.com",
            albs["alb-b"].dnsName,
            albs["alb-b"].canonicalHostedZoneId,
        );
        // The replacement's create runs while the scope's record still points at its internet-facing ALB.
        const { outputs } = await world.up("now-internal", {
            ...POOL,
            visibility: "internal",
            baseBalancer: "alb-int",
            additionalBalancers: [],
            domain: "checkout.apps.example.com",
            hostedZoneId: zone,
        });
        expect(outputs).to.include({ balancerName: "alb-int", source: "only-candidate", dnsName: internal.dnsName });
        expect(outputs.warnings).to.deep.equal([
            'ALB "alb-b" (from the Route53 alias of checkout.apps.example.com) is internet-facing, but this scope is internal; ' +
                "the scope was placed anew in the internal pool.",
        ]);
    });

    it("refuses to pin an ALB of the other scheme, naming the pin and the fix", async () => {
        await world.albs.createBalancer({ name: "alb-int", scheme: "internal" });
        await world.up("pin-internal", { ...POOL, pinnedBalancer: "alb-int" }).then(
            () => expect.fail("create must fail"),
            err =>
                expect(err.message).to.contain(
                    'pinnedBalancer: ALB "alb-int" is internal, but this scope\'s visibility is internet-facing; pin an internet-facing ALB',
                ),
        );
    });

    it("stops, rather than placing a running scope anew, when its aliased ALB cannot be described", async () => {
        const zone = await createZone(world.moto.url, "apps.example.com");
        await addAlias(
            world.moto.url,
            zone,
            "checkout.apps.example.com",
            albs["alb-c"].dnsName,
            albs["alb-c"].canonicalHostedZoneId,
        );
        world.proxy.faults.push({ match: r => r.action === "DescribeLoadBalancers", respond: "server-error" });
        await world.up("blind", { ...POOL, domain: "checkout.apps.example.com", hostedZoneId: zone }).then(
            () => expect.fail("create must fail"),
            err =>
                expect(err.message).to.match(
                    /adoption: ALB "alb-c" \(from the Route53 alias of checkout\.apps\.example\.com\) could not be described: .*placing it anew could split its DNS from its routing/s,
                ),
        );
        world.proxy.faults = [];
        const { outputs } = await world.up("seen", {
            ...POOL,
            domain: "checkout.apps.example.com",
            hostedZoneId: zone,
        });
        expect(outputs).to.include({ balancerName: "alb-c", source: "adopted-route53" });
    });

    it("fails create with the full capacity picture when no ALB has room", async () => {
        await world.up("full", { ...POOL, maxRules: 1 }).then(
            () => expect.fail("create must fail"),
            err =>
                expect(err.message).to.match(
                    /No ALB in the internet-facing pool has room for 1 more listener rule\(s\) under maxRules 1[\s\S]*alb-a: 1 rules[\s\S]*alb-b: 20 rules/,
                ),
        );
        // With room for the scope, the same pool places it: the refusal above came from capacity alone.
        const { outputs } = await world.up("fits", { ...POOL, maxRules: 20, expectedRules: 19 });
        expect(outputs.balancerName).to.equal("alb-a");
    });

    it("refuses an internal scope whose pool ALBs were all measured and are internet-facing, instead of falling back to the base", async () => {
        await world
            .up("internal-on-public", {
                ...POOL,
                visibility: "internal",
                baseBalancer: "alb-b",
                additionalBalancers: ["alb-c"],
            })
            .then(
                out =>
                    expect.fail(
                        `create must fail, not assign ${JSON.stringify(out.outputs.balancerName)} (${out.outputs.source})`,
                    ),
                err => {
                    expect(err.message).to.contain(
                        'baseBalancer: ALB "alb-b" is internet-facing, but this pool is internal',
                    );
                    expect(err.message).to.contain(
                        "alb-c: skipped (its scheme is internet-facing, but this pool is internal)",
                    );
                    expect(err.message).to.match(
                        /make balancers\.base .*scope-ingress:privateBalancer.* name an internal ALB/,
                    );
                    expect(err.message).to.contain(
                        "the base-ALB fallback is only for a base that could not be measured",
                    );
                },
            );
    });

    it("refuses to pin a Network Load Balancer, naming it, its type and what to do", async () => {
        await world.albs.createBalancer({ name: "nlb-a", type: "network" });
        await world.up("pin-nlb", { ...POOL, pinnedBalancer: "nlb-a" }).then(
            () => expect.fail("create must fail"),
            err =>
                expect(err.message).to.contain(
                    'pinnedBalancer: "nlb-a" is a network load balancer, not an Application Load Balancer; ' +
                        "an Ingress can only be served by an ALB. Pin an ALB of the internet-facing pool",
                ),
        );
    });

    it("refuses to adopt a Network Load Balancer named by a running scope's Ingress, naming it, its type and what to do", async () => {
        await world.albs.createBalancer({ name: "nlb-a", type: "network" });
        world.kube.addIngress("checkout", "web", {
            "alb.ingress.kubernetes.io/load-balancer-name": "nlb-a",
            "alb.ingress.kubernetes.io/group.name": "nlb-a",
        });
        await world.up("adopt-nlb", { ...POOL, ingressRef: { namespace: "checkout", name: "web" } }).then(
            () => expect.fail("create must fail"),
            err =>
                expect(err.message).to.match(
                    /^.*adoption: "nlb-a" \(from the load-balancer-name annotation of Ingress checkout\/web\) is a network load balancer, not an Application Load Balancer.*Set pinnedBalancer to an ALB of the internet-facing pool/s,
                ),
        );
    });

    it("warns about a pin that this deployment's own reservations push over maxRules, and counts them in rulesAtAssignment", async () => {
        const first = await world.up("pin-1", { ...POOL, pinnedBalancer: "alb-c", maxRules: 40, expectedRules: 8 });
        expect(first.outputs).to.include({ rulesAtAssignment: 30 });
        expect(first.outputs.warnings).to.deep.equal([]);
        const second = await world.up("pin-2", { ...POOL, pinnedBalancer: "alb-c", maxRules: 40, expectedRules: 5 });
        expect(second.outputs).to.include({ balancerName: "alb-c", source: "pinned", rulesAtAssignment: 38 });
        expect(second.outputs.warnings).to.deep.equal([
            'ALB "alb-c" (from pinnedBalancer) has 38 rules (30 measured, 8 placed earlier in this deployment); ' +
                "with this scope's 5 it passes maxRules 40.",
        ]);
    });

    it("gives back the reservation of a create that fails after placing, so later creates of the deployment still fit", async () => {
        const pool = { ...POOL, additionalBalancers: ["alb-b"], expectedRules: 74 };
        // Nothing can be measured, so the scope falls back to the base, whose address then cannot be read.
        world.proxy.faults.push(
            { match: r => r.action === "DescribeListeners", respond: "access-denied" },
            {
                match: r => r.action === "DescribeLoadBalancers" && !r.params.has("Names.member.2"),
                respond: "access-denied",
            },
        );
        await world.up("blind", pool).then(
            () => expect.fail("create must fail"),
            err => expect(err.message).to.match(/ALB "alb-a" \(the base fallback\) cannot be described: AccessDenied/),
        );
        world.proxy.faults = [];
        // alb-a carries 1 rule: 74 more fit under 75 only if the failed create reserved nothing.
        const { outputs } = await world.up("after", pool);
        expect(outputs).to.include({ balancerName: "alb-a", source: "least-loaded", rulesAtAssignment: 1 });
    });
});
