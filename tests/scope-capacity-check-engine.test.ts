/** ScopeCapacityCheck through the real dynamic-provider host against moto: a live scope's growth refused or let through on its ALB. */
import { expect } from "chai";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import type { Usage } from "../core/quota-dimensions";
import { useAssignmentHost } from "./support/assignment-host-world";
import { dynamicUrn } from "./support/dynamic-provider-host";
import { captureSerializedCapacityCheckProvider } from "./support/serialized-provider";

/** The scope as first deployed: 1 host x 2 paths on HTTPS 443, one Service port, listeners 80 and 443. */
const SCOPE_USAGE: Usage = { rules: 2, targetGroups: 1, certificates: 0, listeners: 2 };

/** The message of the error `promise` fails with; fails the test when it succeeds. */
async function rejectionOf(promise: Promise<unknown>): Promise<string> {
    try {
        await promise;
    } catch (err) {
        return (err as Error).message;
    }
    throw new Error("expected the call to fail, but it succeeded");
}

describe("ScopeCapacityCheck through the real dynamic-provider host", function () {
    const world = useAssignmentHost();
    let provider: string;

    before(async () => {
        provider = await captureSerializedCapacityCheckProvider();
    });

    /** An ALB at `rules` non-default rules on HTTPS 443 (and an empty HTTP 80), and the scope's check created on it. */
    async function liveScopeOn(rules: number) {
        await world.albs.createBalancer({
            name: "alb-growth",
            listeners: [
                { port: 80, rules: 0 },
                { port: 443, rules },
            ],
        });
        const urn = dynamicUrn("checkout-capacity");
        const inputs = {
            __provider: provider,
            region: "us-east-1",
            balancerName: "alb-growth",
            usage: SCOPE_USAGE,
            hosts: ["checkout.apps.example.com"],
        };
        const checked = await world.host.check(urn, {}, inputs);
        expect(checked.failures).to.deep.equal([]);
        world.proxy.requests.length = 0;
        const created = await world.host.create(urn, checked.inputs);
        expect(world.proxy.count(), "the first check records the usage and measures nothing").to.equal(0);
        /** Check, Diff and Update with `usage` (and `changes`), as `pulumi up` does for a changed scope; returns the Update's answer. */
        const grow = async (usage: Usage, olds = created.properties, changes: Record<string, unknown> = {}) => {
            const news = (await world.host.check(urn, olds, { ...inputs, usage, ...changes })).inputs;
            expect((await world.host.diff(created.id, urn, olds, news)).changes).to.equal("some");
            return world.host.update(created.id, urn, olds, news);
        };
        return { urn, inputs, created, grow };
    }

    it("serializes a provider under 4 KB that only requires the installed package", () => {
        expect(provider.length).to.be.below(4096);
        expect(provider).to.contain('require("pulumi-scope-ingress/provider")');
        expect(provider).not.to.match(/Client|AKIA|secretAccessKey|class /);
    });

    it("on an ALB at 70 of 75 rules, refuses a growth of 10 rules naming the ALB, the numbers and the way out", async () => {
        const scope = await liveScopeOn(70);
        const message = await rejectionOf(scope.grow({ ...SCOPE_USAGE, rules: 12 }));
        expect(message).to.contain('ALB "alb-growth" (us-east-1)');
        expect(message).to.contain("listener rules: 70 of 75, growth +10 -> 80  <- blocks");
        expect(message).to.contain("listeners: 2 of 37, growth +0 -> 2");
        expect(message).to.contain("set pinnedBalancer to an ALB with room (scope-ingress capacity shows them)");
        expect(world.proxy.count("DescribeRules"), "the ALB was measured").to.be.above(0);
    });

    it("on an ALB at 70 of 75 rules, lets a growth of 5 rules through and stores the new usage", async () => {
        const scope = await liveScopeOn(70);
        const outputs = await scope.grow({ ...SCOPE_USAGE, rules: 7 });
        expect(outputs).to.deep.include({ balancerName: "alb-growth", usage: { ...SCOPE_USAGE, rules: 7 } });
        // What it let through counts in the same deployment: the ALB is at 75 now, although AWS still shows 70.
        const message = await rejectionOf(scope.grow({ ...SCOPE_USAGE, rules: 8 }, outputs));
        expect(message).to.contain("listener rules: 75 of 75, growth +1 -> 76  <- blocks");
    });

    it("lets a shrink through without measuring, even on an ALB past its threshold", async () => {
        const scope = await liveScopeOn(90);
        world.proxy.requests.length = 0;
        const shrunk = await scope.grow({ ...SCOPE_USAGE, rules: 1 });
        expect(shrunk.usage).to.deep.equal({ ...SCOPE_USAGE, rules: 1 });
        expect(world.proxy.count(), "no growth, no measurement").to.equal(0);
    });

    it("reports no change for the same usage, and a change for an unknown one, without measuring", async () => {
        const scope = await liveScopeOn(70);
        world.proxy.requests.length = 0;
        const same = (await world.host.check(scope.urn, scope.created.properties, scope.inputs)).inputs;
        expect(await world.host.diff(scope.created.id, scope.urn, scope.created.properties, same)).to.deep.equal({
            changes: "none",
            replaces: [],
        });
        expect(
            (
                await world.host.diff(scope.created.id, scope.urn, scope.created.properties, {
                    ...same,
                    usage: unknownValue,
                })
            ).changes,
        ).to.equal("some");
        expect(world.proxy.count()).to.equal(0);
    });

    it("records the usage without checking when the scope moved to another ALB (a pinned move is the operator's choice)", async () => {
        const scope = await liveScopeOn(70);
        world.proxy.requests.length = 0;
        const news = (
            await world.host.check(scope.urn, scope.created.properties, {
                ...scope.inputs,
                balancerName: "alb-other",
                usage: { ...SCOPE_USAGE, rules: 50 },
            })
        ).inputs;
        const moved = await world.host.update(scope.created.id, scope.urn, scope.created.properties, news);
        expect(moved).to.deep.include({ balancerName: "alb-other", usage: { ...SCOPE_USAGE, rules: 50 } });
        expect(world.proxy.count()).to.equal(0);
    });

    it("fails the growth, saying why and what to do, when its ALB cannot be measured", async () => {
        const scope = await liveScopeOn(10);
        const news = (
            await world.host.check(scope.urn, scope.created.properties, {
                ...scope.inputs,
                balancerName: "alb-gone",
            })
        ).inputs;
        const moved = await world.host.update(scope.created.id, scope.urn, scope.created.properties, news);
        const message = await rejectionOf(
            scope.grow({ ...SCOPE_USAGE, rules: 3 }, moved, { balancerName: "alb-gone" }),
        );
        expect(message).to.contain('its ALB "alb-gone" (us-east-1) could not be measured: LoadBalancerNotFound');
        expect(message).to.contain("The Ingress was not changed");
    });

    it("leaves the assignment unchanged when only the scope's usage grows, so its outputs stay known in a preview", async () => {
        await world.albs.createBalancer({ name: "alb-growth" });
        const pool = {
            region: "us-east-1",
            visibility: "internet-facing",
            baseBalancer: "alb-growth",
            expectedRules: 2,
        };
        const { id, urn, outputs } = await world.up("checkout-assignment", pool);
        world.proxy.requests.length = 0;
        const grown = (
            await world.host.check(urn, outputs, {
                __provider: world.provider,
                ...pool,
                expectedRules: 12,
                aliasRecords: ["A checkout.apps.example.com", "A shop.apps.example.com"],
            })
        ).inputs;
        expect(await world.host.diff(id, urn, outputs, grown)).to.deep.equal({ changes: "none", replaces: [] });
        expect(world.proxy.count()).to.equal(0);
    });

    it("stops bad input at Check, naming the property and the value", async () => {
        const { failures } = await world.host.check(
            dynamicUrn("bad-capacity"),
            {},
            {
                __provider: provider,
                region: "us-east-1",
                balancerName: "-bad-",
                usage: { rules: -1, targetGroups: 1, certificates: 0, listeners: 2 },
            },
        );
        expect(failures.map(f => f.property)).to.deep.equal(["balancerName", "usage"]);
        expect(failures[1].reason).to.contain('"rules":-1');
    });
});
