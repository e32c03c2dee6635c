/** Which warnings a stored assignment carries after refresh and update: the create's, kept once, plus the current ones. */
import { expect } from "chai";
import { useAssignmentHost } from "./support/assignment-host-world";

const POOL = {
    region: "us-east-1",
    visibility: "internet-facing",
    baseBalancer: "alb-a",
    additionalBalancers: ["alb-b"],
};
const FROM = "from the load-balancer-name annotation of Ingress legacy/web";
const OUTSIDE = `ALB "alb-legacy" (${FROM}) is not in the internet-facing pool; the scope is assigned to it anyway.`;
const OVER = `ALB "alb-legacy" (${FROM}) has 90 rules; with this scope's 1 it passes maxRules 75.`;
/** What every refresh and update adds (the component says it too) while the ALB is outside the pool. */
const DEPARTURE =
    'ALB "alb-legacy" is no longer in the internet-facing pool (alb-a, alb-b); the scope stays on it, ' +
    "because its DNS and routing both follow the stored assignment. To move it, set pinnedBalancer to an ALB of the pool.";

describe("BalancerAssignment warnings across refresh and update", function () {
    const world = useAssignmentHost();

    beforeEach(async () => {
        await world.albs.createBalancer({ name: "alb-a", listeners: [{ port: 443, rules: 1 }] });
        await world.albs.createBalancer({ name: "alb-b", listeners: [{ port: 443, rules: 2 }] });
        await world.albs.createBalancer({ name: "alb-legacy", listeners: [{ port: 443, rules: 90 }] });
        world.kube.addIngress("legacy", "web", {
            "alb.ingress.kubernetes.io/load-balancer-name": "alb-legacy",
            "alb.ingress.kubernetes.io/group.name": "alb-legacy",
        });
    });

    it("keeps the create's warnings through every refresh, once each, with the refresh's own after them", async () => {
        const { id, urn, outputs } = await world.up("legacy", {
            ...POOL,
            ingressRef: { namespace: "legacy", name: "web" },
        });
        expect(outputs.warnings).to.deep.equal([OUTSIDE, OVER]);
        const first = await world.host.read(id, urn, outputs);
        const second = await world.host.read(id, urn, first.properties);
        expect(second.properties.warnings, "a second refresh neither drops nor repeats them").to.deep.equal([
            OUTSIDE,
            OVER,
            DEPARTURE,
        ]);
        expect(second.properties.creationWarnings).to.deep.equal([OUTSIDE, OVER]);
    });

    it("keeps the create's warnings on an update that moves nothing, next to the pool's", async () => {
        const { id, urn, outputs } = await world.up("legacy", {
            ...POOL,
            ingressRef: { namespace: "legacy", name: "web" },
        });
        const news = (
            await world.host.check(
                urn,
                {},
                { __provider: world.provider, ...POOL, maxRules: 95, ingressRef: { namespace: "legacy", name: "web" } },
            )
        ).inputs;
        const updated = await world.host.update(id, urn, outputs, news);
        expect(updated.warnings).to.deep.equal([OUTSIDE, OVER, DEPARTURE]);
        const refreshed = await world.host.read(id, urn, updated);
        expect(refreshed.properties.warnings).to.deep.equal([OUTSIDE, OVER, DEPARTURE]);
    });

    it("reads state written before creationWarnings existed: keeps its create warnings, drops a stale refresh warning", async () => {
        const { id, urn, outputs } = await world.up("legacy", {
            ...POOL,
            ingressRef: { namespace: "legacy", name: "web" },
        });
        const stale =
            'ALB "alb-legacy" could not be refreshed (Throttling: Rate exceeded); its stored address was kept.';
        const older = { ...outputs, warnings: [OUTSIDE, OVER, DEPARTURE, stale] };
        delete (older as Record<string, unknown>).creationWarnings;
        const read = await world.host.read(id, urn, older);
        expect(read.properties.warnings).to.deep.equal([OUTSIDE, OVER, DEPARTURE]);
    });
});
