/** ScopeIngress's growth check under Pulumi mocks: its inputs, the Ingress waiting for it, and a preview that keeps the records known. */
import * as pulumi from "@pulumi/pulumi";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { expect } from "chai";
import { ScopeIngress } from "../components/scope-ingress";
import type { ScopeIngressArgs } from "../components/scope-ingress-args";
import { CHECKOUT_SCOPE } from "./support/checkout-scope";
import { DYNAMIC_RESOURCE_TYPE, RecordingMocks, installMocks, setStackConfig } from "./support/pulumi-mocks";
import { unwrap } from "./support/unwrap";

const ARGS: ScopeIngressArgs = {
    ...CHECKOUT_SCOPE,
    additionalDomains: ["shop.apps.example.com"],
    paths: [
        { path: "/", pathType: "Prefix" },
        { path: "/api", pathType: "Prefix" },
    ],
    balancers: { base: "alb-public-1", additional: ["alb-public-2"], maxRules: 60 },
    region: "us-east-1",
};

/** Whether the engine knows `output`'s value (in a preview, an output computed from an update's result is unknown). */
function isKnown(output: pulumi.Output<unknown>): Promise<boolean> {
    return (output as unknown as { isKnown: Promise<boolean> }).isKnown;
}

/** Builds a ScopeIngress and waits until its children are registered. */
async function deploy(name: string, args: Partial<ScopeIngressArgs> = {}): Promise<ScopeIngress> {
    const scope = new ScopeIngress(name, { ...ARGS, ...args });
    await unwrap(
        pulumi.all([
            scope.urn,
            scope.assignment.urn,
            scope.capacityCheck.urn,
            scope.ingress.urn,
            ...scope.records.map(r => r.urn),
        ]),
    );
    return scope;
}

describe("ScopeIngress growth check", () => {
    describe("in an update", () => {
        let mocks: RecordingMocks;

        before(async () => {
            mocks = await installMocks();
            setStackConfig({});
        });

        it("checks the scope's usage in every dimension on the assignment's ALB, with the pool's threshold", async () => {
            await deploy("usage");
            const check = mocks.named("usage-capacity");
            expect(check.type).to.equal(DYNAMIC_RESOURCE_TYPE);
            expect(check.inputs).to.deep.include({
                region: "us-east-1",
                balancerName: "alb-public-2",
                // 2 hosts x 2 paths on HTTPS 443 (HTTP 80 redirects), one Service port, listeners 80 and 443.
                usage: { rules: 4, targetGroups: 1, certificates: 0, listeners: 2 },
                hosts: ["checkout.apps.example.com", "shop.apps.example.com"],
                maxRules: 60,
            });
            expect(check.inputs).not.to.have.property("coordinationNamespace");
        });

        it("passes the coordination namespace and the scope's own Ingress only with coordination", async () => {
            await deploy("coordinated", { balancers: { ...ARGS.balancers, coordinationNamespace: "scope-ingress" } });
            expect(mocks.named("coordinated-capacity").inputs).to.deep.include({
                coordinationNamespace: "scope-ingress",
                ownIngress: { namespace: "checkout", name: "coordinated" },
            });
        });

        it("makes the Ingress and the records wait for the check, even without the reconciliation wait", async () => {
            // Without the reconciliation check between them, a refused growth that adds a hostname must still not
            // write that hostname's record, aliasing an ALB whose Ingress was never changed to route it.
            const scope = await deploy("order", { reconciliation: { wait: false } });
            const checkUrn = await unwrap(scope.capacityCheck.urn);
            expect(mocks.dependencies.get("order-ingress")).to.include(checkUrn);
            for (const record of ["order-a-checkout.apps.example.com", "order-a-shop.apps.example.com"]) {
                expect(mocks.dependencies.get(record)).to.include(checkUrn);
                expect(mocks.dependencies.get(record)).to.include(await unwrap(scope.assignment.urn));
            }
        });
    });

    describe("in a preview where only the usage changed", () => {
        let mocks: RecordingMocks;

        before(async () => {
            mocks = await installMocks({ preview: true });
            setStackConfig({});
            // The engine's answer in a preview: the assignment's Diff is "none" (its stored outputs, known), the
            // check's is "some" (an update, whose outputs a preview does not know).
            mocks.capacityCheck = {
                balancerName: unknownValue,
                usage: unknownValue,
                hosts: unknownValue,
                region: unknownValue,
            };
        });

        after(() => {
            mocks.capacityCheck = {};
        });

        it("keeps every record's alias and the Ingress's ALB known while the check's outputs are unknown", async () => {
            const scope = await deploy("preview");
            expect(await isKnown(scope.capacityCheck.usage), "the check's outputs are unknown").to.equal(false);
            expect(scope.records).to.have.length(2);
            for (const record of scope.records) {
                expect(await isKnown(record.aliases)).to.equal(true);
                expect(await unwrap(record.aliases)).to.deep.equal([
                    {
                        name: "alb-public-2-123.us-east-1.elb.amazonaws.com",
                        zoneId: "Z35SXDOTRQ7X7K",
                        evaluateTargetHealth: true,
                    },
                ]);
            }
            expect(await isKnown(scope.ingress.metadata)).to.equal(true);
            expect((await unwrap(scope.ingress.metadata)).annotations).to.include({
                "alb.ingress.kubernetes.io/load-balancer-name": "alb-public-2",
                "alb.ingress.kubernetes.io/group.name": "alb-public-2",
            });
            expect(JSON.stringify(mocks.named("preview-ingress").inputs)).not.to.contain(unknownValue);
        });
    });
});
