/**
 * Make-before-break moves through the real dynamic-provider host, moto, the Kubernetes API server stand-in and the
 * controller stand-in, with a client resolving the scope's alias (compressed TTL) and sending requests throughout:
 * a move, a move interrupted at each step and finished by the next deployment, and a move reverted midway, all
 * with zero failed requests and no Ingress or rule left behind; and what preview's Diff reports.
 */
import {
    DescribeListenersCommand,
    DescribeRulesCommand,
    ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { expect } from "chai";
import { AWS_TEST_ENV } from "./support/aws-test-env";
import { useAwsWorld } from "./support/aws-world";
import type { CreatedBalancer } from "./support/alb-fixtures";
import { ClientStandIn, ClientTally } from "./support/client-stand-in";
import { ControllerStandIn } from "./support/controller-stand-in";
import { DynamicProviderHost, dynamicUrn } from "./support/dynamic-provider-host";
import { KubernetesApiServer } from "./support/kubernetes-api-server";
import { MoveStack } from "./support/move-deployment";
import { reservationConfigMapName } from "../core/reservation-records";
import { createZone } from "./support/route53-fixtures";
import { captureMoveProviders } from "./support/serialized-move-providers";

const HOST = "checkout.apps.example.com";
const TTL_MS = 1_000;
// The TTL and a margin, compressed as the TTL is.
const DRAIN_SECONDS = 2;

describe("make-before-break move (engine protocol)", function () {
    this.timeout(120_000);
    const world = useAwsWorld();
    let kube: KubernetesApiServer;
    let providers: { assignment: string; move: string; cleanup: string };
    let controller: ControllerStandIn;
    const hosts: DynamicProviderHost[] = [];
    let a: CreatedBalancer;
    let p: CreatedBalancer;
    let zoneId: string;
    let elb: ElasticLoadBalancingV2Client;

    before(async () => {
        kube = await KubernetesApiServer.start();
        providers = await captureMoveProviders();
    });
    beforeEach(async () => {
        kube.reset();
        elb = new ElasticLoadBalancingV2Client({ endpoint: world.moto.url, region: "us-east-1" });
        a = await world.albs.createBalancer({ name: "alb-a" });
        p = await world.albs.createBalancer({ name: "alb-p" });
        zoneId = await createZone(world.moto.url, "apps.example.com");
        controller = new ControllerStandIn(kube, { motoUrl: world.moto.url, delayMs: 300 });
        controller.start();
    });
    afterEach(async () => {
        await controller.stop();
        await Promise.all(hosts.splice(0).map(h => h.stop()));
    });
    after(async () => {
        await kube?.close();
    });

    /** A new provider process, as each `pulumi up` starts one. */
    async function newHost(): Promise<DynamicProviderHost> {
        const host = await DynamicProviderHost.start({
            ...AWS_TEST_ENV,
            AWS_ENDPOINT_URL: world.moto.url,
            KUBECONFIG: kube.kubeconfigPath,
            SCOPE_INGRESS_KUBERNETES_TIMEOUT_SECONDS: "5",
        });
        hosts.push(host);
        return host;
    }

    function stack(coordinationNamespace?: string): MoveStack {
        return new MoveStack({
            coordinationNamespace,
            motoUrl: world.moto.url,
            kube,
            providers,
            zoneId,
            hostname: HOST,
            paths: [{ path: "/", pathType: "Prefix" }],
            drainSeconds: DRAIN_SECONDS,
        });
    }

    /** The scope deployed on alb-a and served there, with a client already sending requests. */
    async function servedOnA(coordinationNamespace?: string): Promise<{ scope: MoveStack; client: ClientStandIn }> {
        const scope = stack(coordinationNamespace);
        await scope.up(await newHost(), a);
        await controller.settled();
        const client = new ClientStandIn({ motoUrl: world.moto.url, zoneId, hostname: HOST, ttlMs: TTL_MS });
        client.start();
        await until(() => client.current.sent > 5);
        expect(client.current.failed, client.current.failures.join("\n")).to.equal(0);
        return { scope, client };
    }

    /** Rules on port 443 of `alb` whose host-header holds the scope's hostname. */
    async function scopeRules(alb: CreatedBalancer): Promise<number> {
        const listeners = (await elb.send(new DescribeListenersCommand({ LoadBalancerArn: alb.arn }))).Listeners ?? [];
        const https = listeners.find(l => l.Port === 443)!;
        const rules = (await elb.send(new DescribeRulesCommand({ ListenerArn: https.ListenerArn }))).Rules ?? [];
        return rules.filter(r =>
            (r.Conditions ?? []).some(c => (c.HostHeaderConfig?.Values ?? c.Values ?? []).includes(HOST)),
        ).length;
    }

    /** Stops the client after one more TTL (clients still on the old alias included) and asserts what it saw. */
    async function expectServedThroughout(client: ClientStandIn, balancers: string[]): Promise<ClientTally> {
        await controller.settled();
        await new Promise(resolve => setTimeout(resolve, TTL_MS + 300));
        const tally = await client.stop();
        expect(tally.failed, tally.failures.join("\n")).to.equal(0);
        expect(tally.sent).to.be.greaterThan(20);
        expect(tally.balancers).to.deep.equal(balancers);
        return tally;
    }

    /** The scope's one Ingress on `on`, its rules there once, none elsewhere, no transit Ingress. */
    async function expectSettledOn(on: CreatedBalancer, off: CreatedBalancer): Promise<void> {
        const ingresses = kube.objects("ingresses");
        expect(ingresses.map(i => i.metadata.name)).to.deep.equal(["checkout"]);
        expect(ingresses[0].metadata.annotations?.["alb.ingress.kubernetes.io/group.name"]).to.equal(on.name);
        expect(await scopeRules(on)).to.equal(1);
        expect(await scopeRules(off)).to.equal(0);
    }

    it("moves with zero failed requests: transit Ingress, check, DNS switch, drain, then the Ingress; nothing left behind", async () => {
        const { scope, client } = await servedOnA();
        const started = Date.now();
        await scope.up(await newHost(), p);
        // The old ALB kept serving for the drain after the switch.
        expect(Date.now() - started).to.be.at.least(DRAIN_SECONDS * 1000);
        expect(scope.steps.slice(-4)).to.deep.equal([
            "move:update",
            "ingress:update",
            "records:update",
            "cleanup:update",
        ]);
        await expectServedThroughout(client, ["alb-a", "alb-p"]);
        await expectSettledOn(p, a);
    });

    const interruptions: [string, Parameters<MoveStack["up"]>[2]][] = [
        ["after the assignment stored the pin", { afterStep: "assignment" }],
        ["once the transit Ingress exists", { killWhen: /transit Ingress \S+ is on "alb-p"/ }],
        ["once the target routes the scope", { killWhen: /ALB "alb-p" routes all/ }],
        ["once the aliases point at the target (during the drain)", { killWhen: /now point at "alb-p"/ }],
        ["after the move step (drain done, Ingress not yet moved)", { afterStep: "move" }],
        ["after the Ingress moved, before the records", { afterStep: "ingress" }],
        ["after the records, before the cleanup", { afterStep: "records" }],
        [
            "while the cleanup waits for the Ingress on the target",
            { killWhen: /waiting for the controller to deploy Ingress/ },
        ],
    ];
    for (const [when, interruption] of interruptions) {
        it(`finishes a move interrupted ${when} at the next deployment, with zero failed requests`, async () => {
            const { scope, client } = await servedOnA();
            const failure = await scope.up(await newHost(), p, interruption).then(
                () => undefined,
                (err: Error) => err,
            );
            expect(failure, "the deployment must have been interrupted").to.be.instanceOf(Error);
            await scope.up(await newHost(), p);
            await expectServedThroughout(client, ["alb-a", "alb-p"]);
            await expectSettledOn(p, a);
        });
    }

    it("rolls back a move whose pin is reverted midway (after the DNS switch): zero failed requests, nothing left on the target", async () => {
        const { scope, client } = await servedOnA();
        await scope.up(await newHost(), p, { killWhen: /now point at "alb-p"/ }).then(
            () => expect.fail("the deployment must have been interrupted"),
            () => undefined,
        );
        expect(kube.objects("ingresses").map(i => i.metadata.name)).to.include("checkout-via-alb-p");
        await scope.up(await newHost(), a);
        await expectServedThroughout(client, ["alb-a", "alb-p", "alb-a"].slice(0, client.current.balancers.length));
        await expectSettledOn(a, p);
    });

    it("reserves the scope's rules on the target in the cluster for the whole move, and gives them back at its end", async () => {
        const { scope, client } = await servedOnA("scope-ingress");
        const reservations = () =>
            Object.keys(
                kube.object("configmaps", "scope-ingress", reservationConfigMapName("us-east-1", "alb-p"))?.data ?? {},
            );
        await scope.up(await newHost(), p, { killWhen: /now point at "alb-p"/ }).then(
            () => expect.fail("the deployment must have been interrupted"),
            () => undefined,
        );
        expect(reservations()).to.deep.equal(["move.checkout.checkout"]);
        // The target holds what the scope adds in every dimension, not its rules alone.
        const held = kube.object("configmaps", "scope-ingress", reservationConfigMapName("us-east-1", "alb-p"))?.data;
        expect(JSON.parse((held as Record<string, string>)["move.checkout.checkout"]).usage).to.deep.equal({
            rules: 1,
            targetGroups: 1,
            certificates: 0,
            listeners: 1,
        });
        await scope.up(await newHost(), p);
        await expectServedThroughout(client, ["alb-a", "alb-p"]);
        expect(reservations()).to.deep.equal([]);
    });

    describe("preview (Diff)", () => {
        it("shows nothing for a scope that stays, and the pin and the move (no replace) for a scope that moves", async () => {
            const { scope, client } = await servedOnA();
            await client.stop();
            const host = await newHost();
            const assignment = scope.state.assignment!;
            const assignmentUrn = dynamicUrn("checkout-assignment");
            expect((await host.diff(assignment.id, assignmentUrn, assignment.outs, assignment.outs)).changes).to.equal(
                "none",
            );
            const pinned = { ...assignment.outs, pinnedBalancer: "alb-p" };
            expect(await host.diff(assignment.id, assignmentUrn, assignment.outs, pinned)).to.deep.equal({
                changes: "some",
                replaces: [],
            });
            const move = scope.state.move!;
            const cleanup = scope.state.cleanup!;
            const moveUrn = dynamicUrn("checkout-move");
            const cleanupUrn = dynamicUrn("checkout-cleanup");
            const staying = { ...move.outs, targetBalancer: "alb-a" };
            expect((await host.diff(move.id, moveUrn, move.outs, staying)).changes).to.equal("none");
            expect((await host.diff(cleanup.id, cleanupUrn, cleanup.outs, cleanup.outs)).changes).to.equal("none");
            const moving = { ...move.outs, targetBalancer: "alb-p", targetArn: p.arn };
            expect(await host.diff(move.id, moveUrn, move.outs, moving)).to.deep.equal({
                changes: "some",
                replaces: [],
            });
        });

        it("shows the cleanup of a move interrupted with its transit Ingress still there, and only that", async () => {
            const { scope, client } = await servedOnA();
            await scope.up(await newHost(), p, { killWhen: /ALB "alb-p" routes all/ }).then(
                () => expect.fail("the deployment must have been interrupted"),
                () => undefined,
            );
            await client.stop();
            const host = await newHost();
            const cleanup = scope.state.cleanup!;
            expect(
                (await host.diff(cleanup.id, dynamicUrn("checkout-cleanup"), cleanup.outs, cleanup.outs)).changes,
            ).to.equal("some");
        });
    });
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > deadline) {
            throw new Error("condition not met in time");
        }
        await new Promise(resolve => setTimeout(resolve, 20));
    }
}
