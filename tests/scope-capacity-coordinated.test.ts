/** The growth check of a coordinated scope: the cluster's pending Ingresses count as its ALB's load, its own Ingress once. */
import { expect } from "chai";
import type { Usage } from "../core/quota-dimensions";
import { ControllerStandIn } from "./support/controller-stand-in";
import { dynamicUrn } from "./support/dynamic-provider-host";
import { useFleet } from "./support/fleet-world";
import { scopeIngress } from "./support/scope-ingress-object";
import { captureSerializedCapacityCheckProvider } from "./support/serialized-provider";

const NAMESPACE = "scope-ingress";
const SCOPE_USAGE: Usage = { rules: 2, targetGroups: 1, certificates: 0, listeners: 2 };

describe("the growth check of a scope coordinated through the cluster", function () {
    this.timeout(60_000);
    const world = useFleet();
    let provider: string;

    before(async () => {
        provider = await captureSerializedCapacityCheckProvider();
    });

    beforeEach(async () => {
        const alb = await world.albs.createBalancer({ name: "alb-a" });
        // The scope's own Ingress, built by the controller: its 2 rules make AWS's 60, and count once.
        world.kube.seed(
            scopeIngress("apps", "checkout", "alb-a", ["checkout.apps.example.com", "pay.apps.example.com"]) as never,
        );
        const controller = new ControllerStandIn(world.kube, { motoUrl: world.moto.url, delayMs: 600_000 });
        await controller.reconcileOnce({ ignoreDelay: true });
        await controller.stop();
        expect(controller.errors).to.deep.equal([]);
        // Other scopes' rules, after the scope's own.
        await world.albs.addRules(alb.listenerArns[1], 58, 1000);
        // Another stack's Ingress of the same ALB that the controller has not built yet: 10 rules AWS cannot show.
        world.kube.seed(
            scopeIngress(
                "shop",
                "cart",
                "alb-a",
                Array.from({ length: 10 }, (_, i) => `cart-${i}.apps.example.com`),
            ) as never,
        );
    });

    /** Creates the scope's check with `extra` inputs, then grows it by 10 rules; the Update's result or error. */
    async function growByTen(extra: Record<string, unknown>): Promise<unknown> {
        const [stack] = await world.stacks(1);
        const urn = dynamicUrn("checkout-capacity");
        const inputs = {
            __provider: provider,
            region: "us-east-1",
            balancerName: "alb-a",
            usage: SCOPE_USAGE,
            ...extra,
        };
        const created = await stack.host.create(urn, (await stack.host.check(urn, {}, inputs)).inputs);
        const news = (
            await stack.host.check(urn, created.properties, { ...inputs, usage: { ...SCOPE_USAGE, rules: 12 } })
        ).inputs;
        return stack.host.update(created.id, urn, created.properties, news).catch((err: Error) => err);
    }

    it("refuses a growth that fits what AWS shows but not what the cluster asks for", async () => {
        const refused = await growByTen({
            coordinationNamespace: NAMESPACE,
            ownIngress: { namespace: "apps", name: "checkout" },
        });
        expect(refused).to.be.instanceOf(Error);
        const message = (refused as Error).message;
        // 60 built (the scope's own 2 among them) + 10 asked for by the unbuilt Ingress = 70; +10 passes 75.
        expect(message).to.contain("listener rules: 70 of 75, growth +10 -> 80  <- blocks");
        expect(message).to.contain(`the cluster's Ingresses and reservations (coordinationNamespace "${NAMESPACE}")`);
        expect(world.kube.reads("ingresses")).to.be.above(0);
    });

    it("lets the same growth through without coordination, where AWS's 60 rules are all it knows", async () => {
        const passed = await growByTen({});
        expect(passed).not.to.be.instanceOf(Error);
        expect((passed as { usage: Usage }).usage.rules).to.equal(12);
        expect(world.kube.reads(), "an uncoordinated check never reads the cluster").to.equal(0);
    });

    it("refuses the growth when the cluster cannot be read, naming the RBAC fix and no placement", async () => {
        world.kube.forbid("list", "ingresses");
        const refused = await growByTen({ coordinationNamespace: NAMESPACE });
        expect(refused).to.be.instanceOf(Error);
        const message = (refused as Error).message;
        expect(message).to.contain(
            'The growth of this scope on its ALB "alb-a" could not be checked against the cluster',
        );
        expect(message).to.contain('the verb "list" on ingresses in every namespace (a ClusterRole)');
        expect(message).to.contain("The Ingress was not changed");
        expect(message).not.to.contain("The scope was not placed");
    });
});
