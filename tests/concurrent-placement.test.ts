/** Many scopes created in one deployment through the real dynamic-provider host: the ledger, the threshold, TTL and deletes. */
import { expect } from "chai";
import fc from "fast-check";
import { AWS_TEST_ENV } from "./support/aws-test-env";
import { useAwsWorld } from "./support/aws-world";
import { DynamicProviderHost, dynamicUrn } from "./support/dynamic-provider-host";
import { captureSerializedProvider } from "./support/serialized-provider";

const NAMES = ["alb-0", "alb-1", "alb-2", "alb-3"];
const POOL = {
    region: "us-east-1",
    visibility: "internet-facing",
    baseBalancer: "alb-0",
    additionalBalancers: NAMES.slice(1),
    maxRules: 75,
};

interface Outcome {
    /** Rules placed per ALB by the creates that succeeded. */
    placed: Record<string, number>;
    failures: string[];
}

describe("many scopes created in one deployment, through the real dynamic-provider host", function () {
    this.timeout(120_000);
    const world = useAwsWorld();
    let provider: string;
    let host: DynamicProviderHost | undefined;

    before(async () => {
        provider = await captureSerializedProvider();
    });

    afterEach(async () => {
        await host?.stop();
        host = undefined;
    });

    /** A new provider process (its ledger starts empty), as for a new `pulumi up`. */
    async function newDeployment(env: Record<string, string> = {}): Promise<DynamicProviderHost> {
        host = await DynamicProviderHost.start({ ...AWS_TEST_ENV, AWS_ENDPOINT_URL: world.proxy.url, ...env });
        return host;
    }

    async function pool(existingRules: number[]): Promise<void> {
        for (const [i, name] of NAMES.entries()) {
            await world.albs.createBalancer({ name, listeners: [{ port: 443, rules: existingRules[i] }] });
        }
        world.proxy.requests.length = 0;
    }

    /** Check + Create for every scope at once, as the engine does for new resources of one deployment. */
    async function createAll(h: DynamicProviderHost, expectedRules: number[], prefix = "scope"): Promise<Outcome> {
        const results = await Promise.allSettled(
            expectedRules.map(async (rules, i) => {
                const urn = dynamicUrn(`${prefix}-${i}`);
                const { inputs } = await h.check(urn, {}, { __provider: provider, ...POOL, expectedRules: rules });
                return (await h.create(urn, inputs)).properties;
            }),
        );
        const outcome: Outcome = { placed: {}, failures: [] };
        for (const r of results) {
            if (r.status === "fulfilled") {
                const name = r.value.balancerName as string;
                outcome.placed[name] = (outcome.placed[name] ?? 0) + (r.value.expectedRules as number);
            } else {
                outcome.failures.push((r.reason as Error).message);
            }
        }
        return outcome;
    }

    it("places 300 scopes on 4 empty ALBs exactly 75 each, measuring the pool once", async () => {
        await pool([0, 0, 0, 0]);
        const outcome = await createAll(await newDeployment(), Array(300).fill(1));
        expect(outcome.failures).to.deep.equal([]);
        expect(outcome.placed).to.deep.equal({ "alb-0": 75, "alb-1": 75, "alb-2": 75, "alb-3": 75 });
        expect(world.proxy.count("DescribeLoadBalancers")).to.equal(1);
        expect(
            world.proxy.count(),
            "2 ceil(K/20) + 4K + 1 for the whole deployment, not per scope (the account's limits read once)",
        ).to.equal(1 + 1 + 4 * 4 + 1);
    });

    it("places 300 of 320 and refuses the other 20 with the capacity error", async () => {
        await pool([0, 0, 0, 0]);
        const outcome = await createAll(await newDeployment(), Array(320).fill(1));
        expect(outcome.placed).to.deep.equal({ "alb-0": 75, "alb-1": 75, "alb-2": 75, "alb-3": 75 });
        expect(outcome.failures).to.have.length(20);
        for (const message of outcome.failures) {
            expect(message).to.match(
                /No ALB in the internet-facing pool has room for 1 more listener rule\(s\) under maxRules 75/,
            );
        }
    });

    it("fills the least-loaded ALBs first when they start at 10, 40, 0 and 75 rules", async () => {
        await pool([10, 40, 0, 75]);
        // 10 go to alb-2 until it ties alb-0 at 10; the next 20 alternate between them, alb-0 first.
        expect((await createAll(await newDeployment(), Array(30).fill(1), "first")).placed).to.deep.equal({
            "alb-0": 10,
            "alb-2": 20,
        });
        const rest = await createAll(host!, Array(300).fill(1), "rest");
        expect(rest.placed).to.deep.equal({ "alb-0": 55, "alb-1": 35, "alb-2": 55 });
        expect(rest.failures).to.have.length(300 - 145);
    });

    it("never passes the threshold with mixed expectedRules (1-5)", async () => {
        await pool([0, 30, 60, 74]);
        const sizes = fc.sample(fc.integer({ min: 1, max: 5 }), { numRuns: 150, seed: 42 });
        const outcome = await createAll(await newDeployment(), sizes);
        const start: Record<string, number> = { "alb-0": 0, "alb-1": 30, "alb-2": 60, "alb-3": 74 };
        for (const [name, rules] of Object.entries(outcome.placed)) {
            expect(start[name] + rules, name).to.be.at.most(75);
        }
        const placedTotal = Object.values(outcome.placed).reduce((a, b) => a + b, 0);
        expect(outcome.failures.every(m => /No ALB in the internet-facing pool has room/.test(m))).to.equal(true);
        expect(placedTotal, "the pool was filled close to capacity").to.be.at.least(75 + 45 + 15 + 1 - 5 * 4);
    });

    it("measures again once the measurement is older than the TTL, not per scope", async () => {
        await pool([0, 0, 0, 0]);
        const h = await newDeployment({ SCOPE_INGRESS_MEASUREMENT_TTL_SECONDS: "1" });
        await createAll(h, Array(40).fill(1), "early");
        expect(
            world.proxy.count(),
            "one measurement: 1 DescribeLoadBalancers, 1 DescribeTags, 4 each of DescribeListeners, DescribeTargetGroups, " +
                "DescribeRules and DescribeListenerCertificates, and 1 DescribeAccountLimits",
        ).to.equal(19);
        await new Promise(resolve => setTimeout(resolve, 1200));
        const late = await createAll(h, Array(40).fill(1), "late");
        expect(world.proxy.count()).to.equal(38);
        // Reservations outlive the measurement: the late scopes still spread evenly.
        expect(late.placed).to.deep.equal({ "alb-0": 10, "alb-1": 10, "alb-2": 10, "alb-3": 10 });
    });

    it("frees the rules of a scope deleted in the same deployment", async () => {
        await pool([0, 0, 0, 74]);
        const h = await newDeployment();
        const urn = dynamicUrn("to-delete");
        const { inputs } = await h.check(
            urn,
            {},
            { __provider: provider, ...POOL, maxRules: 1, additionalBalancers: [] },
        );
        const created = await h.create(urn, inputs);
        await h.create(dynamicUrn("second"), inputs).then(
            () => expect.fail("alb-0 is full"),
            err =>
                expect(err.message).to.match(
                    /No ALB in the internet-facing pool has room for 1 more listener rule\(s\) under maxRules 1/,
                ),
        );
        await h.delete(created.id, urn, created.properties);
        expect((await h.create(dynamicUrn("third"), inputs)).properties.balancerName).to.equal("alb-0");
    });

    it("counts a pinned scope's rules in the ledger (adoption shares that path), so later placements see them", async () => {
        await pool([0, 10, 20, 30]);
        const h = await newDeployment();
        const pinned = await h.check(
            dynamicUrn("pinned"),
            {},
            { __provider: provider, ...POOL, pinnedBalancer: "alb-0", expectedRules: 74 },
        );
        expect((await h.create(dynamicUrn("pinned"), pinned.inputs)).properties).to.include({
            balancerName: "alb-0",
            source: "pinned",
        });
        // alb-0 measures 0 rules but holds the pinned scope's 74: the next scope fits only elsewhere.
        const outcome = await createAll(h, [1, 1]);
        expect(outcome.placed).to.deep.equal({ "alb-1": 2 });
    });

    it("never passes maxRules on the unmeasured base ALB when every measurement fails, and measures again once AWS answers", async () => {
        await pool([0, 0, 0, 0]);
        // Listeners cannot be read, so no ALB is measured; the base's address can still be described.
        world.proxy.faults.push({ match: r => r.action === "DescribeListeners", respond: "server-error" });
        const h = await newDeployment();
        const blind = await createAll(h, Array(80).fill(1), "blind");
        expect(blind.placed).to.deep.equal({ "alb-0": 75 });
        expect(blind.failures).to.have.length(5);
        expect(blind.failures[0]).to.match(
            /the base ALB "alb-0" cannot be the fallback: this deployment already placed 75 rules on it/,
        );
        world.proxy.faults = [];
        const seen = await createAll(h, [1], "seen");
        expect(seen.placed).to.deep.equal({ "alb-1": 1 });
    });

    it("gives the same spread under 25 ms latency and a Throttling burst, and no create hangs", async () => {
        await pool([0, 0, 0, 0]);
        world.proxy.latencyMs = 25;
        world.proxy.faults.push({ match: r => r.action === "DescribeRules", respond: "throttle", times: 3 });
        const outcome = await createAll(await newDeployment(), Array(300).fill(1));
        expect(outcome.failures).to.deep.equal([]);
        expect(outcome.placed).to.deep.equal({ "alb-0": 75, "alb-1": 75, "alb-2": 75, "alb-3": 75 });
        expect(world.proxy.count()).to.equal(19 + 3);
    });
});
