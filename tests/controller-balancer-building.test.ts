/** The controller stand-in builds the ALB of a group that has none (a pool member's anchor), or fails it with Events. */
import {
    DescribeListenersCommand,
    DescribeLoadBalancersCommand,
    DescribeTagsCommand,
    ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { expect } from "chai";
import { PoolSettings, anchorIngress } from "../core/pool-settings";
import { useAwsWorld } from "./support/aws-world";
import { BalancerBuilding, ControllerStandIn } from "./support/controller-stand-in";
import { KubernetesApiServer } from "./support/kubernetes-api-server";

const DELAY_MS = 300;
const SETTINGS: PoolSettings = {
    name: "edge",
    visibility: "internal",
    region: "us-east-1",
    namePrefix: "edge",
    maxMembers: 3,
    members: ["edge-1"],
    draining: [],
    anchorNamespace: "anchors",
    ingressClassName: "alb",
    annotations: { "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP":80},{"HTTPS":443},{"HTTPS":8443}]' },
};

describe("Load Balancer Controller stand-in building ALBs", function () {
    this.timeout(20_000);
    const world = useAwsWorld();
    let kube: KubernetesApiServer;
    let elb: ElasticLoadBalancingV2Client;
    let controller: ControllerStandIn | undefined;

    before(async () => {
        kube = await KubernetesApiServer.start();
        elb = new ElasticLoadBalancingV2Client({ endpoint: world.proxy.url, region: "us-east-1" });
    });
    beforeEach(() => kube.reset());
    afterEach(async () => {
        await controller?.stop();
    });
    after(async () => {
        await kube?.close();
    });

    const balancerNames = async () =>
        ((await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? []).map(lb => lb.LoadBalancerName);

    it("builds an anchor's ALB after the delay: its scheme, a listener per listen port, the group's stack tag, provisioning then active", async () => {
        const building: BalancerBuilding = { states: world.proxy.balancerStates, provisioningMs: 500 };
        controller = new ControllerStandIn(kube, {
            motoUrl: world.moto.url,
            delayMs: DELAY_MS,
            buildBalancers: building,
        });
        kube.seed({ apiVersion: "networking.k8s.io/v1", kind: "Ingress", ...anchorIngress(SETTINGS, "edge-2", true) });
        await controller.reconcileOnce();
        expect(await balancerNames(), "not before the delay").to.deep.equal([]);
        await controller.settled();
        expect(controller.balancersBuilt).to.deep.equal(["edge-2"]);
        const lb = (await elb.send(new DescribeLoadBalancersCommand({ Names: ["edge-2"] }))).LoadBalancers![0];
        expect(lb.Scheme).to.equal("internal");
        expect(lb.State?.Code).to.equal("provisioning");
        const listeners = (await elb.send(new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn })))
            .Listeners!;
        expect(listeners.map(l => `${l.Protocol}:${l.Port}`).sort()).to.deep.equal([
            "HTTP:80",
            "HTTPS:443",
            "HTTPS:8443",
        ]);
        const tags = (await elb.send(new DescribeTagsCommand({ ResourceArns: [lb.LoadBalancerArn!] })))
            .TagDescriptions![0].Tags!;
        expect(tags).to.deep.include({ Key: "ingress.k8s.aws/stack", Value: "edge-2" });
        expect(tags).to.deep.include({ Key: "elbv2.k8s.aws/cluster", Value: "stand-in" });
        // Reconciled like any member: the anchor gets the ALB's address and a success Event.
        const anchor = kube.object("ingresses", "anchors", "scope-ingress-anchor-edge-2")!;
        expect(JSON.stringify(anchor.status)).to.contain(lb.DNSName!);
        await new Promise(r => setTimeout(r, 600));
        const later = (await elb.send(new DescribeLoadBalancersCommand({ Names: ["edge-2"] }))).LoadBalancers![0];
        expect(later.State?.Code).to.equal("active");
    });

    it("with failWith, never builds it and records FailedDeployModel on the anchor after each delay instead", async () => {
        controller = new ControllerStandIn(kube, {
            motoUrl: world.moto.url,
            delayMs: DELAY_MS,
            buildBalancers: {
                failWith: "AccessDenied: not authorized to perform elasticloadbalancing:CreateLoadBalancer",
            },
        });
        kube.seed({ apiVersion: "networking.k8s.io/v1", kind: "Ingress", ...anchorIngress(SETTINGS, "edge-2", true) });
        controller.start();
        await new Promise(r => setTimeout(r, DELAY_MS * 3.5));
        expect(await balancerNames()).to.deep.equal([]);
        const events = kube.objects("events", "anchors");
        expect(events).to.have.length(1);
        expect(events[0].reason).to.equal("FailedDeployModel");
        expect(events[0].message).to.equal(
            "Failed deploy model due to AccessDenied: not authorized to perform elasticloadbalancing:CreateLoadBalancer",
        );
        expect(events[0].count as number).to.be.at.least(2);
    });
});
