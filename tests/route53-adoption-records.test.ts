// Which existing Route53 records an adopted scope may take over, and which it must leave alone.
import { expect } from "chai";
import { useAssignmentHost } from "./support/assignment-host-world";
import { addAlias, createZone } from "./support/route53-fixtures";

const POOL = { region: "us-east-1", visibility: "internet-facing", baseBalancer: "alb-a", additionalBalancers: ["alb-b", "alb-c"] };
const DOMAIN = "checkout.apps.example.com";

describe("Route53 records met by adoption", function () {
    const world = useAssignmentHost();
    let albs: Record<string, { dnsName: string; canonicalHostedZoneId: string }>;
    let zone: string;

    beforeEach(async () => {
        albs = {};
        for (const [name, rules] of [["alb-a", 1], ["alb-b", 20], ["alb-c", 30]] as const) {
            albs[name] = await world.albs.createBalancer({ name, listeners: [{ port: 443, rules }] });
        }
        zone = await createZone(world.moto.url, "apps.example.com");
    });

    it("refuses to adopt from a weighted record set, failing the create with why and how to proceed", async () => {
        await addAlias(world.moto.url, zone, DOMAIN, albs["alb-c"].dnsName, albs["alb-c"].canonicalHostedZoneId, { setIdentifier: "old", weight: 0 });
        await addAlias(world.moto.url, zone, DOMAIN, albs["alb-b"].dnsName, albs["alb-b"].canonicalHostedZoneId, { setIdentifier: "new", weight: 100 });
        await world.up("weighted", { ...POOL, domain: DOMAIN, hostedZoneId: zone }).then(
            () => expect.fail("create must fail"),
            err => {
                expect(err.message).to.contain(`domain: the A record of ${DOMAIN} in zone ${zone} is a routing-policy record set (SetIdentifier "old"; weighted`);
                expect(err.message).to.match(/set ingressRef to the scope's running Ingress, or pinnedBalancer/);
            });
        expect(world.proxy.count("DescribeLoadBalancers"), "no ALB was adopted or measured").to.equal(0);
    });
});
