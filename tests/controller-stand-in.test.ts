/** The Load Balancer Controller stand-in builds, moves and removes ALB rules in moto from the stand-in cluster's Ingresses. */
import {
    DescribeListenersCommand,
    DescribeLoadBalancersCommand,
    DescribeRulesCommand,
    DescribeTargetGroupsCommand,
    ElasticLoadBalancingV2Client,
    Rule,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { expect } from "chai";
import { IngressPath, buildIngressManifest } from "../components/ingress-manifest";
import { DEFAULT_LISTEN_PORTS, DEFAULT_SSL_REDIRECT_PORT } from "../core/pool-listeners";
import { useAwsWorld } from "./support/aws-world";
import { ControllerStandIn } from "./support/controller-stand-in";
import { KubernetesApiServer } from "./support/kubernetes-api-server";

type K8s = typeof import("@kubernetes/client-node");

const DELAY_MS = 400;

/** A scope's Ingress as ScopeIngress builds it (HTTPS 443, HTTP 80 redirecting), on `balancer`. */
function scopeIngress(
    name: string,
    balancer: string,
    hosts: string[],
    paths: IngressPath[],
    service = { name: "web", port: 80 },
) {
    return buildIngressManifest(
        {
            name,
            namespace: "apps",
            visibility: "internet-facing",
            hosts,
            paths,
            service,
            listenPorts: DEFAULT_LISTEN_PORTS,
            sslRedirectPort: DEFAULT_SSL_REDIRECT_PORT,
        },
        balancer,
    );
}

describe("Load Balancer Controller stand-in", function () {
    this.timeout(20_000);
    const world = useAwsWorld();
    let k8s: K8s;
    let kube: KubernetesApiServer;
    let networking: InstanceType<K8s["NetworkingV1Api"]>;
    let core: InstanceType<K8s["CoreV1Api"]>;
    let elb: ElasticLoadBalancingV2Client;
    let controller: ControllerStandIn;

    before(async () => {
        k8s = await import("@kubernetes/client-node");
        kube = await KubernetesApiServer.start();
        const config = new k8s.KubeConfig();
        config.loadFromFile(kube.kubeconfigPath);
        networking = config.makeApiClient(k8s.NetworkingV1Api);
        core = config.makeApiClient(k8s.CoreV1Api);
        elb = new ElasticLoadBalancingV2Client({ endpoint: world.moto.url, region: "us-east-1" });
    });
    beforeEach(() => {
        kube.reset();
        controller = new ControllerStandIn(kube, { motoUrl: world.moto.url, delayMs: DELAY_MS });
    });
    afterEach(async () => {
        await controller.stop();
    });
    after(async () => {
        await kube?.close();
    });

    /** Non-default rules of an ALB by listener port. */
    async function rulesByPort(balancer: string): Promise<Map<number, Rule[]>> {
        const lb = (await elb.send(new DescribeLoadBalancersCommand({ Names: [balancer] }))).LoadBalancers![0];
        const out = new Map<number, Rule[]>();
        for (const l of (await elb.send(new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn })))
            .Listeners ?? []) {
            const rules = (await elb.send(new DescribeRulesCommand({ ListenerArn: l.ListenerArn }))).Rules ?? [];
            out.set(
                l.Port!,
                rules.filter(r => !r.IsDefault),
            );
        }
        return out;
    }

    const ruleCount = async (balancer: string) =>
        [...(await rulesByPort(balancer)).values()].reduce((n, r) => n + r.length, 0);
    const conditions = (r: Rule) =>
        Object.fromEntries(
            (r.Conditions ?? []).map(c => [
                c.Field,
                c.HostHeaderConfig?.Values ?? c.PathPatternConfig?.Values ?? c.Values,
            ]),
        );

    it("builds the rules only after the delay: hosts × paths on HTTPS, none on the redirecting HTTP listener", async () => {
        await world.albs.createBalancer({ name: "alb-a" });
        const started = Date.now();
        await networking.createNamespacedIngress({
            namespace: "apps",
            body: scopeIngress(
                "checkout",
                "alb-a",
                ["checkout.apps.example.com", "pay.apps.example.com"],
                [
                    { path: "/api", pathType: "Prefix" },
                    { path: "/health", pathType: "Exact" },
                ],
            ),
        });
        await controller.reconcileOnce();
        expect(await ruleCount("alb-a")).to.equal(0);
        await controller.settled();
        expect(Date.now() - started).to.be.at.least(DELAY_MS);
        const byPort = await rulesByPort("alb-a");
        expect(byPort.get(80)).to.have.length(0);
        expect(byPort.get(443)).to.have.length(2 * 2);
        expect(byPort.get(443)!.map(conditions)).to.deep.include.members([
            { "host-header": ["checkout.apps.example.com"], "path-pattern": ["/health"] },
            { "host-header": ["checkout.apps.example.com"], "path-pattern": ["/api", "/api/*"] },
            { "host-header": ["pay.apps.example.com"], "path-pattern": ["/api", "/api/*"] },
        ]);
        const ing = await networking.readNamespacedIngress({ name: "checkout", namespace: "apps" });
        expect(ing.metadata?.finalizers).to.deep.equal(["group.ingress.k8s.aws/alb-a"]);
        expect(ing.status?.loadBalancer?.ingress?.[0].hostname).to.match(/^alb-a-/);
        expect(kube.writes()).to.equal(1);
    });

    it("puts rules on every listen port without ssl-redirect, with one target group per backend Service port, from its own loop", async () => {
        await world.albs.createBalancer({ name: "alb-a" });
        const web = scopeIngress(
            "web",
            "alb-a",
            ["web.apps.example.com"],
            [
                { path: "/", pathType: "Prefix" },
                { path: "/docs", pathType: "Prefix" },
            ],
        );
        const api = scopeIngress("api", "alb-a", ["api.apps.example.com"], [{ path: "/", pathType: "Prefix" }], {
            name: "api",
            port: 8080,
        });
        for (const ing of [web, api]) {
            delete ing.metadata.annotations["alb.ingress.kubernetes.io/ssl-redirect"];
            await networking.createNamespacedIngress({ namespace: "apps", body: ing });
        }
        controller.start();
        await controller.settled();
        const byPort = await rulesByPort("alb-a");
        expect(byPort.get(80)).to.have.length(3);
        expect(byPort.get(443)).to.have.length(3);
        const targetGroups = (await elb.send(new DescribeTargetGroupsCommand({}))).TargetGroups!.filter(t =>
            t.TargetGroupName!.startsWith("k8s-"),
        );
        expect(targetGroups.map(t => t.Port).sort()).to.deep.equal([80, 8080]);
        expect(targetGroups.every(t => t.TargetGroupName!.length <= 32)).to.equal(true);
    });

    it("removes a deleted Ingress's rules and target group, then releases its finalizer; the group's other rules stay", async () => {
        await world.albs.createBalancer({ name: "alb-a" });
        await networking.createNamespacedIngress({
            namespace: "apps",
            body: scopeIngress("one", "alb-a", ["one.apps.example.com"], [{ path: "/", pathType: "Prefix" }]),
        });
        await networking.createNamespacedIngress({
            namespace: "apps",
            body: scopeIngress("two", "alb-a", ["two.apps.example.com"], [{ path: "/", pathType: "Prefix" }], {
                name: "two",
                port: 80,
            }),
        });
        await controller.settled();
        const before = (await rulesByPort("alb-a")).get(443)!;
        expect(before).to.have.length(2);
        await networking.deleteNamespacedIngress({ name: "one", namespace: "apps" });
        // The finalizer holds the Ingress, visibly being deleted, until the controller has removed its rules.
        const held = await networking.readNamespacedIngress({ name: "one", namespace: "apps" });
        expect(held.metadata?.deletionTimestamp).to.be.instanceOf(Date);
        await controller.settled();
        const after = (await rulesByPort("alb-a")).get(443)!;
        expect(after.map(conditions)).to.deep.equal([
            { "host-header": ["two.apps.example.com"], "path-pattern": ["/*"] },
        ]);
        expect(after[0].RuleArn).to.equal(
            before.find(r => conditions(r)["host-header"]![0] === "two.apps.example.com")!.RuleArn,
        );
        expect(kube.object("ingresses", "apps", "one")).to.equal(undefined);
        const targetGroups = (await elb.send(new DescribeTargetGroupsCommand({}))).TargetGroups!.filter(t =>
            t.TargetGroupName!.startsWith("k8s-"),
        );
        expect(targetGroups).to.have.length(1);
    });

    it("moves an Ingress's rules when it leaves its group for another ALB", async () => {
        await world.albs.createBalancer({ name: "alb-a" });
        await world.albs.createBalancer({ name: "alb-b" });
        const ing = await networking.createNamespacedIngress({
            namespace: "apps",
            body: scopeIngress("cart", "alb-a", ["cart.apps.example.com"], [{ path: "/", pathType: "Prefix" }]),
        });
        await controller.settled();
        expect(await ruleCount("alb-a")).to.equal(1);
        const moved = scopeIngress("cart", "alb-b", ["cart.apps.example.com"], [{ path: "/", pathType: "Prefix" }]);
        const current = await networking.readNamespacedIngress({ name: "cart", namespace: "apps" });
        await networking.replaceNamespacedIngress({
            name: "cart",
            namespace: "apps",
            body: { ...current, metadata: { ...current.metadata, annotations: moved.metadata.annotations } },
        });
        await controller.settled();
        expect(await ruleCount("alb-a")).to.equal(0);
        expect(await ruleCount("alb-b")).to.equal(1);
        const after = await networking.readNamespacedIngress({ name: "cart", namespace: "apps" });
        expect(after.metadata?.finalizers).to.deep.equal(["group.ingress.k8s.aws/alb-b"]);
        expect(after.metadata?.uid).to.equal(ing.metadata?.uid);
    });

    it("fails an Ingress on request with a FailedDeployModel Event readable through client-node, and no rules; healed, it reconciles", async () => {
        await world.albs.createBalancer({ name: "alb-a" });
        controller.fail("apps", "checkout", "TooManyRules: A listener cannot have more than 100 rules");
        await networking.createNamespacedIngress({
            namespace: "apps",
            body: scopeIngress("checkout", "alb-a", ["checkout.apps.example.com"], [{ path: "/", pathType: "Prefix" }]),
        });
        await controller.settled();
        expect(await ruleCount("alb-a")).to.equal(0);
        const events = await core.listNamespacedEvent({
            namespace: "apps",
            fieldSelector: "involvedObject.kind=Ingress,involvedObject.name=checkout",
        });
        expect(events.items.map(e => [e.type, e.reason, e.message])).to.deep.equal([
            [
                "Warning",
                "FailedDeployModel",
                "Failed deploy model due to TooManyRules: A listener cannot have more than 100 rules",
            ],
        ]);
        expect(events.items[0].source?.component).to.equal("ingress");

        controller.heal("apps", "checkout");
        await controller.settled();
        expect(await ruleCount("alb-a")).to.equal(1);
        const reasons = (
            await core.listNamespacedEvent({ namespace: "apps", fieldSelector: "involvedObject.name=checkout" })
        ).items.map(e => e.reason);
        expect(reasons).to.have.members(["FailedDeployModel", "SuccessfullyReconciled"]);
    });

    it("keeps an Ingress whose ALB does not exist pending, and builds its rules once the ALB appears", async () => {
        await networking.createNamespacedIngress({
            namespace: "apps",
            body: scopeIngress("late", "alb-late", ["late.apps.example.com"], [{ path: "/", pathType: "Prefix" }]),
        });
        const waited = await controller.settled(DELAY_MS * 2).then(
            () => "settled",
            (err: Error) => err.message,
        );
        expect(waited).to.match(/still pending after \d+ ms: explicit\/alb-late/);
        await world.albs.createBalancer({ name: "alb-late" });
        await controller.settled();
        expect(await ruleCount("alb-late")).to.equal(1);
    });
});
