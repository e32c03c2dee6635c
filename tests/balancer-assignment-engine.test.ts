/** BalancerAssignment through the real dynamic-provider host: the serialized provider, a stack's life, replacement, Check, old state. */
import { expect } from "chai";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { useAssignmentHost } from "./support/assignment-host-world";
import { dynamicUrn } from "./support/dynamic-provider-host";

const POOL = {
    region: "us-east-1",
    visibility: "internet-facing",
    baseBalancer: "alb-public-1",
    additionalBalancers: ["alb-public-2", "alb-public-3"],
};

describe("BalancerAssignment through the real dynamic-provider host", function () {
    const world = useAssignmentHost();

    it("serializes a provider under 4 KB that captures no client, class or credential", () => {
        expect(world.provider.length).to.be.below(4096);
        expect(world.provider).to.contain('require("pulumi-scope-ingress/provider")');
        expect(world.provider).not.to.match(/Client|AKIA|secretAccessKey|class /);
    });

    it("walks a stack's life: preview, up, preview after the pool changed, refresh, pinned move, destroy", async () => {
        await world.albs.createBalancer({
            name: "alb-public-1",
            listeners: [
                { port: 80, rules: 5 },
                { port: 443, rules: 5 },
            ],
        });
        const two = await world.albs.createBalancer({
            name: "alb-public-2",
            listeners: [
                { port: 80, rules: 1 },
                { port: 443, rules: 2 },
            ],
        });
        const three = await world.albs.createBalancer({ name: "alb-public-3", listeners: [{ port: 443, rules: 7 }] });
        const urn = dynamicUrn("checkout-api-assignment");
        const inputs = { __provider: world.provider, ...POOL, domain: "checkout.apps.example.com" };

        // pulumi preview of a new scope: Check only, with the zone id not known yet. It must not touch AWS.
        world.proxy.requests.length = 0;
        const preview = await world.host.check(urn, {}, { ...inputs, hostedZoneId: unknownValue });
        expect(preview.failures).to.deep.equal([]);
        expect(preview.inputs).to.include({
            maxRules: 75,
            expectedRules: 1,
            strict: false,
            assumeMissingInFlight: false,
        });
        expect(world.proxy.count(), "Check makes no AWS request").to.equal(0);

        // pulumi up: Check, Create.
        const checked = await world.host.check(urn, {}, inputs);
        const created = await world.host.create(urn, checked.inputs);
        const outputs = created.properties;
        expect(outputs).to.include({
            balancerName: "alb-public-2",
            dnsName: two.dnsName,
            canonicalHostedZoneId: two.canonicalHostedZoneId,
            loadBalancerArn: two.arn,
            source: "least-loaded",
            rulesAtAssignment: 3,
            schemaVersion: 1,
        });
        expect(outputs).to.include({ region: "us-east-1", baseBalancer: "alb-public-1", maxRules: 75 });
        expect(outputs.warnings).to.deep.equal([]);

        // The pool changes: alb-public-2 fills up and an empty alb-public-4 joins. preview: Check, Diff.
        await world.albs.addRules(two.listenerArns[1], 60, 100);
        await world.albs.createBalancer({ name: "alb-public-4" });
        world.proxy.requests.length = 0;
        // Turning coordination on later is no change either: it only matters when a scope is placed.
        const changedPool = {
            ...inputs,
            additionalBalancers: ["alb-public-2", "alb-public-3", "alb-public-4"],
            maxRules: 90,
            coordinationNamespace: "scope-ingress",
            ownIngress: { namespace: "apps", name: "checkout" },
        };
        const rechecked = await world.host.check(urn, checked.inputs, changedPool);
        const diff = await world.host.diff(created.id, urn, outputs, rechecked.inputs);
        expect(diff).to.deep.equal({ changes: "none", replaces: [] });
        expect(world.proxy.count(), "Check and Diff never re-measure the pool").to.equal(0);

        // pulumi refresh: Read keeps the ALB and refreshes its address.
        const refreshed = await world.host.read(created.id, urn, outputs);
        expect(refreshed.id).to.equal(created.id);
        expect(refreshed.properties).to.include({
            balancerName: "alb-public-2",
            dnsName: two.dnsName,
            source: "least-loaded",
        });

        // A pinned move: Diff reports a change (no replace), Update moves to the pinned ALB.
        const pinned = (await world.host.check(urn, checked.inputs, { ...changedPool, pinnedBalancer: "alb-public-3" }))
            .inputs;
        expect(await world.host.diff(created.id, urn, refreshed.properties, pinned)).to.deep.equal({
            changes: "some",
            replaces: [],
        });
        const moved = await world.host.update(created.id, urn, refreshed.properties, pinned);
        expect(moved).to.include({
            balancerName: "alb-public-3",
            dnsName: three.dnsName,
            canonicalHostedZoneId: three.canonicalHostedZoneId,
            source: "pinned",
            rulesAtAssignment: 7,
            pinnedBalancer: "alb-public-3",
        });
        // Once moved, the same pin is no change at all.
        expect((await world.host.diff(created.id, urn, moved, pinned)).changes).to.equal("none");

        // pulumi destroy: Delete changes nothing in AWS.
        world.proxy.requests.length = 0;
        await world.host.delete(created.id, urn, moved);
        expect(world.proxy.count()).to.equal(0);
    });

    it("replaces the assignment when the region or visibility changes", async () => {
        const urn = dynamicUrn("s");
        const olds = { ...POOL, balancerName: "alb-public-1" };
        expect(
            await world.host.diff(
                "id",
                urn,
                { __provider: world.provider, ...olds },
                { __provider: world.provider, ...POOL, visibility: "internal" },
            ),
        ).to.deep.equal({ changes: "some", replaces: ["visibility"] });
        expect(
            (
                await world.host.diff(
                    "id",
                    urn,
                    { __provider: world.provider, ...olds },
                    { __provider: world.provider, ...POOL, region: "eu-west-1" },
                )
            ).replaces,
        ).to.deep.equal(["region"]);
    });

    it("stops bad input at Check, one failure per property naming the value and the rule", async () => {
        const { failures } = await world.host.check(
            dynamicUrn("bad"),
            {},
            {
                __provider: world.provider,
                region: "useast1",
                visibility: "public",
                baseBalancer: "alb_1",
                additionalBalancers: ["ok", "-x"],
                maxRules: -5,
                expectedRules: 0,
                strict: "yes",
                domain: "Checkout.Example.com",
                pinnedBalancer: "internal-alb",
                ingressRef: { namespace: "checkout", name: "api..v2" },
            },
        );
        const byProperty = Object.fromEntries(failures.map(f => [f.property, f.reason]));
        expect(Object.keys(byProperty).sort()).to.deep.equal([
            "additionalBalancers",
            "baseBalancer",
            "domain",
            "expectedRules",
            "hostedZoneId",
            "ingressRef",
            "maxRules",
            "pinnedBalancer",
            "region",
            "strict",
            "visibility",
        ]);
        expect(byProperty.region).to.equal(
            'region: "useast1" is not an AWS region code; use a region code such as us-east-1, from the aws:region stack config or AWS_REGION',
        );
        expect(byProperty.baseBalancer).to.match(
            /^baseBalancer: "alb_1" is not a valid ALB name: it may contain only letters, digits and hyphens/,
        );
        expect(byProperty.additionalBalancers).to.match(
            /"-x" is not a valid ALB name: it must not begin or end with a hyphen/,
        );
        expect(byProperty.maxRules).to.match(/maxRules: -5 must be at least 0; set/);
        expect(byProperty.domain).to.match(/"Checkout.Example.com" has the label "Checkout"/);
        expect(byProperty.hostedZoneId).to.match(/missing while domain is set/);
        expect(byProperty.ingressRef).to.match(
            /is not an Ingress reference; use \{ namespace, name \} with a DNS-1123 namespace and Ingress name/,
        );
        expect(world.proxy.count(), "bad input never reaches AWS").to.equal(0);
    });

    it("reads and deletes state written with an older __provider string and an older output shape", async () => {
        const two = await world.albs.createBalancer({ name: "alb-public-2" });
        // An earlier release's shim: the same package path, another function layout.
        const olderProvider = [
            "exports.handler = () => {",
            '  const impl = () => require("pulumi-scope-ingress/provider").balancerAssignmentProvider;',
            "  return { check: (o, n) => impl().check(o, n), create: i => impl().create(i), read: (id, p) => impl().read(id, p), delete: (id, p) => impl().delete(id, p) };",
            "};",
        ].join("\n");
        const oldState = {
            __provider: olderProvider,
            ...POOL,
            balancerName: "alb-public-2",
            dnsName: "stale.example",
            canonicalHostedZoneId: "ZSTALE",
            loadBalancerArn: "arn:stale",
            source: "least-loaded",
        };
        const urn = dynamicUrn("legacy");
        const read = await world.host.read("legacy-id", urn, oldState);
        expect(read.properties).to.include({
            balancerName: "alb-public-2",
            dnsName: two.dnsName,
            loadBalancerArn: two.arn,
            rulesAtAssignment: -1,
            maxRules: 75,
            expectedRules: 1,
            schemaVersion: 1,
            __provider: olderProvider,
        });
        expect(read.properties.warnings).to.deep.equal([]);
        await world.host.delete("legacy-id", urn, read.properties);
    });
});
