/** Which existing Route53 records an adopted scope may take over, and which it must leave alone. */
import { expect } from "chai";
import { useAssignmentHost } from "./support/assignment-host-world";
import { dynamicUrn } from "./support/dynamic-provider-host";
import { addAlias, createZone } from "./support/route53-fixtures";

const POOL = {
    region: "us-east-1",
    visibility: "internet-facing",
    baseBalancer: "alb-a",
    additionalBalancers: ["alb-b", "alb-c"],
};
const DOMAIN = "checkout.apps.example.com";

describe("Route53 records met by adoption", function () {
    const world = useAssignmentHost();
    let albs: Record<string, { dnsName: string; canonicalHostedZoneId: string }>;
    let zone: string;
    const RECORDS = [`A ${DOMAIN}`, `AAAA ${DOMAIN}`, "A shop.apps.example.com", "AAAA shop.apps.example.com"];

    beforeEach(async () => {
        albs = {};
        for (const [name, rules] of [
            ["alb-a", 1],
            ["alb-b", 20],
            ["alb-c", 30],
        ] as const) {
            albs[name] = await world.albs.createBalancer({ name, listeners: [{ port: 443, rules }] });
        }
        zone = await createZone(world.moto.url, "apps.example.com");
    });

    it("refuses to adopt from a weighted record set, failing the create with why and how to proceed", async () => {
        await addAlias(world.moto.url, zone, DOMAIN, albs["alb-c"].dnsName, albs["alb-c"].canonicalHostedZoneId, {
            setIdentifier: "old",
            weight: 0,
        });
        await addAlias(world.moto.url, zone, DOMAIN, albs["alb-b"].dnsName, albs["alb-b"].canonicalHostedZoneId, {
            setIdentifier: "new",
            weight: 100,
        });
        await world.up("weighted", { ...POOL, domain: DOMAIN, hostedZoneId: zone }).then(
            () => expect.fail("create must fail"),
            err => {
                expect(err.message).to.contain(
                    `domain: the A record of ${DOMAIN} in zone ${zone} is a routing-policy record set (SetIdentifier "old"; weighted`,
                );
                expect(err.message).to.match(/set ingressRef to the scope's running Ingress, or pinnedBalancer/);
            },
        );
        expect(world.proxy.count("DescribeLoadBalancers"), "no ALB was adopted or measured").to.equal(0);
    });

    it("lists only the records found aliasing the adopted ALB, and warns about one that aliases another", async () => {
        const c = albs["alb-c"];
        await addAlias(world.moto.url, zone, DOMAIN, `dualstack.${c.dnsName.toUpperCase()}.`, c.canonicalHostedZoneId);
        await addAlias(world.moto.url, zone, DOMAIN, `dualstack.${c.dnsName}`, c.canonicalHostedZoneId, {
            type: "AAAA",
        });
        await addAlias(
            world.moto.url,
            zone,
            "shop.apps.example.com",
            albs["alb-b"].dnsName,
            albs["alb-b"].canonicalHostedZoneId,
        );
        const { outputs } = await world.up("adopted", {
            ...POOL,
            domain: DOMAIN,
            hostedZoneId: zone,
            aliasRecords: RECORDS,
        });
        expect(outputs).to.include({ balancerName: "alb-c", source: "adopted-route53" });
        expect(outputs.overwritableRecords).to.deep.equal([`A ${DOMAIN}`, `AAAA ${DOMAIN}`]);
        expect(outputs.warnings).to.deep.equal([
            `Route53 record "A shop.apps.example.com" in zone ${zone} already exists and points at ${albs["alb-b"].dnsName}, ` +
                'not at ALB "alb-c" that this scope was adopted onto; it is not overwritten, so creating it will fail (Route53: it already exists). ' +
                "If it is stale, delete it; if it serves something else, remove shop.apps.example.com from this scope or set dnsRecords: false; then run the deployment again.",
        ]);
        expect(outputs.creationWarnings, "the record's warning concerns its first create only").to.deep.equal([]);
    });

    it("checks the records of a scope adopted from its Ingress, which the adoption itself never looked at", async () => {
        world.kube.addIngress("checkout", "checkout-api", {
            "alb.ingress.kubernetes.io/load-balancer-name": "alb-b",
            "alb.ingress.kubernetes.io/group.name": "alb-b",
        });
        const b = albs["alb-b"];
        await addAlias(world.moto.url, zone, DOMAIN, b.dnsName, b.canonicalHostedZoneId);
        await addAlias(world.moto.url, zone, "shop.apps.example.com", b.dnsName, b.canonicalHostedZoneId, {
            setIdentifier: "blue",
            weight: 100,
        });
        const { outputs } = await world.up("adopted-ingress", {
            ...POOL,
            domain: DOMAIN,
            hostedZoneId: zone,
            ingressRef: { namespace: "checkout", name: "checkout-api" },
            aliasRecords: RECORDS,
        });
        expect(outputs).to.include({ balancerName: "alb-b", source: "adopted-ingress" });
        expect(outputs.overwritableRecords).to.deep.equal([`A ${DOMAIN}`]);
        expect(outputs.warnings).to.have.length(1);
        expect((outputs.warnings as string[])[0]).to.match(
            /^Route53 record "A shop\.apps\.example\.com" in zone \w+ is a routing-policy record set \(SetIdentifier "blue"\); this scope's simple alias record cannot replace it, so creating it will fail/,
        );
    });

    it("looks no record up for a scope that was placed, not adopted", async () => {
        const { outputs } = await world.up("placed", {
            ...POOL,
            aliasRecords: RECORDS,
            domain: "new.apps.example.com",
            hostedZoneId: zone,
        });
        expect(outputs).to.include({ source: "least-loaded" });
        expect(outputs.overwritableRecords).to.deep.equal([]);
        expect(
            world.proxy.count(`GET /2013-04-01/hostedzone/${zone}/rrset`),
            "only the domain's adoption look-up",
        ).to.equal(1);
    });

    it("fails the create when a record cannot be looked up, naming the record and the fix", async () => {
        world.kube.addIngress("checkout", "checkout-api", {
            "alb.ingress.kubernetes.io/load-balancer-name": "alb-b",
            "alb.ingress.kubernetes.io/group.name": "alb-b",
        });
        world.proxy.faults.push({
            match: r => r.action.startsWith("GET /2013-04-01/hostedzone/"),
            respond: "access-denied",
        });
        await world
            .up("blind", {
                ...POOL,
                hostedZoneId: zone,
                domain: DOMAIN,
                ingressRef: { namespace: "checkout", name: "checkout-api" },
                aliasRecords: RECORDS,
            })
            .then(
                () => expect.fail("create must fail"),
                err =>
                    expect(err.message).to.match(
                        new RegExp(
                            `aliasRecords: looking up Route53 record "A ${DOMAIN}" in zone ${zone} failed: AccessDenied: .*\\. ` +
                                "Grant route53:ListResourceRecordSets on the zone \\(needed to adopt existing scopes\\) and run the deployment again",
                        ),
                    ),
            );
    });

    it("reports a change of aliasRecords as no change, and refuses a malformed one at Check", async () => {
        const urn = dynamicUrn("records");
        const olds = {
            __provider: world.provider,
            ...POOL,
            balancerName: "alb-b",
            aliasRecords: RECORDS.slice(0, 1),
            overwritableRecords: [],
        };
        expect(
            await world.host.diff("id", urn, olds, { __provider: world.provider, ...POOL, aliasRecords: RECORDS }),
        ).to.deep.equal({ changes: "none", replaces: [] });
        const { failures } = await world.host.check(
            urn,
            {},
            { __provider: world.provider, ...POOL, aliasRecords: ["CNAME www.apps.example.com", "A Shop.Example.com"] },
        );
        const reasons = failures.map(f => f.reason);
        expect(reasons).to.have.length(2);
        expect(reasons[0]).to.equal(
            'aliasRecords: "CNAME www.apps.example.com" is not "A <hostname>" or "AAAA <hostname>"; ' +
                'list the alias records the scope creates, e.g. "A checkout.apps.example.com"',
        );
        expect(reasons[1]).to.match(
            /^aliasRecords: "A Shop\.Example\.com" has the label "Shop"; .*; list the alias records the scope creates/,
        );
    });
});
