/**
 * An ALB's load in every dimension when placements are coordinated through the cluster: the cluster's pending
 * Ingresses and the reservations, which record a usage (older entries only rules, and still read).
 */
import { expect } from "chai";
import { clusterViewOf, usageIn } from "../core/cluster-load";
import { NoMeasurableCandidateError, choosePlacement } from "../core/placement";
import { PlacementLedger } from "../core/placement-ledger";
import { resolveRuleLimits } from "../core/rule-limits";
import { failed } from "./support/measurements";
import type { ClusterIngress } from "../core/ingress-rule-estimate";
import { BALANCER_LABEL, readReservations } from "../core/reservation-records";
import { measured } from "./support/measurements";

const LATER = new Date(Date.now() + 600_000).toISOString();

function pending(name: string, annotations: Record<string, string>, hosts: string[], ports: number[]): ClusterIngress {
    return {
        metadata: {
            namespace: "shop",
            name,
            annotations: { "alb.ingress.kubernetes.io/group.name": "alb-a", ...annotations },
        },
        spec: {
            tls: [{ hosts }],
            rules: hosts.map(host => ({
                host,
                http: { paths: ports.map(port => ({ backend: { service: { name: name, port: { number: port } } } })) },
            })),
        },
    };
}

describe("cluster usage in every dimension", () => {
    it("reads a reservation's usage, and an older entry with rules only as its rules and one target group", () => {
        const read = readReservations({
            old: JSON.stringify({ rules: 3, expiresAt: LATER }),
            now: JSON.stringify({
                rules: 2,
                usage: { rules: 2, targetGroups: 2, certificates: 1, listeners: 0 },
                expiresAt: LATER,
            }),
        });
        expect(read.get("old")?.usage).to.deep.equal({ rules: 3, targetGroups: 1, certificates: 0, listeners: 0 });
        expect(read.get("now")?.usage).to.deep.equal({ rules: 2, targetGroups: 2, certificates: 1, listeners: 0 });
    });

    it("adds the pending Ingresses' new listen ports and certificates once for the group, their target groups each", () => {
        const alb = measured("alb-a", 4);
        alb.targetGroups = 2;
        alb.listeners[0].certificates = ["default-cert"];
        const ports = { "alb.ingress.kubernetes.io/listen-ports": '[{"HTTPS":443},{"HTTPS":8443}]' };
        const arn = { ...ports, "alb.ingress.kubernetes.io/certificate-arn": "arn:new" };
        const view = clusterViewOf(
            [
                pending("one", arn, ["a.example.org"], [80, 81]),
                pending("two", arn, ["b.example.org"], [80]),
                pending(
                    "three",
                    { ...ports, "alb.ingress.kubernetes.io/certificate-arn": "default-cert" },
                    ["c.example.org"],
                    [80],
                ),
            ],
            [
                {
                    metadata: { labels: { [BALANCER_LABEL]: "alb-a" } },
                    data: {
                        r: JSON.stringify({
                            rules: 1,
                            usage: { rules: 1, targetGroups: 1, certificates: 1, listeners: 1 },
                            expiresAt: LATER,
                        }),
                    },
                },
            ],
        );
        const combined = usageIn(view, "alb-a", alb, Date.now());
        expect(combined.unreconciled).to.deep.equal({
            rules: 8,
            // Each Ingress has target groups of its own: 2 + 1 + 1.
            targetGroups: 4,
            // arn:new on 443 and on the new 8443, once for both Ingresses; default-cert on 8443 only (443 carries it).
            certificates: 3,
            // 8443, asked by all three, is one listener.
            listeners: 1,
        });
        expect(combined.usage).to.deep.equal({
            rules: 4 + 8 + 1,
            targetGroups: 2 + 4 + 1,
            certificates: 3 + 1,
            listeners: 1 + 1 + 1,
        });
    });

    it("counts the target groups of reconciled Ingresses and AWS's once (max), as it does rules", () => {
        const alb = measured("alb-a", 1);
        alb.targetGroups = 1;
        const reconciled = {
            ...pending("one", {}, ["a.example.org"], [80, 81, 82]),
            status: { loadBalancer: { ingress: [{ hostname: "x" }] } },
        };
        const combined = usageIn(clusterViewOf([reconciled], []), "alb-a", alb, Date.now());
        expect(combined.usage.targetGroups).to.equal(3);
        expect(combined.usage.listeners, "a reconciled Ingress's listeners are AWS's").to.equal(1);
    });

    it("refuses the unmeasured base as fallback once this process's reservations fill it in any dimension, naming it", () => {
        const ledger = new PlacementLedger();
        ledger.record("alb-a", { rules: 1, targetGroups: 2, certificates: 0, listeners: 0 });
        const limits = {
            ...resolveRuleLimits(),
            quotas: {
                thresholds: { rules: 75, targetGroups: 2, certificates: 18, listeners: 37 },
                adding: () => ({ rules: 1, targetGroups: 1, certificates: 0, listeners: 0 }),
            },
        };
        const pool = { visibility: "internet-facing" as const, base: "alb-a", candidates: ["alb-a"] };
        expect(() => choosePlacement(pool, [failed("alb-a")], limits, name => ledger.reservedUsageOn(name)))
            .to.throw(NoMeasurableCandidateError)
            .with.property("message")
            .that.matches(/would pass the threshold of its target groups/);
    });
});
