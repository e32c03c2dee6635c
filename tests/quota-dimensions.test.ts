/**
 * Every per-ALB quota in placement, against moto through the provider's own path (inputs → account limits, ACM and
 * the pool measured together → choice): target groups, certificates and listeners block an ALB that rules alone
 * would choose, and a raised quota raises a relative threshold but not an absolute one.
 */
import { expect } from "chai";
import type { AssignmentInputs } from "../core/assignment-contract";
import { CapacityExhaustedError } from "../core/placement";
import { limitsOf, poolOf, quotaCheckOfInputs } from "../provider/assignment-creation";
import { MeasurementCache } from "../provider/measurement-cache";
import { measureBalancerUsage } from "../provider/quota-measurement";
import { placeScope } from "../provider/scope-placement";
import { useAwsWorld } from "./support/aws-world";

/** A ScopeIngress-like assignment of one host, one path, one Service port, HTTP 80 → HTTPS 443, on `base` + `additional`. */
function scope(base: string, additional: string[], overrides: Partial<AssignmentInputs> = {}): AssignmentInputs {
    return {
        region: "us-east-1",
        visibility: "internet-facing",
        baseBalancer: base,
        additionalBalancers: additional,
        maxRules: 75,
        expectedRules: 1,
        strict: false,
        assumeMissingInFlight: false,
        scopeShape: {
            hosts: ["shop.example.org"],
            pathCount: 1,
            servicePorts: 1,
            listenPorts: [
                { protocol: "HTTP", port: 80 },
                { protocol: "HTTPS", port: 443 },
            ],
            sslRedirectPort: 443,
        },
        ...overrides,
    };
}

/** Places `inputs` as the provider does: quotas read beside a fresh measurement (no reuse across tests). */
async function place(inputs: AssignmentInputs) {
    const cache = new MeasurementCache();
    return placeScope({
        pool: poolOf(inputs),
        limits: limitsOf(inputs),
        measure: { region: inputs.region },
        measurements: cache,
        quotas: quotaCheckOfInputs(inputs, cache),
    });
}

async function refusal(inputs: AssignmentInputs): Promise<CapacityExhaustedError> {
    return place(inputs).then(
        p => expect.fail(`expected a refusal, got ${p.balancerName}`),
        err => {
            expect(err).to.be.instanceOf(CapacityExhaustedError);
            return err as CapacityExhaustedError;
        },
    );
}

