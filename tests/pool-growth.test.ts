/**
 * A full pool grows by one member at placement, agreed through the cluster: separate dynamic-provider hosts
 * (stacks), moto, the Kubernetes API server stand-in, and the controller stand-in building the grown ALB from
 * its anchor Ingress after a delay.
 */
import { expect } from "chai";
import {
    ANCHOR_ACTION,
    anchorIngress,
    GROWN_LABEL,
    PoolSettings,
    anchorIngressName,
    poolSettingsConfigMapName,
    POOL_SETTINGS_KEY,
} from "../core/pool-settings";
import { GROWTH_RECORD_KEY, growthConfigMapName } from "../core/pool-growth-record";
import { reservationConfigMapName } from "../core/reservation-records";
import {
    DescribeListenersCommand,
    DescribeLoadBalancersCommand,
    DescribeTagsCommand,
    ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { BalancerBuilding, ControllerStandIn } from "./support/controller-stand-in";
import { Stack, useFleet } from "./support/fleet-world";

const REGION = "us-east-1";
const NAMESPACE = "scope-ingress";
const ANCHORS = "scope-ingress-anchors";
const DECLARED = ["edge-1", "edge-2", "edge-3", "edge-4"];
const FAILURE = "AccessDenied: User is not authorized to perform: elasticloadbalancing:CreateLoadBalancer";

/** The settings pool "edge" publishes: members edge-<n>, at most `maxMembers`. */
function settings(maxMembers: number): PoolSettings {
    return {
        name: "edge",
        visibility: "internet-facing",
        region: REGION,
        namePrefix: "edge",
        maxMembers,
        members: DECLARED,
        draining: [],
        anchorNamespace: ANCHORS,
        ingressClassName: "alb",
        annotations: { "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP":80},{"HTTPS":443}]' },
    };
}

/** A scope's assignment inputs on pool "edge", as ScopeIngress passes them. */
function scopeInputs(stack: Stack, scope: string, maxMembers: number) {
    const pool = settings(maxMembers);
    return {
        region: REGION,
        visibility: "internet-facing",
        baseBalancer: DECLARED[0],
        additionalBalancers: DECLARED.slice(1),
        maxRules: 4,
        coordinationNamespace: NAMESPACE,
        ownIngress: { namespace: stack.name, name: scope },
        pool: {
            name: pool.name,
            visibility: pool.visibility,
            region: pool.region,
            namePrefix: pool.namePrefix,
            maxMembers,
            draining: [],
        },
    };
}

