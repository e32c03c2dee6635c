/** The combining rule of a coordinated ALB's load, what a cluster Ingress costs, and the reservation records, as properties. */
import { expect } from "chai";
import fc from "fast-check";
import { buildIngressManifest } from "../components/ingress-manifest";
import { clusterViewOf, combineLoad, loadIn } from "../core/cluster-load";
import { estimateIngressRules } from "../core/ingress-rule-estimate";
import { DEFAULT_LISTEN_PORTS } from "../core/pool-listeners";
import {
    Reservation,
    readReservations,
    reservationConfigMapName,
    reservationLabels,
    withReservation,
} from "../core/reservation-records";

const NOW = Date.parse("2026-11-24T12:00:00Z");
const ref = fc.record({ namespace: fc.constantFrom("a", "b"), name: fc.constantFrom("x", "y", "z") });
const reservation: fc.Arbitrary<Reservation> = fc.record(
    {
        rules: fc.integer({ min: 0, max: 50 }),
        ingress: fc.option(ref, { nil: undefined }),
        expiresAt: fc.integer({ min: -600, max: 600 }).map(s => new Date(NOW + s * 1000).toISOString()),
    },
    { requiredKeys: ["rules", "expiresAt"] },
);
const visible = fc.uniqueArray(ref.map(r => `${r.namespace}/${r.name}`));
const load = (measured: number, ingresses: number, reservations: Reservation[], seen: string[], unreconciled = 0) =>
    combineLoad({
        measured,
        ingresses,
        unreconciled,
        reservations,
        isVisible: r => seen.includes(`${r.namespace}/${r.name}`),
        now: NOW,
    }).rules;
const counts = fc.integer({ min: 0, max: 200 });

describe("a coordinated ALB's load", () => {
    it("is never below what AWS measured nor below what the cluster's Ingresses ask for, each plus the Ingresses not yet reconciled", () => {
        fc.assert(
            fc.property(
                counts,
                counts,
                counts,
                fc.array(reservation),
                visible,
                (measured, ingresses, unreconciled, rs, seen) => {
                    const rules = load(measured, ingresses, rs, seen, unreconciled);
                    expect(rules).to.be.at.least(measured + unreconciled);
                    expect(rules).to.be.at.least(ingresses + unreconciled);
                },
            ),
        );
    });

    it("never drops when a reservation is added", () => {
        fc.assert(
            fc.property(
                counts,
                counts,
                fc.array(reservation),
                reservation,
                visible,
                (measured, ingresses, rs, extra, seen) => {
                    expect(load(measured, ingresses, [...rs, extra], seen)).to.be.at.least(
                        load(measured, ingresses, rs, seen),
                    );
                },
            ),
        );
    });

    it("gains nothing from a reservation whose Ingress the cluster lists, nor from an expired one", () => {
        fc.assert(
            fc.property(
                counts,
                counts,
                fc.array(reservation),
                reservation,
                visible,
                (measured, ingresses, rs, extra, seen) => {
                    const shown = { ...extra, ingress: { namespace: "a", name: "x" } };
                    expect(load(measured, ingresses, [...rs, shown], [...seen, "a/x"])).to.equal(
                        load(measured, ingresses, rs, [...seen, "a/x"]),
                    );
                    const expired = { ...extra, expiresAt: new Date(NOW - 1).toISOString() };
                    expect(load(measured, ingresses, [...rs, expired], seen)).to.equal(
                        load(measured, ingresses, rs, seen),
                    );
                },
            ),
        );
    });

    it("counts a reconciled Ingress once and one not yet reconciled on top: max(AWS, reconciled) + unreconciled + pending reservations", () => {
        const pending = [{ rules: 2, expiresAt: new Date(NOW + 1000).toISOString() }];
        expect(load(0, 0, pending, [], 3)).to.equal(3 + 2);
        expect(load(3, 3, pending, [])).to.equal(3 + 2);
        expect(load(5, 3, [], [])).to.equal(5);
        // 4 foreign rules and 3 built: a pending Ingress of 2 is not hidden behind the foreign ones.
        expect(load(4 + 3, 3, [], [], 2)).to.equal(4 + 3 + 2);
    });
});

