/**
 * The usage estimate of a scope and of any Ingress in every dimension: worked examples from the Load Balancer
 * Controller's code, and properties relating inputs to usage.
 */
import { expect } from "chai";
import fc from "fast-check";
import { CatalogCertificate, discoverCertificates, domainMatchesHost } from "../core/certificate-matching";
import type { ClusterIngress } from "../core/ingress-rule-estimate";
import { backendServicePorts, estimateIngressUsage } from "../core/ingress-usage-estimate";
import { QUOTA_DIMENSIONS } from "../core/quota-dimensions";
import { CarriedListener, ScopeShape, estimateScopeUsage } from "../core/scope-usage-estimate";

const HTTPS_ONLY: ScopeShape["listenPorts"] = [{ protocol: "HTTPS", port: 443 }];
const DEFAULT_PORTS: ScopeShape["listenPorts"] = [
    { protocol: "HTTP", port: 80 },
    { protocol: "HTTPS", port: 443 },
];

function backend(name: string, port: number | string) {
    return { service: { name, port: typeof port === "number" ? { number: port } : { name: port } } };
}

function ingress(spec: ClusterIngress["spec"], annotations: Record<string, string> = {}): ClusterIngress {
    return { metadata: { namespace: "shop", name: "web", annotations }, spec };
}

describe("usage estimate: target groups (buildTargetGroup, buildTargetGroupResourceID)", () => {
    // The controller keys a target group by "<ingress ns>/<ingress name>-<service>:<port>" and reuses it within the
    // Ingress (tgByResID), so two paths to one Service port build one target group.
    it("builds one target group for two paths to the same Service port", () => {
        const i = ingress({
            rules: [
                {
                    host: "a.example.org",
                    http: { paths: [{ backend: backend("api", 80) }, { backend: backend("api", 80) }] },
                },
            ],
        });
        expect(estimateIngressUsage(i).targetGroups).to.equal(1);
    });

    it("builds one per distinct Service port, the default backend's included, named and numbered ports apart", () => {
        const i = ingress({
            defaultBackend: backend("fallback", 8080),
            rules: [
                {
                    host: "a.example.org",
                    http: { paths: [{ backend: backend("api", 80) }, { backend: backend("api", 9090) }] },
                },
                {
                    host: "b.example.org",
                    http: { paths: [{ backend: backend("api", "http") }, { backend: backend("api", 80) }] },
                },
            ],
        });
        expect([...backendServicePorts(i)].sort()).to.deep.equal(["api:80", "api:9090", "api:http", "fallback:8080"]);
        expect(estimateIngressUsage(i).targetGroups).to.equal(4);
    });

    it("builds none for a resource backend, which names no Service", () => {
        const i = ingress({
            rules: [{ host: "a.example.org", http: { paths: [{ backend: { resource: { kind: "Bucket" } } }] } }],
        });
        expect(estimateIngressUsage(i).targetGroups).to.equal(0);
    });
});

describe("usage estimate: certificates (acmCertDiscovery.Discover, domainMatchesHost)", () => {
    const catalog: CatalogCertificate[] = [
        { arn: "wild", domains: ["*.example.org"] },
        { arn: "shop", domains: ["shop.example.org"] },
        { arn: "deep", domains: ["*.eu.example.org"] },
    ];

    it("matches a wildcard one level deep only, and an exact domain exactly", () => {
        expect(domainMatchesHost("*.example.org", "shop.example.org")).to.equal(true);
        expect(domainMatchesHost("*.example.org", "a.shop.example.org")).to.equal(false);
        expect(domainMatchesHost("*.example.org", "example.org")).to.equal(false);
        expect(domainMatchesHost("shop.example.org", "shop.example.org")).to.equal(true);
        expect(domainMatchesHost("shop.example.org", "cart.example.org")).to.equal(false);
    });

    // Discover appends every certificate matching a host (certARNsForHost), not the first one.
    it("discovers every certificate matching a host: a wildcard and an exact one both", () => {
        expect([...discoverCertificates(["shop.example.org"], catalog).arns].sort()).to.deep.equal(["shop", "wild"]);
        expect(discoverCertificates(["x.eu.example.org", "nowhere.test"], catalog)).to.deep.equal({
            arns: new Set(["deep"]),
            unmatchedHosts: ["nowhere.test"],
        });
    });

    it("costs nothing for hosts a wildcard on the listener covers, and each certificate once per HTTPS listener otherwise", () => {
        const shape: ScopeShape = {
            hosts: ["cart.example.org", "pay.example.org"],
            pathCount: 1,
            servicePorts: 1,
            listenPorts: HTTPS_ONLY,
        };
        const carrying: CarriedListener[] = [{ port: 443, protocol: "HTTPS", certificates: ["default", "wild"] }];
        expect(estimateScopeUsage(shape, carrying, catalog).usage.certificates).to.equal(0);
        expect(
            estimateScopeUsage(shape, [{ port: 443, protocol: "HTTPS", certificates: ["default"] }], catalog).usage
                .certificates,
        ).to.equal(1);
        const twoPorts = { ...shape, listenPorts: [...HTTPS_ONLY, { protocol: "HTTPS" as const, port: 8443 }] };
        expect(estimateScopeUsage(twoPorts, carrying, catalog).usage).to.include({ certificates: 1, listeners: 1 });
    });

    // computeIngressExplicitTLSCertARNs: certificate-arn replaces discovery altogether.
    it("takes the certificates named by certificate-arn instead of discovering any", () => {
        const i = ingress(
            { rules: [{ host: "shop.example.org", http: { paths: [{ backend: backend("api", 80) }] } }] },
            {
                "alb.ingress.kubernetes.io/certificate-arn": "arn:one, arn:two",
                "alb.ingress.kubernetes.io/listen-ports": '[{"HTTPS":443}]',
            },
        );
        expect(estimateIngressUsage(i, [{ port: 443, certificates: ["arn:one"] }], catalog).certificates).to.equal(1);
    });

    it("counts one certificate per host when ACM could not be read, and says so", () => {
        const shape: ScopeShape = {
            hosts: ["a.example.org", "b.example.org"],
            pathCount: 1,
            servicePorts: 1,
            listenPorts: HTTPS_ONLY,
        };
        const e = estimateScopeUsage(shape, [{ port: 443, certificates: ["wild"] }]);
        expect(e.usage.certificates).to.equal(2);
        expect(e.certificatesAssumed).to.equal(true);
    });

    it("needs no certificate for a scope without HTTPS listeners", () => {
        const shape: ScopeShape = {
            hosts: ["a.example.org"],
            pathCount: 2,
            servicePorts: 1,
            listenPorts: [{ protocol: "HTTP", port: 80 }],
        };
        expect(estimateScopeUsage(shape, [], catalog).usage).to.deep.equal({
            rules: 2,
            targetGroups: 1,
            certificates: 0,
            listeners: 1,
        });
    });
});

