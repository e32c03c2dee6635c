/** ScopeIngress under Pulumi mocks: the resource graph of a make-before-break move (ScopeMove → Ingress → check → records; TransitCleanup last). */
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ScopeIngress } from "../components/scope-ingress";
import type { ScopeIngressArgs } from "../components/scope-ingress-args";
import { CHECKOUT_SCOPE } from "./support/checkout-scope";
import {
    DEFAULT_ASSIGNMENT,
    RecordingMocks,
    installMocks,
    registrationsSettled,
    setStackConfig,
} from "./support/pulumi-mocks";
import { unwrap } from "./support/unwrap";

const ARGS: ScopeIngressArgs = {
    ...CHECKOUT_SCOPE,
    balancers: { base: "alb-public-2", coordinationNamespace: "scope-ingress" },
    region: "us-east-1",
    move: { drainSeconds: 120 },
};

describe("ScopeIngress move graph", () => {
    let mocks: RecordingMocks;
    let scope: ScopeIngress;

    before(async () => {
        mocks = await installMocks();
        mocks.assignment = DEFAULT_ASSIGNMENT;
        setStackConfig({});
        scope = new ScopeIngress("moving", ARGS);
        await unwrap(pulumi.all([scope.urn, scope.ingress.urn, scope.transitCleanup.urn]));
        await registrationsSettled();
    });

    it("gives the move the assignment's ALB as its target, with everything a transit Ingress, the check and the DNS switch need", () => {
        expect(mocks.named("moving-move").inputs).to.deep.include({
            targetBalancer: DEFAULT_ASSIGNMENT.balancerName,
            targetArn: DEFAULT_ASSIGNMENT.loadBalancerArn,
            targetAlias: { dnsName: DEFAULT_ASSIGNMENT.dnsName, zoneId: DEFAULT_ASSIGNMENT.canonicalHostedZoneId },
            hosts: ["checkout.apps.example.com"],
            rulePorts: [443],
            drainSeconds: 120,
            timeoutSeconds: 300,
            hostedZoneId: CHECKOUT_SCOPE.hostedZoneId,
            aliasRecords: ["A checkout.apps.example.com"],
            coordinationNamespace: "scope-ingress",
            expectedRules: 1,
        });
        const manifest = mocks.named("moving-move").inputs.manifest;
        expect(manifest.metadata).to.deep.include({ name: "moving", namespace: "checkout" });
    });

    it("puts the Ingress on the move's servingBalancer, which changes only once a move is through its drain", async () => {
        const ingress = mocks.named("moving-ingress");
        expect(ingress.inputs.metadata.annotations["alb.ingress.kubernetes.io/group.name"]).to.equal(
            DEFAULT_ASSIGNMENT.balancerName,
        );
        expect(mocks.dependencies.get("moving-ingress")).to.include(await unwrap(scope.move.urn));
    });

    it("orders the steps: the records after the move and the check, the cleanup after the Ingress and the check", async () => {
        const moveUrn = await unwrap(scope.move.urn);
        const checkUrn = await unwrap(scope.reconciliation!.urn);
        expect(mocks.dependencies.get("moving-a-checkout.apps.example.com")).to.include.members([moveUrn, checkUrn]);
        expect(mocks.dependencies.get("moving-transit-cleanup")).to.include.members([
            await unwrap(scope.ingress.urn),
            checkUrn,
            moveUrn,
        ]);
        expect(mocks.named("moving-transit-cleanup").inputs).to.deep.include({
            servingBalancer: DEFAULT_ASSIGNMENT.balancerName,
            ingress: { namespace: "checkout", name: "moving" },
            drainSeconds: 120,
        });
    });
});