describe("the cluster's view of a pool", () => {
    const scopeIngress = (name: string, group: string, hosts: string[], paths = 1) =>
        buildIngressManifest(
            {
                name,
                namespace: "apps",
                visibility: "internet-facing",
                hosts,
                paths: Array.from({ length: paths }, (_, i) => ({ path: `/p${i}`, pathType: "Prefix" as const })),
                service: { name: "web", port: 80 },
                listenPorts: DEFAULT_LISTEN_PORTS,
                sslRedirectPort: 443,
            },
            group,
        );

    it("estimates a ScopeIngress's Ingress as the component's expectedRules: hosts x paths on HTTPS, none on redirecting HTTP", () => {
        expect(estimateIngressRules(scopeIngress("s", "alb-a", ["a.example.com", "b.example.com"], 3))).to.equal(6);
    });

    it("estimates any tool's Ingress from its own listen-ports and ssl-redirect, and the controller's default port without them", () => {
        const rules = [{ host: "a", http: { paths: [{}, {}] } }, { http: { paths: [{}] } }];
        expect(estimateIngressRules({ spec: { rules } })).to.equal(3);
        expect(
            estimateIngressRules({
                metadata: { annotations: { "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP":80},{"HTTPS":443}]' } },
                spec: { rules },
            }),
        ).to.equal(6);
        expect(estimateIngressRules({ spec: { rules: [] } })).to.equal(0);
    });

    it("sums the Ingresses of each ALB's group over every namespace, reconciled apart from not yet reconciled, skips those being deleted, and reads each ALB's reservations", () => {
        const other = {
            ...scopeIngress("t", "alb-a", ["t.example.com"]),
            metadata: { ...scopeIngress("t", "alb-a", ["t.example.com"]).metadata, namespace: "other" },
        };
        const deleting = {
            ...scopeIngress("d", "alb-a", ["d.example.com"]),
            metadata: {
                ...scopeIngress("d", "alb-a", ["d.example.com"]).metadata,
                deletionTimestamp: "2026-11-24T00:00:00Z",
            },
        };
        const r: Reservation = {
            rules: 4,
            ingress: { namespace: "apps", name: "later" },
            expiresAt: new Date(NOW + 1000).toISOString(),
        };
        const reconciled = {
            ...scopeIngress("s", "alb-a", ["s.example.com"], 2),
            status: { loadBalancer: { ingress: [{ hostname: "alb-a.example.com" }] } },
        };
        const view = clusterViewOf(
            [reconciled, other, deleting, scopeIngress("u", "alb-b", ["u.example.com"])],
            [
                {
                    metadata: { labels: reservationLabels("us-east-1", "alb-a") },
                    data: { k1: JSON.stringify(r), junk: "not json" },
                },
            ],
        );
        expect(Object.fromEntries(view.ingressRules)).to.deep.equal({ "alb-a": 2 });
        expect(Object.fromEntries(view.unreconciledRules)).to.deep.equal({ "alb-a": 1, "alb-b": 1 });
        expect(view.visibleIngresses.get("alb-a")?.has("other/t")).to.equal(true);
        expect(loadIn(view, "alb-a", 1, NOW)).to.deep.equal({
            rules: 2 + 1 + 4,
            measured: 1,
            ingresses: 2,
            unreconciled: 1,
            pending: 4,
        });
    });

    it("is never below AWS (foreign rules plus built ones) plus the Ingresses not yet reconciled plus pending reservations", () => {
        const hostsOf = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}.example.com`);
        fc.assert(
            fc.property(
                fc.integer({ min: 0, max: 20 }),
                fc.integer({ min: 0, max: 5 }),
                fc.integer({ min: 1, max: 5 }),
                fc.integer({ min: 0, max: 5 }),
                (foreign, built, asked, reserved) => {
                    // Built and reconciled: its rules are in AWS, and the controller has written its status.
                    const done = scopeIngress("done", "alb-a", hostsOf("d", built));
                    const reconciled = {
                        ...done,
                        status: { loadBalancer: { ingress: [{ hostname: "alb-a.example.com" }] } },
                    };
                    // Created, not reconciled yet: no rules in AWS, no status.
                    const pendingIngress = scopeIngress("new", "alb-a", hostsOf("n", asked));
                    const view = clusterViewOf(
                        [reconciled, pendingIngress],
                        [
                            {
                                metadata: { labels: reservationLabels("us-east-1", "alb-a") },
                                data: {
                                    k: JSON.stringify({
                                        rules: reserved,
                                        expiresAt: new Date(NOW + 1000).toISOString(),
                                    }),
                                },
                            },
                        ],
                    );
                    // AWS: rules no Ingress of this cluster asks for (another cluster, manual ones), plus the built Ingress's.
                    const measured = foreign + built;
                    expect(loadIn(view, "alb-a", measured, NOW).rules).to.be.at.least(measured + asked + reserved);
                },
            ),
        );
    });

    it("keeps counting a reservation while its Ingress is listed only in another group or is being deleted", () => {
        const reserved = (name: string): Reservation => ({
            rules: 10,
            ingress: { namespace: "apps", name },
            expiresAt: new Date(NOW + 1000).toISOString(),
        });
        const deleting = scopeIngress("leaving", "alb-a", ["l.example.com"]);
        const view = clusterViewOf(
            [
                // A visibility or region replace: the new assignment is placed on alb-a while the Ingress still names old-alb.
                scopeIngress("moved", "old-alb", ["m.example.com"]),
                { ...deleting, metadata: { ...deleting.metadata, deletionTimestamp: "2026-11-24T00:00:00Z" } },
            ],
            [
                {
                    metadata: { labels: reservationLabels("us-east-1", "alb-a") },
                    data: { k1: JSON.stringify(reserved("moved")), k2: JSON.stringify(reserved("leaving")) },
                },
            ],
        );
        expect(loadIn(view, "alb-a", 0, NOW)).to.deep.equal({
            rules: 20,
            measured: 0,
            ingresses: 0,
            unreconciled: 0,
            pending: 20,
        });
        expect(loadIn(view, "old-alb", 0, NOW).rules).to.equal(1);
    });
});

describe("reservation records", () => {
    it("names one ConfigMap per region and ALB, lowercase, labelled for one LIST", () => {
        expect(reservationConfigMapName("us-east-1", "ALB-A")).to.equal("scope-ingress-us-east-1-alb-a");
        expect(reservationLabels("us-east-1", "alb-a")).to.deep.equal({
            "app.kubernetes.io/managed-by": "pulumi-scope-ingress",
            "pulumi-scope-ingress/region": "us-east-1",
            "pulumi-scope-ingress/balancer": "alb-a",
        });
    });

    it("adds and removes one key, drops expired reservations on the way, and keeps what is not a reservation", () => {
        const live = JSON.stringify({ rules: 1, expiresAt: new Date(NOW + 1000).toISOString() });
        const dead = JSON.stringify({ rules: 1, expiresAt: new Date(NOW - 1000).toISOString() });
        const data = withReservation({ live, dead, foreign: "x" }, NOW, {
            add: { key: "new", reservation: { rules: 2, expiresAt: new Date(NOW + 5000).toISOString() } },
        });
        expect(Object.keys(data).sort()).to.deep.equal(["foreign", "live", "new"]);
        expect([...readReservations(data).keys()].sort()).to.deep.equal(["live", "new"]);
        expect(Object.keys(withReservation(data, NOW, { remove: "live" })).sort()).to.deep.equal(["foreign", "new"]);
    });
});
