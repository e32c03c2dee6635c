/** Measuring a pool's ALBs against moto: rules per listener, paging, request count, type and stack tag, failures. */
import { expect } from "chai";
import { BalancerMeasurement, MeasuredBalancer } from "../core/balancer-load";
import { measureBalancers } from "../provider/balancer-measurement";
import { useAwsWorld } from "./support/aws-world";

function asMeasured(m: BalancerMeasurement | undefined): MeasuredBalancer {
    expect(m?.kind, JSON.stringify(m)).to.equal("measured");
    return m as MeasuredBalancer;
}

describe("load measurement against moto", function () {
    const world = useAwsWorld();

    it("sums non-default rules over every listener and reports each listener", async () => {
        const alb = await world.albs.createBalancer({
            name: "alb-a",
            listeners: [
                { port: 80, rules: 3 },
                { port: 443, rules: 5 },
            ],
        });
        const [m] = await measureBalancers(["alb-a"]);
        const a = asMeasured(m);
        expect(a).to.include({
            name: "alb-a",
            rules: 8,
            arn: alb.arn,
            dnsName: alb.dnsName,
            canonicalHostedZoneId: alb.canonicalHostedZoneId,
            scheme: "internet-facing",
        });
        expect(a.listeners.map(l => [l.port, l.protocol, l.rules])).to.deep.equal([
            [80, "HTTP", 3],
            [443, "HTTPS", 5],
        ]);
    });

    it("does not count default rules", async () => {
        await world.albs.createBalancer({ name: "alb-empty" });
        const a = asMeasured((await measureBalancers(["alb-empty"]))[0]);
        expect(a.rules).to.equal(0);
        expect(a.listeners).to.have.length(2);
    });

    it("follows NextMarker through every page of rules and listeners", async () => {
        await world.albs.createBalancer({
            name: "alb-paged",
            listeners: [
                { port: 80, rules: 2 },
                { port: 443, rules: 7 },
                { port: 8443, rules: 0 },
            ],
        });
        const a = asMeasured((await measureBalancers(["alb-paged"], { pageSize: 2 }))[0]);
        expect(a.rules).to.equal(9);
        // Rules incl. the default one: 3 (2 pages), 8 (4 pages), 1 (1 page). moto ignores PageSize on
        // DescribeListeners, so listener pages follow the same loop but are not counted here.
        expect(world.proxy.count("DescribeRules")).to.equal(7);
    });

    it("uses 2 ceil(K/20) + 4K requests for K ALBs with one HTTPS listener each, with the Describe rounds in parallel", async () => {
        const names = Array.from({ length: 25 }, (_, i) => `alb-${i}`);
        for (const name of names) {
            await world.albs.createBalancer({ name, listeners: [{ port: 443, rules: 1 }] });
        }
        world.proxy.latencyMs = 50;
        const ms = await measureBalancers(names);
        expect(ms.map(m => asMeasured(m).rules)).to.deep.equal(names.map(() => 1));
        expect(world.proxy.count("DescribeLoadBalancers")).to.equal(2);
        // Per ALB: DescribeListeners and DescribeTargetGroups, then DescribeRules and DescribeListenerCertificates.
        expect(world.proxy.count()).to.equal(2 + 2 + 4 * 25);
        expect(world.proxy.maxConcurrent, "every DescribeListeners in flight at once").to.be.at.least(25);
    });

    it("records each load balancer's type, so a Network Load Balancer named in a pool is told from an ALB", async () => {
        await world.albs.createBalancer({ name: "alb-a" });
        await world.albs.createBalancer({ name: "nlb-a", type: "network" });
        const ms = await measureBalancers(["alb-a", "nlb-a"]);
        expect(asMeasured(ms[0])).to.include({ type: "application" });
        expect(asMeasured(ms[1])).to.include({ type: "network", rules: 0 });
    });

    // The controller tags every ALB it builds with ingress.k8s.aws/stack = the stack id, which is the group name of an
    // explicit IngressGroup and namespace/name of an implicit one (defaultProvider.StackTags and StackID.String in
    // kubernetes-sigs/aws-load-balancer-controller pkg/deploy/tracking/provider.go and pkg/model/core/stack_id.go).
    it("reads the controller's stack tag with DescribeTags in batches of 20, in the listeners' round: still three rounds", async () => {
        const names = Array.from({ length: 25 }, (_, i) => `alb-${i}`);
        for (const name of names) {
            await world.albs.createBalancer({
                name,
                listeners: [{ port: 443, rules: 1 }],
                tags: name === "alb-3" ? {} : { "ingress.k8s.aws/stack": name === "alb-7" ? "team-x" : name },
            });
        }
        world.proxy.latencyMs = 50;
        const ms = (await measureBalancers(names)).map(asMeasured);
        expect(ms[0].stackTag).to.equal("alb-0");
        expect(ms[3].stackTag, "an untagged ALB").to.equal(undefined);
        expect(ms[7].stackTag).to.equal("team-x");
        expect(
            world.proxy.count("DescribeTags"),
            "ceil(25 / 20) calls; the proxy refuses more than 20 ARNs as AWS does",
        ).to.equal(2);
        expect(world.proxy.count()).to.equal(2 + 2 + 4 * 25);
        expect(
            world.proxy.maxConcurrent,
            "DescribeTags in flight together with every DescribeListeners",
        ).to.be.at.least(25 + 2);
    });

    it("fails the ALBs whose tags cannot be read, naming DescribeTags and the AWS error", async () => {
        await world.albs.createBalancer({ name: "alb-a" });
        world.proxy.faults.push({ match: r => r.action === "DescribeTags", respond: "access-denied" });
        const [m] = await measureBalancers(["alb-a"]);
        expect(m).to.deep.include({ kind: "failed", name: "alb-a", notFound: false });
        expect((m as { error: string }).error).to.match(/DescribeTags failed: AccessDenied/);
    });

    it("marks a missing ALB as not found while measuring the rest of its batch (real-AWS LoadBalancerNotFound)", async () => {
        await world.albs.createBalancer({ name: "alb-a", listeners: [{ port: 443, rules: 4 }] });
        await world.albs.createBalancer({ name: "alb-b", listeners: [{ port: 443, rules: 6 }] });
        const ms = await measureBalancers(["alb-a", "alb-gone", "alb-b"]);
        expect(asMeasured(ms[0]).rules).to.equal(4);
        expect(ms[1]).to.deep.include({ kind: "failed", name: "alb-gone", notFound: true });
        expect((ms[1] as { error: string }).error).to.match(/LoadBalancerNotFound.*alb-gone/);
        expect(asMeasured(ms[2]).rules).to.equal(6);
        // One batch call that fails whole, then one call per name of that batch.
        expect(world.proxy.count("DescribeLoadBalancers")).to.equal(1 + 3);
    });

    it("treats a missing name the same when the endpoint drops it silently (moto without the proxy's strictness)", async () => {
        world.proxy.strictNotFound = false;
        await world.albs.createBalancer({ name: "alb-a" });
        const ms = await measureBalancers(["alb-a", "alb-gone"]);
        expect(ms.map(m => m.kind)).to.deep.equal(["measured", "failed"]);
        expect(world.proxy.count("DescribeLoadBalancers")).to.equal(1);
    });

    it("counts a missing ALB as in flight with 0 rules when asked to", async () => {
        await world.albs.createBalancer({ name: "alb-a", listeners: [{ port: 443, rules: 2 }] });
        const ms = await measureBalancers(["alb-a", "alb-new"], { assumeMissingInFlight: true });
        expect(ms[1]).to.deep.equal({ kind: "in-flight", name: "alb-new", rules: 0 });
    });

    it("absorbs a Throttling burst through the SDK's retries", async () => {
        for (const name of ["alb-a", "alb-b", "alb-c"]) {
            await world.albs.createBalancer({
                name,
                listeners: [
                    { port: 80, rules: 1 },
                    { port: 443, rules: 2 },
                ],
            });
        }
        // Half of the six parallel DescribeRules calls are throttled: a burst, as when many scopes deploy. After
        // a throttle, adaptive mode slows this client to its minimum rate (0.5 requests/s), hence the duration.
        world.proxy.faults.push({ match: r => r.action === "DescribeRules", respond: "throttle", times: 3 });
        const ms = await measureBalancers(["alb-a", "alb-b", "alb-c"]);
        expect(ms.map(m => asMeasured(m).rules)).to.deep.equal([3, 3, 3]);
        expect(world.proxy.count("DescribeRules")).to.equal(6 + 3);
    });

    for (const respond of ["server-error", "reset"] as const) {
        it(`skips only the ALB whose calls keep failing (${respond}) and measures the others`, async () => {
            const albs = [];
            for (const name of ["alb-a", "alb-b", "alb-c"]) {
                albs.push(await world.albs.createBalancer({ name, listeners: [{ port: 443, rules: 1 }] }));
            }
            const badListener = albs[1].listenerArns[0];
            world.proxy.faults.push({
                match: r => r.action === "DescribeRules" && r.params.get("ListenerArn") === badListener,
                respond,
            });
            const ms = await measureBalancers(["alb-a", "alb-b", "alb-c"], { maxAttempts: 2 });
            expect(ms.map(m => m.kind)).to.deep.equal(["measured", "failed", "measured"]);
            expect((ms[1] as { error: string }).error).to.match(
                respond === "reset"
                    ? /counting its listener rules failed: .*(ECONNRESET|socket hang up)/i
                    : /InternalFailure/,
            );
        });
    }

    it("fails an ALB whose requests outlast requestTimeoutMs instead of waiting on them", async () => {
        await world.albs.createBalancer({ name: "alb-a", listeners: [{ port: 443, rules: 1 }] });
        world.proxy.latencyMs = 1500;
        const [m] = await measureBalancers(["alb-a"], { requestTimeoutMs: 200, maxAttempts: 1 });
        expect(m).to.deep.include({ kind: "failed", name: "alb-a" });
        expect((m as { error: string }).error).to.match(/TimeoutError/);
    });

    it("fails every ALB of a batch whose DescribeLoadBalancers call is refused, naming the cause", async () => {
        world.proxy.faults.push({ match: r => r.action === "DescribeLoadBalancers", respond: "server-error" });
        const ms = await measureBalancers(["alb-a", "alb-b"], { maxAttempts: 1 });
        expect(ms.map(m => m.kind)).to.deep.equal(["failed", "failed"]);
        expect((ms[0] as { error: string }).error).to.match(/DescribeLoadBalancers failed: InternalFailure/);
    });
});
