/**
 * Every quota dimension in placements coordinated through the cluster, through the real dynamic-provider host: the
 * cluster's pending Ingresses count in target groups, and each reservation records the scope's usage in every dimension.
 */
import { expect } from "chai";
import { reservationConfigMapName } from "../core/reservation-records";
import { useFleet } from "./support/fleet-world";

const NAMESPACE = "scope-ingress";

describe("coordinated placements in every quota dimension", function () {
    this.timeout(60_000);
    const world = useFleet();

    it("counts a pending Ingress's target groups, refuses the ALB they fill, and reserves the scope's usage", async () => {
        // alb-a has no rules, alb-b 5: rules alone would choose alb-a.
        await world.albs.createBalancer({ name: "alb-a", listeners: [{ port: 443, rules: 0 }] });
        await world.albs.createBalancer({ name: "alb-b", listeners: [{ port: 443, rules: 5 }] });
        // Another tool's Ingress of alb-a's group, not reconciled yet: 2 rules (HTTP 80), 2 Service ports.
        world.kube.seed({
            apiVersion: "networking.k8s.io/v1",
            kind: "Ingress",
            metadata: {
                namespace: "tools",
                name: "two-ports",
                annotations: { "alb.ingress.kubernetes.io/group.name": "alb-a" },
            },
            spec: {
                rules: [
                    {
                        host: "tool.example.org",
                        http: {
                            paths: [
                                {
                                    path: "/a",
                                    pathType: "Prefix",
                                    backend: { service: { name: "t", port: { number: 80 } } },
                                },
                                {
                                    path: "/b",
                                    pathType: "Prefix",
                                    backend: { service: { name: "t", port: { number: 81 } } },
                                },
                            ],
                        },
                    },
                ],
            },
        } as never);
        const [stack] = await world.stacks(1);
        const placed = await stack.create("checkout", {
            region: "us-east-1",
            visibility: "internet-facing",
            baseBalancer: "alb-a",
            additionalBalancers: ["alb-b"],
            maxTargetGroups: 2,
            coordinationNamespace: NAMESPACE,
            ownIngress: { namespace: "apps", name: "checkout" },
            scopeShape: {
                hosts: ["checkout.apps.example.com"],
                pathCount: 1,
                servicePorts: 1,
                listenPorts: [
                    { protocol: "HTTP", port: 80 },
                    { protocol: "HTTPS", port: 443 },
                ],
                sslRedirectPort: 443,
            },
        });
        // alb-a: 0 + 2 pending target groups, + 1 > 2; alb-b: 1 (its rules' target group) + 1 = 2.
        expect(placed.outputs.balancerName).to.equal("alb-b");
        const data = world.kube.object("configmaps", NAMESPACE, reservationConfigMapName("us-east-1", "alb-b"))
            ?.data as Record<string, string>;
        const [reservation] = Object.values(data).map(v => JSON.parse(v));
        expect(reservation).to.deep.include({
            rules: 1,
            // The fixture's HTTPS listener carries *.apps.example.com: the scope's host adds no certificate.
            usage: { rules: 1, targetGroups: 1, certificates: 0, listeners: 1 },
            ingress: { namespace: "apps", name: "checkout" },
        });
    });
    it("counts the target groups of the placements chosen earlier in the same round: one scope per ALB at maxTargetGroups 1", async () => {
        // Empty ALBs (no rules, no target groups): rules alone would let a third scope share one.
        await world.albs.createBalancer({ name: "alb-a", listeners: [{ port: 443, rules: 0 }] });
        await world.albs.createBalancer({ name: "alb-b", listeners: [{ port: 443, rules: 0 }] });
        const [stack] = await world.stacks(1);
        const inputs = (scope: string) => ({
            region: "us-east-1",
            visibility: "internet-facing",
            baseBalancer: "alb-a",
            additionalBalancers: ["alb-b"],
            maxTargetGroups: 1,
            coordinationNamespace: NAMESPACE,
            ownIngress: { namespace: "apps", name: scope },
            scopeShape: {
                hosts: [`${scope}.apps.example.com`],
                pathCount: 1,
                servicePorts: 1,
                listenPorts: [{ protocol: "HTTP", port: 80 }],
            },
        });
        // One process's placements made at once join the same round.
        const results = await Promise.allSettled(["one", "two", "three"].map(s => stack.create(s, inputs(s))));
        const placed = results.flatMap(r => (r.status === "fulfilled" ? [r.value.outputs.balancerName] : []));
        expect(placed.sort()).to.deep.equal(["alb-a", "alb-b"]);
        const refused = results.flatMap(r => (r.status === "rejected" ? [String(r.reason)] : []));
        expect(refused).to.have.length(1);
        expect(refused[0]).to.contain("target groups");
    });
});
