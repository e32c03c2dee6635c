/** What `rebalance` charges a scope: never less, in any dimension, than what it adds to any ALB it may move to. */
import { expect } from "chai";
import fc from "fast-check";
import type { MeasuredBalancer } from "../core/balancer-load";
import { carriedListeners } from "../core/balancer-usage";
import type { CatalogCertificate } from "../core/certificate-matching";
import { estimateIngressUsage } from "../core/ingress-usage-estimate";
import { QUOTA_DIMENSIONS } from "../core/quota-dimensions";
import { carriedByEvery } from "../cli/rebalance-inputs";
import { scopeIngress } from "./support/scope-ingress-object";

const HOSTS = ["a.example.com", "b.example.com", "c.example.org"];
const CATALOG: CatalogCertificate[] = [
    { arn: "arn:cert/wildcard-com", domains: ["*.example.com"] },
    { arn: "arn:cert/a", domains: ["a.example.com"] },
    { arn: "arn:cert/c", domains: ["c.example.org"] },
];
const ARNS = CATALOG.map(c => c.arn);

/** An ALB with listeners on some of 80 (HTTP), 443 and 8443 (HTTPS), each HTTPS one carrying some of the catalog. */
const balancer = (name: string) =>
    fc
        .record({
            http: fc.boolean(),
            https: fc.option(fc.subarray(ARNS), { nil: undefined }),
            alt: fc.option(fc.subarray(ARNS), { nil: undefined }),
        })
        .map(({ http, https, alt }): MeasuredBalancer => ({
            kind: "measured",
            name,
            arn: `arn:lb/${name}`,
            dnsName: `${name}.elb.amazonaws.com`,
            canonicalHostedZoneId: "Z1",
            rules: 0,
            listeners: [
                ...(http ? [{ arn: `${name}/80`, port: 80, protocol: "HTTP", rules: 0 }] : []),
                ...(https ? [{ arn: `${name}/443`, port: 443, protocol: "HTTPS", rules: 0, certificates: https }] : []),
                ...(alt ? [{ arn: `${name}/8443`, port: 8443, protocol: "HTTPS", rules: 0, certificates: alt }] : []),
            ],
        }));

describe("rebalance inputs: a scope's cost against the listeners every target carries", () => {
    it("is at least what the scope adds to each possible target, in every dimension, with or without ACM", () => {
        fc.assert(
            fc.property(
                fc
                    .array(fc.nat(), { minLength: 1, maxLength: 4 })
                    .chain(ids => fc.tuple(...ids.map((_, i) => balancer(`alb-${i}`)))),
                fc.subarray(HOSTS, { minLength: 1 }),
                fc.boolean(),
                (targets, hosts, withCatalog) => {
                    const ingress = scopeIngress("apps", "web", "alb-src", hosts) as never;
                    const catalog = withCatalog ? CATALOG : undefined;
                    const charged = estimateIngressUsage(ingress, carriedByEvery(targets), catalog);
                    for (const target of targets) {
                        const added = estimateIngressUsage(ingress, carriedListeners(target), catalog);
                        for (const d of QUOTA_DIMENSIONS) {
                            expect(charged[d], `${d} on ${target.name}`).to.be.at.least(added[d]);
                        }
                    }
                },
            ),
        );
    });

    it("is exactly what it adds when every target carries the same", () => {
        const [one] = fc.sample(balancer("alb-x"), { numRuns: 1, seed: 7 });
        const twins = [one, { ...one, name: "alb-y" }];
        const ingress = scopeIngress("apps", "web", "alb-src", HOSTS) as never;
        expect(estimateIngressUsage(ingress, carriedByEvery(twins), CATALOG)).to.deep.equal(
            estimateIngressUsage(ingress, carriedListeners(one), CATALOG),
        );
    });

    it("carries nothing when there is no target", () => {
        expect(carriedByEvery([])).to.deep.equal([]);
    });
});
