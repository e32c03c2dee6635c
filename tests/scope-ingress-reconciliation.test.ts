/** ScopeIngress under Pulumi mocks: the reconciliation check after the Ingress, the records after the check, and none when turned off. */
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ScopeIngress } from "../components/scope-ingress";
import type { ScopeIngressArgs } from "../components/scope-ingress-args";
import { CHECKOUT_SCOPE } from "./support/checkout-scope";
import {
    DEFAULT_ASSIGNMENT,
    DYNAMIC_RESOURCE_TYPE,
    RecordingMocks,
    installMocks,
    registrationsSettled,
    setStackConfig,
} from "./support/pulumi-mocks";
import { unwrap } from "./support/unwrap";

const ARGS: ScopeIngressArgs = {
    ...CHECKOUT_SCOPE,
    additionalDomains: ["shop.apps.example.com"],
    paths: [
        { path: "/api", pathType: "Prefix" },
        { path: "/health", pathType: "Exact" },
    ],
    balancers: { base: "alb-public-2" },
    region: "us-east-1",
};

async function deploy(name: string, args: Partial<ScopeIngressArgs> = {}): Promise<ScopeIngress> {
    const scope = new ScopeIngress(name, { ...ARGS, ...args });
    await unwrap(pulumi.all([scope.urn, scope.ingress.urn, ...scope.records.map(r => r.urn)]));
    await registrationsSettled();
    return scope;
}

describe("ScopeIngress reconciliation check", () => {
    let mocks: RecordingMocks;

    before(async () => {
        mocks = await installMocks();
        mocks.assignment = DEFAULT_ASSIGNMENT;
        setStackConfig({});
    });

    it("checks the assignment's ALB for every host and path on the rule-carrying ports, after the Ingress, with the default timeout", async () => {
        const scope = await deploy("checked");
        const check = mocks.named("checked-reconciliation");
        expect(check.type).to.equal(DYNAMIC_RESOURCE_TYPE);
        expect(check.inputs).to.deep.include({
            region: "us-east-1",
            balancerName: DEFAULT_ASSIGNMENT.balancerName,
            loadBalancerArn: DEFAULT_ASSIGNMENT.loadBalancerArn,
            hosts: ["checkout.apps.example.com", "shop.apps.example.com"],
            paths: [
                { path: "/api", pathType: "Prefix" },
                { path: "/health", pathType: "Exact" },
            ],
            // The default listeners are HTTP 80 redirecting to HTTPS 443: only 443 carries rules.
            rulePorts: [443],
            ingress: { namespace: "checkout", name: "checked" },
            timeoutSeconds: 300,
        });
        expect(mocks.dependencies.get("checked-reconciliation")).to.include(await unwrap(scope.ingress.urn));
    });

    it("writes every Route53 record only after the check (each record depends on it), with its values from the assignment alone", async () => {
        const scope = await deploy("ordered");
        const checkUrn = await unwrap(scope.reconciliation!.urn);
        expect(scope.records).to.have.length(2);
        for (const record of scope.records) {
            const name = (await unwrap(record.urn)).split("::").at(-1)!;
            expect(mocks.dependencies.get(name)).to.include(checkUrn);
            expect(mocks.named(name).inputs.aliases).to.deep.equal([
                {
                    name: DEFAULT_ASSIGNMENT.dnsName,
                    zoneId: DEFAULT_ASSIGNMENT.canonicalHostedZoneId,
                    evaluateTargetHealth: true,
                },
            ]);
        }
    });

    it("takes the timeout from the argument", async () => {
        await deploy("patient", { reconciliation: { timeoutSeconds: 900 } });
        expect(mocks.named("patient-reconciliation").inputs.timeoutSeconds).to.equal(900);
    });

    it("registers no check with wait: false, and the records then depend on nothing of it", async () => {
        const scope = await deploy("unchecked", { reconciliation: { wait: false } });
        expect(scope.reconciliation).to.equal(undefined);
        expect(mocks.registered.filter(r => r.name === "unchecked-reconciliation")).to.have.length(0);
        const recordName = (await unwrap(scope.records[0].urn)).split("::").at(-1)!;
        expect(mocks.dependencies.get(recordName)!.filter(urn => urn.includes("reconciliation"))).to.deep.equal([]);
        expect(mocks.dependencies.get(recordName)).to.include(await unwrap(scope.assignment.urn));
    });
});