describe("every quota dimension in placement, against moto", function () {
    const world = useAwsWorld();

    it("does not choose an ALB with few rules but 95 target groups, and measures them in the listeners' round", async () => {
        const crowded = await world.albs.createBalancer({ name: "alb-groups", listeners: [{ port: 443, rules: 0 }] });
        const groupRules = await world.albs.addTargetGroups(crowded.listenerArns[0], 95);
        await world.albs.createBalancer({ name: "alb-rules", listeners: [{ port: 443, rules: 40 }] });
        const usage = await measureBalancerUsage("alb-groups", { region: "us-east-1" });
        expect(usage.usage).to.deep.equal({ rules: groupRules, targetGroups: 95, certificates: 0, listeners: 1 });

        const p = await place(scope("alb-groups", ["alb-rules"]));
        expect(p.balancerName, "the ALB with 40 rules and 1 target group").to.equal("alb-rules");
        expect(p.seen[0]).to.include({ name: "alb-groups", rules: groupRules });
        expect(p.seen[0].blocking).to.deep.equal(["targetGroups"]);
        expect(p.seen[1].blocking).to.deep.equal([]);

        const err = await refusal(scope("alb-groups", ["alb-rules"], { maxRules: 40 }));
        expect(err.message).to.match(
            /alb-groups: 19 rules\n +listener rules 19 \+ 1 of 40, target groups 95 \+ 1 of 75 \(BLOCKS\)/,
        );
        expect(err.message).to.match(
            /alb-rules: 40 rules\n +listener rules 40 \+ 1 of 40 \(BLOCKS\), target groups 1 \+ 1 of 75,/,
        );
        expect(err.message).to.include('maxTargetGroups "75%" of 100 = 75');
        expect(err.message).to.include("raise maxTargetGroups");
        expect(err.message).to.include("raise maxRules");
    });

    it("counts per-host ACM certificates the ALB does not carry, and refuses the ALB they would push past maxCertificates", async () => {
        // The controller would discover one certificate per host (acmCertDiscovery.Discover): neither is on alb-certs.
        await world.albs.createCertificate("shop.example.org");
        await world.albs.createCertificate("cart.example.org");
        const certs = await world.albs.createBalancer({ name: "alb-certs", listeners: [{ port: 443, rules: 2 }] });
        const others = [];
        for (let i = 0; i < 17; i++) {
            others.push(await world.albs.createCertificate(`site-${i}.example.net`));
        }
        await world.albs.addListenerCertificates(certs.listenerArns[0], others);
        await world.albs.createBalancer({ name: "alb-free", listeners: [{ port: 443, rules: 30 }] });
        const hosts = ["shop.example.org", "cart.example.org"];
        const inputs = scope("alb-certs", ["alb-free"]);
        const p = await place({ ...inputs, scopeShape: { ...inputs.scopeShape!, hosts }, expectedRules: 2 });
        expect(p.balancerName).to.equal("alb-free");
        expect(p.seen[0].usage?.certificates, "17 besides the default one").to.equal(17);
        expect(p.seen[0].adding?.certificates).to.equal(2);
        expect(p.seen[0].blocking).to.deep.equal(["certificates"]);
        expect(world.proxy.count("DescribeListenerCertificates")).to.equal(2);
        expect(world.proxy.count("ListCertificates")).to.equal(1);
    });

    it("counts nothing for hosts a wildcard certificate the ALB already carries covers, and the wildcard's first addition otherwise", async () => {
        const wildcard = await world.albs.createCertificate("*.example.org");
        const full = await world.albs.createBalancer({ name: "alb-wild", listeners: [{ port: 443, rules: 2 }] });
        const others = [];
        for (let i = 0; i < 17; i++) {
            others.push(await world.albs.createCertificate(`site-${i}.example.net`));
        }
        await world.albs.addListenerCertificates(full.listenerArns[0], [...others, wildcard]);
        const bare = await world.albs.createBalancer({ name: "alb-bare", listeners: [{ port: 443, rules: 1 }] });
        await world.albs.addListenerCertificates(bare.listenerArns[0], [
            ...others,
            await world.albs.createCertificate("x.example.net"),
        ]);
        await world.albs.createBalancer({ name: "alb-busy", listeners: [{ port: 443, rules: 30 }] });
        const inputs = scope("alb-wild", ["alb-bare", "alb-busy"]);
        const shape = { ...inputs.scopeShape!, hosts: ["shop.example.org", "cart.example.org"] };
        const p = await place({ ...inputs, scopeShape: shape, expectedRules: 2 });
        // alb-bare has the fewest rules but 18 certificates and lacks the wildcard: 18 + 1 > 18.
        expect(p.seen[1]).to.deep.include({ name: "alb-bare", blocking: ["certificates"] });
        expect(p.seen[1].adding?.certificates, "two hosts, one wildcard: one certificate").to.equal(1);
        // alb-wild carries 18 too, the wildcard among them: the scope adds none and fits.
        expect(p.seen[0].usage?.certificates).to.equal(18);
        expect(p.seen[0].adding?.certificates).to.equal(0);
        expect(p.balancerName).to.equal("alb-wild");
    });

    it("refuses an ALB whose listeners are at maxListeners when the scope adds a listen port it lacks", async () => {
        const ports = [80, 443, ...Array.from({ length: 35 }, (_, i) => 9000 + i)];
        await world.albs.createBalancer({ name: "alb-ports", listeners: ports.map(port => ({ port, rules: 0 })) });
        await world.albs.createBalancer({ name: "alb-two", listeners: [{ port: 443, rules: 20 }] });
        const inputs = scope("alb-ports", ["alb-two"]);
        const shape = {
            ...inputs.scopeShape!,
            listenPorts: [...inputs.scopeShape!.listenPorts, { protocol: "HTTPS" as const, port: 8443 }],
        };
        const p = await place({ ...inputs, scopeShape: shape, expectedRules: 2 });
        expect(p.seen[0]).to.deep.include({ name: "alb-ports", blocking: ["listeners"] });
        expect(p.seen[0].usage?.listeners).to.equal(37);
        expect(p.seen[0].adding?.listeners).to.equal(1);
        expect(p.balancerName).to.equal("alb-two");
        const same = await place(inputs);
        expect(same.balancerName, "listen ports the ALB has already cost nothing").to.equal("alb-ports");
    });

    it("raises a relative maxRules with the account's raised rules quota (200), and leaves an absolute maxRules alone", async () => {
        await world.albs.createBalancer({ name: "alb-big", listeners: [{ port: 443, rules: 120 }] });
        const relative = scope("alb-big", [], { maxRules: "75%" });
        expect((await refusal(relative)).message, "75% of the default quota of 100").to.include(
            'under maxRules 75 ("75%" of 100 = 75)',
        );

        world.proxy.accountLimits.set("rules-per-application-load-balancer", 200);
        const p = await place(relative);
        expect(p).to.include({ balancerName: "alb-big", rules: 120 });
        expect(world.proxy.count("DescribeAccountLimits")).to.equal(2);

        const absolute = await refusal(scope("alb-big", [], { maxRules: 75 }));
        expect(absolute.message).to.match(/listener rules 120 \+ 1 of 75 \(BLOCKS\)/);
        expect(absolute.message).to.include("under maxRules 75 (a scope fits");
    });

    it("reads the account's limits once per measurement TTL, and falls back to AWS's defaults with a warning when forbidden", async () => {
        await world.albs.createBalancer({ name: "alb-a", listeners: [{ port: 443, rules: 1 }] });
        const cache = new MeasurementCache();
        await Promise.all([cache.accountLimits({ region: "us-east-1" }), cache.accountLimits({ region: "us-east-1" })]);
        await cache.accountLimits({ region: "us-east-1" });
        expect(world.proxy.count("DescribeAccountLimits")).to.equal(1);

        world.proxy.faults.push({ match: r => r.action === "DescribeAccountLimits", respond: "access-denied" });
        const p = await place(scope("alb-a", []));
        expect(p.balancerName).to.equal("alb-a");
        const warning = p.warnings.find(w => w.includes("DescribeAccountLimits"));
        expect(warning).to.include("AccessDenied");
        expect(warning).to.include("elasticloadbalancing:DescribeAccountLimits");

        // A refusal by IAM is kept for the TTL: many scopes of one deployment do not ask once each.
        world.proxy.requests.length = 0;
        const shared = new MeasurementCache();
        await shared.accountLimits({ region: "us-east-1" });
        await shared.accountLimits({ region: "us-east-1" });
        expect(world.proxy.count("DescribeAccountLimits")).to.equal(1);
    });

    it("counts one certificate per host, with a warning, when ACM refuses ListCertificates", async () => {
        await world.albs.createBalancer({ name: "alb-a", listeners: [{ port: 443, rules: 1 }] });
        world.proxy.faults.push({ match: r => r.action === "ListCertificates", respond: "access-denied" });
        const inputs = scope("alb-a", []);
        const hosts = ["a.apps.example.com", "b.apps.example.com"];
        const p = await place({ ...inputs, scopeShape: { ...inputs.scopeShape!, hosts }, expectedRules: 2 });
        // The listener's wildcard would cover both, but without ACM nothing says so.
        expect(p.seen[0].adding?.certificates).to.equal(2);
        expect(p.warnings.find(w => w.includes("ACM ListCertificates failed"))).to.include("acm:ListCertificates");
    });

    it("answers DescribeTargetGroups for an ALB without target groups with an empty list, as AWS does", async () => {
        await world.albs.createBalancer({ name: "alb-none" });
        const usage = await measureBalancerUsage("alb-none", { region: "us-east-1" });
        expect(usage.measurement.kind).to.equal("measured");
        expect(usage.usage).to.deep.equal({ rules: 0, targetGroups: 0, certificates: 0, listeners: 2 });
        expect(usage.limits).to.deep.equal({ rules: 100, targetGroups: 100, certificates: 25, listeners: 50 });
        expect(usage.limitsWarning).to.equal(undefined);
    });
});