describe("usage estimate: properties", () => {
    const host = fc.constantFrom("a", "b", "c", "d", "e").map(l => `${l}.example.org`);
    const shapes = fc.record({
        hosts: fc.uniqueArray(host, { minLength: 1, maxLength: 4 }),
        pathCount: fc.integer({ min: 1, max: 5 }),
        servicePorts: fc.integer({ min: 1, max: 3 }),
        listenPorts: fc.constantFrom(HTTPS_ONLY, DEFAULT_PORTS, [{ protocol: "HTTP" as const, port: 80 }]),
    });
    const catalogs = fc.subarray(
        [
            { arn: "wild", domains: ["*.example.org"] },
            { arn: "a", domains: ["a.example.org"] },
            { arn: "bc", domains: ["b.example.org", "c.example.org"] },
        ],
        { minLength: 0 },
    );
    const carried = fc
        .subarray(["wild", "a", "bc", "other"])
        .map((certificates): CarriedListener[] => [{ port: 443, protocol: "HTTPS", certificates }]);

    it("adding a path, a host or a Service port never lowers usage in any dimension", () => {
        fc.assert(
            fc.property(shapes, catalogs, carried, host, (shape, catalog, listeners, extra) => {
                const before = estimateScopeUsage(shape, listeners, catalog).usage;
                for (const grown of [
                    { ...shape, pathCount: shape.pathCount + 1 },
                    { ...shape, hosts: [...shape.hosts, extra] },
                    { ...shape, servicePorts: shape.servicePorts + 1 },
                ]) {
                    const after = estimateScopeUsage(grown, listeners, catalog).usage;
                    for (const d of QUOTA_DIMENSIONS) {
                        expect(after[d], d).to.be.at.least(before[d]);
                    }
                }
            }),
        );
    });

    it("a second host covered by an attached wildcard adds no certificate, when no other certificate names it", () => {
        fc.assert(
            fc.property(shapes, shape => {
                const catalog = [{ arn: "wild", domains: ["*.example.org"] }];
                const listeners = [{ port: 443, protocol: "HTTPS", certificates: ["wild"] }];
                const one = estimateScopeUsage({ ...shape, hosts: shape.hosts.slice(0, 1) }, listeners, catalog).usage;
                const all = estimateScopeUsage(shape, listeners, catalog).usage;
                expect(all.certificates).to.equal(one.certificates);
                expect(all.certificates).to.equal(0);
            }),
        );
    });

    it("what the ALB carries only ever lowers the certificates and listeners a scope adds", () => {
        fc.assert(
            fc.property(shapes, catalogs, carried, (shape, catalog, listeners) => {
                const bare = estimateScopeUsage(shape, [], catalog).usage;
                const on = estimateScopeUsage(shape, listeners, catalog).usage;
                expect(on.certificates).to.be.at.most(bare.certificates);
                expect(on.listeners).to.be.at.most(bare.listeners);
                expect(on.rules).to.equal(bare.rules);
                expect(on.targetGroups).to.equal(bare.targetGroups);
            }),
        );
    });
});
