/** Placements coordinated through the cluster: controller lag, other tools' Ingresses, and every way the cluster can fail them. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { reservationConfigMapName } from "../core/reservation-records";
import { ControllerStandIn } from "./support/controller-stand-in";
import { useFleet } from "./support/fleet-world";
import { KubernetesApiServer } from "./support/kubernetes-api-server";
import { scopeIngress } from "./support/scope-ingress-object";

const NAMESPACE = "scope-ingress";
const POOL = {
    region: "us-east-1",
    visibility: "internet-facing",
    baseBalancer: "alb-a",
    maxRules: 10,
    coordinationNamespace: NAMESPACE,
};

/** The reservation keys in ALB `balancer`'s ConfigMap. */
function reservationKeys(kube: KubernetesApiServer, balancer: string): string[] {
    return Object.keys(
        (kube.object("configmaps", NAMESPACE, reservationConfigMapName("us-east-1", balancer))?.data as object) ?? {},
    ).sort();
}

async function failure(call: Promise<unknown>): Promise<string> {
    return call.then(
        () => expect.fail("the create must fail"),
        (err: Error) => err.message,
    );
}

describe("placements coordinated through the cluster", function () {
    this.timeout(60_000);
    const world = useFleet();

    beforeEach(async () => {
        await world.albs.createBalancer({ name: "alb-a" });
        await world.albs.createBalancer({ name: "alb-b" });
    });

    describe("controller lag", () => {
        let controller: ControllerStandIn | undefined;
        afterEach(async () => {
            await controller?.stop();
            controller = undefined;
        });

        it("counts another stack's Ingress before the controller has built its rules, and once after", async () => {
            // A fresh measurement per create, so the last placement sees the rules the controller built.
            const [a, b] = await world.stacks(2, { SCOPE_INGRESS_MEASUREMENT_TTL_SECONDS: "0" });
            controller = new ControllerStandIn(world.kube, { motoUrl: world.moto.url, delayMs: 600_000 });
            const hosts = ["checkout.apps.example.com", "pay.apps.example.com"];
            // One ALB: a coordinated placement picks at random among equally loaded ALBs.
            const placedA = await a.create("checkout", {
                ...POOL,
                expectedRules: 2,
                ownIngress: { namespace: "apps", name: "checkout" },
            });
            expect(placedA.outputs.balancerName).to.equal("alb-a");
            // Stack A's deployment goes on to create its Ingress, as ScopeIngress does; the controller has not reconciled it.
            world.kube.seed(scopeIngress("apps", "checkout", "alb-a", hosts) as never);

            const onlyA = { ...POOL, additionalBalancers: [] };
            const placedB = await b.create("cart", { ...onlyA, ownIngress: { namespace: "apps", name: "cart" } });
            // AWS still shows 0 rules; the Ingress asks for 2, and A's reservation, whose Ingress is visible, adds nothing.
            expect(placedB.outputs).to.include({ balancerName: "alb-a", rulesAtAssignment: 2 });

            await controller.reconcileOnce({ ignoreDelay: true });
            expect(controller.errors).to.deep.equal([]);
            // Uncoordinated, a placement sees only what AWS has: the 2 rules the controller built.
            const plain = await b.create("plain", {
                region: "us-east-1",
                visibility: "internet-facing",
                baseBalancer: "alb-a",
                maxRules: 10,
            });
            expect(plain.outputs.rulesAtAssignment).to.equal(2);
            // Coordinated: max(AWS 2, Ingresses 2) = 2, counted once, plus B's reservation of 1 whose Ingress does not exist yet.
            const placedC = await a.create("shop", { ...onlyA, ownIngress: { namespace: "apps", name: "shop" } });
            expect(placedC.outputs.rulesAtAssignment).to.equal(3);
        });

        it("counts any tool's Ingress of an ALB's group, in any namespace, though no stack reserved it", async () => {
            const [a] = await world.stacks(1);
            const legacy = scopeIngress("legacy", "old-app", "alb-b", [
                "a.example.com",
                "b.example.com",
                "c.example.com",
            ]);
            world.kube.seed({
                ...legacy,
                metadata: { ...legacy.metadata, labels: { "app.kubernetes.io/managed-by": "Helm" } },
            } as never);
            const placed = await a.create("new", { ...POOL, additionalBalancers: ["alb-b"] });
            expect(placed.outputs).to.include({ balancerName: "alb-a", rulesAtAssignment: 0 });
            const onB = await a.create("pinned-pool", { ...POOL, baseBalancer: "alb-b" });
            expect(onB.outputs).to.include({ balancerName: "alb-b", rulesAtAssignment: 3 });
        });
    });

    it("counts an adopted scope once: its Ingress in the ALB's group, not the process ledger on top", async () => {
        const [a] = await world.stacks(1);
        world.kube.seed(
            scopeIngress("apps", "legacy", "alb-a", ["a.example.com", "b.example.com", "c.example.com"]) as never,
        );
        const legacy = { namespace: "apps", name: "legacy" };
        const adopted = await a.create("legacy", { ...POOL, expectedRules: 3, ingressRef: legacy, ownIngress: legacy });
        expect(adopted.outputs).to.include({ balancerName: "alb-a", source: "adopted-ingress" });
        // The same process places next: the adopted Ingress's 3 rules count once (from the cluster), not 3 + 3.
        const next = await a.create("next", { ...POOL, ownIngress: { namespace: "apps", name: "next" } });
        expect(next.outputs).to.include({ balancerName: "alb-a", rulesAtAssignment: 3 });
    });

    it("reserves a pin's rules in the cluster, so other stacks count it before its Ingress exists, and releases them on delete", async () => {
        const [a, b] = await world.stacks(2);
        const pin = { ...POOL, maxRules: 3, expectedRules: 3, pinnedBalancer: "alb-a" };
        const pinned = await a.create("pinned", { ...pin, ownIngress: { namespace: "apps", name: "pinned" } });
        expect(pinned.outputs).to.include({ balancerName: "alb-a", source: "pinned" });
        expect(reservationKeys(world.kube, "alb-a")).to.deep.equal([pinned.id]);
        // Another stack, before the pin's Ingress exists: alb-a is full with the pin's 3 rules.
        expect(await failure(b.create("waiting", { ...POOL, maxRules: 3 }))).to.contain("alb-a: 3 rules");
        await a.delete(pinned);
        expect(reservationKeys(world.kube, "alb-a")).to.deep.equal([]);
        expect((await b.create("now", { ...POOL, maxRules: 3 })).outputs).to.include({ balancerName: "alb-a" });
    });

    describe("faults", () => {
        const onlyA = { ...POOL, maxRules: 1 };

        it("fails the create, naming the kubeconfig context, the server and the namespace, when the cluster cannot be reached", async () => {
            const doomed = await KubernetesApiServer.start({ contextName: "doomed-cluster" });
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scope-ingress-doomed-"));
            const kubeconfig = path.join(dir, "kubeconfig");
            fs.copyFileSync(doomed.kubeconfigPath, kubeconfig);
            const server = doomed.url;
            await doomed.close();
            try {
                const [a] = await world.stacks(1, { KUBECONFIG: kubeconfig });
                const message = await failure(a.create("unreachable", onlyA));
                expect(message).to.contain(
                    `coordinationNamespace "scope-ingress": listing the Ingresses of every namespace through the cluster of kubeconfig context "doomed-cluster" failed: ` +
                        `cannot reach the Kubernetes API server ${server} (cluster "doomed-cluster" of the kubeconfig's current context "doomed-cluster"): `,
                );
                expect(message).to.contain("ECONNREFUSED");
                expect(message).to.contain(
                    "The scope was not placed: with coordinationNamespace set, a placement never goes ahead without the cluster's reservations.",
                );
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });

        it("fails the create naming the context, the namespace and the refused verb when RBAC forbids it", async () => {
            const [a] = await world.stacks(1);
            await a.create("first", onlyA);
            world.kube.forbid("update", "configmaps");
            const denied = await failure(a.create("second", { ...onlyA, maxRules: 2 }));
            expect(denied).to.contain(
                `coordinationNamespace "scope-ingress": writing the reservation into ConfigMap scope-ingress-us-east-1-alb-a through the cluster of kubeconfig context "fleet-cluster" failed: HTTP 403: ` +
                    `configmaps "scope-ingress-us-east-1-alb-a" is forbidden: User "ci-deployer" cannot update resource "configmaps" in API group "" in the namespace "scope-ingress". ` +
                    `Grant "ci-deployer" the verb "update" on configmaps in the namespace "scope-ingress" (a Role)`,
            );
            world.kube.faults = [];
            world.kube.forbid("list", "ingresses");
            const cannotList = await failure(a.create("third", { ...onlyA, maxRules: 2 }));
            expect(cannotList).to.contain(
                'Grant "ci-deployer" the verb "list" on ingresses in every namespace (a ClusterRole)',
            );
            expect(reservationKeys(world.kube, "alb-a"), "only the first placement holds a reservation").to.have.length(
                1,
            );
        });

        it("absorbs a storm of conflicts longer than a few retries, and after its time limit fails naming the namespace and the ConfigMap", async () => {
            // A 2 s limit keeps the failing half short; the default is 60 s.
            const [a] = await world.stacks(1, { SCOPE_INGRESS_RESERVATION_RETRY_SECONDS: "2" });
            const first = await a.create("first", POOL);
            // More conflicts in a row than a fixed handful of attempts survives: racing stacks pick the same ALB again and again.
            world.kube.conflictStorm("configmaps", 12);
            const [b] = await world.stacks(1);
            const second = await b.create("second", POOL);
            expect(second.outputs).to.include({ balancerName: "alb-a", rulesAtAssignment: 1 });
            expect(world.kube.requests.filter(r => r.resource === "configmaps" && r.code === 409)).to.have.length(12);
            world.kube.conflictStorm("configmaps", 100_000);
            const started = Date.now();
            const message = await failure(a.create("third", POOL));
            expect(Date.now() - started, "gives up at its time limit").to.be.below(6_000);
            expect(message).to.match(
                /coordinationNamespace "scope-ingress": the reservation could not be written in \d+ attempts over 2 s \(SCOPE_INGRESS_RESERVATION_RETRY_SECONDS\), each refused with 409 Conflict because another deployment wrote the same ConfigMap first \(scope-ingress-us-east-1-alb-a: Operation cannot be fulfilled on configmaps "scope-ingress-us-east-1-alb-a": the object has been modified/,
            );
            expect(message).to.contain(
                "run the deployment again, or raise SCOPE_INGRESS_RESERVATION_RETRY_SECONDS when many stacks deploy into this pool at once. The scope was not placed.",
            );
            world.kube.faults = [];
            expect(reservationKeys(world.kube, "alb-a")).to.deep.equal([first.id, second.id].sort());
        });

        it("stops counting a crashed deployment's reservation once its TTL has passed, and prunes it on the next write", async () => {
            const [crashing, other] = await world.stacks(2, { SCOPE_INGRESS_RESERVATION_TTL_SECONDS: "2" });
            const lost = await crashing.create("lost", onlyA);
            const cm = world.kube.object("configmaps", NAMESPACE, reservationConfigMapName("us-east-1", "alb-a"))!;
            const expiresAt = Date.parse(JSON.parse((cm.data as Record<string, string>)[lost.id]).expiresAt);
            await crashing.host.stop();
            expect(await failure(other.create("early", onlyA)), "the reservation counts before its TTL").to.contain(
                "\n  alb-a: 1 rules\n",
            );
            await new Promise(resolve => setTimeout(resolve, Math.max(0, expiresAt + 100 - Date.now())));
            const late = await other.create("late", onlyA);
            expect(late.outputs).to.include({ balancerName: "alb-a", rulesAtAssignment: 0 });
            expect(reservationKeys(world.kube, "alb-a")).to.deep.equal([late.id]).and.not.to.include(lost.id);
        });

        it("releases a reservation at once when its assignment is deleted", async () => {
            const [a, b] = await world.stacks(2);
            const held = await a.create("held", onlyA);
            expect(await failure(b.create("waiting", onlyA))).to.contain("alb-a: 1 rules");
            await a.delete(held);
            expect(reservationKeys(world.kube, "alb-a")).to.deep.equal([]);
            expect((await b.create("now", onlyA)).outputs).to.include({ balancerName: "alb-a", rulesAtAssignment: 0 });
        });

        it("keeps how a scope was placed through an update that drops coordinationNamespace, so its delete still releases the reservation", async () => {
            const [a] = await world.stacks(1);
            const held = await a.create("held", { ...onlyA, ownIngress: { namespace: "apps", name: "held" } });
            expect(reservationKeys(world.kube, "alb-a")).to.deep.equal([held.id]);
            // The user removes coordinationNamespace (and ownIngress) from the program: an in-place update, no move.
            const { coordinationNamespace: _ns, ...uncoordinated } = onlyA;
            const checked = await a.host.check(held.urn, held.outputs, {
                __provider: held.outputs.__provider,
                ...uncoordinated,
            });
            const updated = await a.host.update(held.id, held.urn, held.outputs, checked.inputs);
            expect(updated).to.deep.include({
                balancerName: "alb-a",
                coordinationNamespace: NAMESPACE,
                ownIngress: { namespace: "apps", name: "held" },
            });
            await a.delete({ ...held, outputs: updated });
            expect(reservationKeys(world.kube, "alb-a"), "released at once, not left to its TTL").to.deep.equal([]);
        });

        it("removes the reservation of a create that fails after placing, so no stack is refused for it", async () => {
            const [a] = await world.stacks(1);
            // No ALB can be described: the placement falls back to the base (and reserves on it), then cannot read its address.
            world.proxy.faults.push({ match: r => r.action === "DescribeLoadBalancers", respond: "access-denied" });
            expect(await failure(a.create("blind", onlyA))).to.contain(
                'ALB "alb-a" (the base fallback) cannot be described',
            );
            expect(world.kube.writes("configmaps"), "written, then released").to.equal(2);
            expect(reservationKeys(world.kube, "alb-a")).to.deep.equal([]);
        });

        it("refuses a reservation TTL of 0 or below, which would turn coordination off without a word", async () => {
            for (const ttl of ["0", "-5"]) {
                const [a] = await world.stacks(1, { SCOPE_INGRESS_RESERVATION_TTL_SECONDS: ttl });
                const message = await failure(a.create(`ttl${ttl}`, onlyA));
                expect(message).to.contain(
                    `SCOPE_INGRESS_RESERVATION_TTL_SECONDS: ${JSON.stringify(ttl)} must be a number of seconds above 0`,
                );
                expect(world.kube.writes("configmaps"), "nothing reserved").to.equal(0);
            }
        });

        it("says in the create's error when the reservation of a failed create could not be removed", async () => {
            const [a] = await world.stacks(1);
            world.proxy.faults.push({ match: r => r.action === "DescribeLoadBalancers", respond: "access-denied" });
            // Placing lists and writes; removing reads the ConfigMap first, which RBAC refuses here.
            world.kube.forbid("get", "configmaps");
            const message = await failure(a.create("blind", onlyA));
            expect(message).to.contain('ALB "alb-a" (the base fallback) cannot be described');
            expect(message).to.match(
                /The reservation this create wrote could not be removed: could not remove reservation \S+ from ConfigMap scope-ingress\/scope-ingress-us-east-1-alb-a \(.*forbidden.*\); it stops counting when it expires/,
            );
            expect(reservationKeys(world.kube, "alb-a")).to.have.length(1);
        });

        it("checks coordinationNamespace and ownIngress as Kubernetes names at preview", async () => {
            const [a] = await world.stacks(1);
            const message = await failure(
                a.create("bad", { ...POOL, coordinationNamespace: "Scope_Ingress", ownIngress: { namespace: "apps" } }),
            );
            expect(message).to.contain(
                'coordinationNamespace: \\"Scope_Ingress\\" must be lowercase letters, digits and',
            );
            expect(message).to.contain("ownIngress");
            expect(world.kube.requests).to.deep.equal([]);
        });
    });
});
