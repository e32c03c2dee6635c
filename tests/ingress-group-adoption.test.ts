/** Adoption from an Ingress is refused when the Ingress's controller group is not its ALB's name. */
import { expect } from "chai";
import { useAssignmentHost } from "./support/assignment-host-world";

const POOL = {
    region: "us-east-1",
    visibility: "internet-facing",
    baseBalancer: "alb-a",
    additionalBalancers: ["alb-b"],
};
const REF = { ingressRef: { namespace: "checkout", name: "checkout-api" } };

// The controller's group of an Ingress: IngressClassParams group, else the group.name annotation, else the
// Ingress alone as an implicit group "namespace/name" (loadGroupID, pkg/ingress/group_loader.go); its ALB is
// found by the tag ingress.k8s.aws/stack = that group id (StackTags, pkg/deploy/tracking/provider.go, used by
// loadBalancerSynthesizer.findSDKLoadBalancers, pkg/deploy/elbv2/load_balancer_synthesizer.go).
describe("adoption from an Ingress of another controller group", function () {
    const world = useAssignmentHost();

    beforeEach(async () => {
        await world.albs.createBalancer({ name: "alb-a", listeners: [{ port: 443, rules: 1 }] });
        await world.albs.createBalancer({ name: "alb-b", listeners: [{ port: 443, rules: 20 }] });
    });

    it("refuses an Ingress whose group.name differs from its load-balancer-name, naming both, instead of re-grouping it", async () => {
        world.kube.addIngress("checkout", "checkout-api", {
            "alb.ingress.kubernetes.io/load-balancer-name": "alb-b",
            "alb.ingress.kubernetes.io/group.name": "legacy-shared",
        });
        await world.up("other-group", { ...POOL, ...REF }).then(
            () => expect.fail("create must fail"),
            err => {
                expect(err.message).to.contain(
                    'ingressRef: Ingress checkout/checkout-api has alb.ingress.kubernetes.io/group.name "legacy-shared" ' +
                        'but alb.ingress.kubernetes.io/load-balancer-name "alb-b"; every pool ALB\'s group name must equal its ALB name',
                );
                expect(err.message).to.contain('moves it out of group "legacy-shared"');
                expect(err.message).to.contain("the scope was not adopted");
            },
        );
        expect(world.proxy.count("DescribeLoadBalancers"), "refused before anything is measured").to.equal(0);
    });

    it("refuses an Ingress without group.name: it is its own implicit group, namespace/name", async () => {
        world.kube.addIngress("checkout", "checkout-api", { "alb.ingress.kubernetes.io/load-balancer-name": "alb-b" });
        await world.up("implicit-group", { ...POOL, ...REF }).then(
            () => expect.fail("create must fail"),
            err => {
                expect(err.message).to.contain(
                    "ingressRef: Ingress checkout/checkout-api has no alb.ingress.kubernetes.io/group.name, so the Load Balancer Controller " +
                        'makes it a group of its own, "checkout/checkout-api"',
                );
                expect(err.message).to.contain('load-balancer-name "alb-b"');
                expect(err.message).to.contain('moves it out of group "checkout/checkout-api"');
            },
        );
    });

    it("adopts an Ingress whose group.name is its ALB's name", async () => {
        world.kube.addIngress("checkout", "checkout-api", {
            "alb.ingress.kubernetes.io/load-balancer-name": "alb-b",
            "alb.ingress.kubernetes.io/group.name": "alb-b",
        });
        const { outputs } = await world.up("same-group", { ...POOL, ...REF });
        expect(outputs).to.include({ balancerName: "alb-b", source: "adopted-ingress" });
    });
});