describe("a full pool grows by one member at placement (stacks in separate provider hosts, controller stand-in)", function () {
    this.timeout(120_000);
    const world = useFleet();
    let controller: ControllerStandIn;
    let building: BalancerBuilding;
    let elb: ElasticLoadBalancingV2Client;

    /** Publishes the pool's settings as the BalancerPool does, with room for `maxMembers`. */
    function publish(maxMembers: number, changes: Partial<PoolSettings> = {}): void {
        world.kube.seed({
            apiVersion: "v1",
            kind: "ConfigMap",
            metadata: { name: poolSettingsConfigMapName("edge"), namespace: NAMESPACE },
            data: { [POOL_SETTINGS_KEY]: JSON.stringify({ ...settings(maxMembers), ...changes }) },
        });
    }

    const growth = () => world.kube.object("configmaps", NAMESPACE, growthConfigMapName("edge"));
    const grownMembers = () =>
        (
            JSON.parse((growth()?.data as Record<string, string> | undefined)?.[GROWTH_RECORD_KEY] ?? '{"members":[]}')
                .members as { name: string }[]
        ).map(m => m.name);
    const reservations = (balancer: string) =>
        Object.keys(
            (world.kube.object("configmaps", NAMESPACE, reservationConfigMapName(REGION, balancer))?.data as object) ??
                {},
        );

    before(() => {
        elb = new ElasticLoadBalancingV2Client({ endpoint: world.moto.url, region: REGION });
    });
    beforeEach(async () => {
        // Four members, each at maxRules 4 already: no scope fits anywhere.
        for (const name of DECLARED) {
            await world.albs.createBalancer({ name, listeners: [{ port: 443, rules: 4 }] });
        }
        building = { states: world.proxy.balancerStates, provisioningMs: 600 };
        controller = new ControllerStandIn(world.kube, {
            motoUrl: world.moto.url,
            delayMs: 300,
            buildBalancers: building,
        });
        controller.start();
    });
    afterEach(async () => {
        await controller.stop();
    });

    it("grows member 5 when members 1-4 are full: anchor Ingress, ALB built by the controller with its listeners, scope placed there with source grown", async () => {
        publish(6);
        const [stack] = await world.stacks(1);
        const created = await stack.create("checkout", scopeInputs(stack, "checkout", 6));
        expect(created.outputs.balancerName).to.equal("edge-5");
        expect(created.outputs.source).to.equal("grown");
        expect(created.outputs.dnsName).to.be.a("string").and.not.equal("");
        expect(grownMembers()).to.deep.equal(["edge-5"]);
        expect(controller.balancersBuilt).to.deep.equal(["edge-5"]);
        expect(reservations("edge-5")).to.deep.equal([created.id]);

        const anchor = world.kube.object("ingresses", ANCHORS, anchorIngressName("edge-5"))!;
        expect(anchor.metadata.labels?.[GROWN_LABEL]).to.equal("true");
        expect(anchor.metadata.annotations?.["alb.ingress.kubernetes.io/group.name"]).to.equal("edge-5");
        expect((anchor.spec as { defaultBackend: { service: { name: string } } }).defaultBackend.service.name).to.equal(
            ANCHOR_ACTION,
        );

        // The ALB the controller built: the anchor's scheme, listeners on its listen ports, tagged with its group.
        const lb = (await elb.send(new DescribeLoadBalancersCommand({ Names: ["edge-5"] }))).LoadBalancers![0];
        expect(lb.Scheme).to.equal("internet-facing");
        const ports = (
            (await elb.send(new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn }))).Listeners ?? []
        )
            .map(l => l.Port)
            .sort();
        expect(ports).to.deep.equal([443, 80]);
        const tags = (await elb.send(new DescribeTagsCommand({ ResourceArns: [lb.LoadBalancerArn!] })))
            .TagDescriptions![0].Tags!;
        expect(tags).to.deep.include({ Key: "ingress.k8s.aws/stack", Value: "edge-5" });
        // The wait was reported while the ALB was provisioning.
        expect(stack.host.stderr).to.contain(
            'waiting up to 600 s for the Load Balancer Controller to make ALB "edge-5" active',
        );
        expect(stack.host.stderr).to.match(/ALB "edge-5" of pool "edge" is active after \d+ s/);
        // A grown scope's reservation is in the cluster, and its delete removes it (release treats grown as placed).
        await stack.delete(created);
        expect(reservations("edge-5")).to.deep.equal([]);
    });

    it("reserves what the scope adds to the grown member in every dimension, not its rules alone", async () => {
        publish(6);
        const [stack] = await world.stacks(1);
        const created = await stack.create("checkout", {
            ...scopeInputs(stack, "checkout", 6),
            scopeShape: {
                hosts: ["checkout.apps.example.com"],
                pathCount: 1,
                servicePorts: 3,
                listenPorts: [{ protocol: "HTTP", port: 80 }],
            },
        });
        expect(created.outputs.balancerName).to.equal("edge-5");
        const data = world.kube.object("configmaps", NAMESPACE, reservationConfigMapName(REGION, "edge-5"))
            ?.data as Record<string, string>;
        const reservation = JSON.parse(data[created.id]) as { usage?: Record<string, number> };
        // Three services are three target groups: a reservation of rules alone would count one.
        expect(reservation.usage).to.include({ rules: 1, targetGroups: 3 });
    });

    it("takes no new scope on a member the published settings mark draining: with every member draining, the pool grows", async () => {
        // Every member has room under maxRules 5, but the platform stack has marked them all draining since.
        publish(6, { draining: DECLARED });
        const [stack] = await world.stacks(1);
        const created = await stack.create("checkout", { ...scopeInputs(stack, "checkout", 6), maxRules: 5 });
        expect(created.outputs.balancerName).to.equal("edge-5");
        expect(created.outputs.source).to.equal("grown");
        for (const name of DECLARED) {
            expect(reservations(name), name).to.deep.equal([]);
        }
    });

    it("waits for a member the platform stack is still building instead of growing another, and does not call it grown", async () => {
        // The platform stack added edge-5 to the pool and created its anchor; the controller is still building it.
        building.provisioningMs = 5000;
        publish(6, { members: [...DECLARED, "edge-5"] });
        world.kube.seed({
            apiVersion: "networking.k8s.io/v1",
            kind: "Ingress",
            ...anchorIngress(settings(6), "edge-5", false),
        });
        const [stack] = await world.stacks(1);
        const created = await stack.create("checkout", scopeInputs(stack, "checkout", 6));
        expect(created.outputs.balancerName).to.equal("edge-5");
        expect(created.outputs.source).to.equal("least-loaded");
        expect(stack.host.stderr, "it waited for edge-5").to.contain(
            'pool "edge" is full but has a member being built: waiting up to 600 s',
        );
        expect(growth(), "nothing claimed").to.equal(undefined);
        const anchor = world.kube.object("ingresses", ANCHORS, anchorIngressName("edge-5"))!;
        expect(anchor.metadata.labels?.[GROWN_LABEL], "the platform's anchor, untouched").to.equal(undefined);
    });

    it("3 stacks hitting the full pool at once create exactly one new member and all place on it within capacity", async () => {
        publish(8);
        const stacks = await world.stacks(3);
        const created = await Promise.all(stacks.map(s => s.create("scope", scopeInputs(s, "scope", 8))));
        expect(created.map(c => c.outputs.balancerName)).to.deep.equal(["edge-5", "edge-5", "edge-5"]);
        expect(created.map(c => c.outputs.source)).to.deep.equal(["grown", "grown", "grown"]);
        // Every stack found the pool full and waited for edge-5: one member served the three needs.
        for (const s of stacks) {
            expect(s.host.stderr).to.contain('make ALB "edge-5" active');
        }
        expect(grownMembers(), "one member claimed").to.deep.equal(["edge-5"]);
        expect(controller.balancersBuilt, "one ALB built").to.deep.equal(["edge-5"]);
        expect(world.kube.objects("ingresses", ANCHORS)).to.have.length(1);
        // Three reservations of one rule each on an empty member of maxRules 4.
        expect(reservations("edge-5").sort()).to.deep.equal(created.map(c => c.id).sort());
        const edge6 = await elb
            .send(new DescribeLoadBalancersCommand({}))
            .then(r => r.LoadBalancers!.map(l => l.LoadBalancerName));
        expect(edge6).to.not.include("edge-6");
    });

    it("counts the winner's reservation on the new member: 3 stacks needing 2 rules each on members of maxRules 4 fill edge-5 with two and grow edge-6 for the third", async () => {
        publish(8);
        const stacks = await world.stacks(3);
        const created = await Promise.all(
            stacks.map(s => s.create("scope", { ...scopeInputs(s, "scope", 8), expectedRules: 2 })),
        );
        const placed = created.map(c => c.outputs.balancerName as string).sort();
        expect(placed).to.deep.equal(["edge-5", "edge-5", "edge-6"]);
        expect(created.map(c => c.outputs.source)).to.deep.equal(["grown", "grown", "grown"]);
        // One member per need: edge-5 for the first two, edge-6 only once edge-5 was full.
        expect(grownMembers()).to.deep.equal(["edge-5", "edge-6"]);
        expect(controller.balancersBuilt).to.deep.equal(["edge-5", "edge-6"]);
        expect(reservations("edge-5")).to.have.length(2);
        expect(reservations("edge-6")).to.have.length(1);
    });

    it("at the maximum, the capacity error says the pool cannot grow, names maxMembers and how to raise it; nothing is claimed or built", async () => {
        publish(4);
        const [stack] = await world.stacks(1);
        const failure = await stack.create("checkout", scopeInputs(stack, "checkout", 4)).then(
            () => undefined,
            (err: Error) => err.message,
        );
        expect(failure).to.contain(
            "No ALB in the internet-facing pool has room for 1 more listener rule(s) under maxRules 4",
        );
        expect(failure).to.contain(
            'Pool "edge" cannot grow: it has reached its maximum of 4 members (maxMembers 4: edge-1, edge-2, edge-3, edge-4)',
        );
        expect(failure).to.contain('Raise maxMembers on the BalancerPool "edge"');
        expect(growth()).to.equal(undefined);
        expect(world.kube.objects("ingresses", ANCHORS)).to.deep.equal([]);
    });

    it("when the controller never builds the ALB: the error carries the anchor's Events, the reservation is gone, and the retry waits for the same member", async () => {
        publish(6);
        building.failWith = FAILURE;
        const [stack] = await world.stacks(1, { SCOPE_INGRESS_POOL_GROWTH_TIMEOUT_SECONDS: "2" });
        const attempt = () =>
            stack.create("checkout", scopeInputs(stack, "checkout", 6)).then(
                created => created,
                (err: Error) => err.message,
            );
        const first = await attempt();
        expect(first).to.be.a("string");
        expect(first).to.contain(
            'pool "edge" grew by member "edge-5", but the Load Balancer Controller did not make its ALB active within 2 s',
        );
        expect(first).to.contain("SCOPE_INGRESS_POOL_GROWTH_TIMEOUT_SECONDS");
        expect(first).to.contain(
            `Events of its anchor Ingress ${ANCHORS}/${anchorIngressName("edge-5")}: Warning FailedDeployModel`,
        );
        expect(first).to.contain(FAILURE);
        expect(reservations("edge-5"), "the scope's reservation was removed").to.deep.equal([]);
        expect(grownMembers(), "the claim stays").to.deep.equal(["edge-5"]);
        expect(world.kube.object("ingresses", ANCHORS, anchorIngressName("edge-5")), "the anchor stays").to.not.equal(
            undefined,
        );

        // The retry waits for the same member (no edge-6), and fails the same way while the controller cannot build it.
        const second = await attempt();
        expect(second).to.contain(
            'grew by member "edge-5", but the Load Balancer Controller did not make its ALB active',
        );
        expect(grownMembers()).to.deep.equal(["edge-5"]);
        expect(world.kube.objects("ingresses", ANCHORS)).to.have.length(1);
        expect(Object.keys(world.kube.objects("configmaps", NAMESPACE).map(c => c.metadata.name))).to.not.include(
            reservationConfigMapName(REGION, "edge-6"),
        );

        // Once the controller can build it, the next attempt lands there.
        building.failWith = undefined;
        const third = await attempt();
        expect(typeof third === "object" && third.outputs.balancerName).to.equal("edge-5");
        expect(typeof third === "object" && third.outputs.source).to.equal("grown");
        expect(grownMembers()).to.deep.equal(["edge-5"]);
        expect(controller.balancersBuilt).to.deep.equal(["edge-5"]);
    });
});
