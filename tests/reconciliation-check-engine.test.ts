/**
 * The reconciliation check through @pulumi/pulumi's real dynamic-provider host, against moto, the Kubernetes API
 * server stand-in and the controller stand-in: it waits for a slow controller, fails with the controller's Events,
 * and a whole ScopeIngress deployment writes its Route53 records only once the ALB routes the scope.
 */
import { ListResourceRecordSetsCommand, Route53Client } from "@aws-sdk/client-route-53";
import { expect } from "chai";
import { buildIngressManifest } from "../components/ingress-manifest";
import { DEFAULT_LISTEN_PORTS, DEFAULT_SSL_REDIRECT_PORT } from "../core/pool-listeners";
import { AWS_TEST_ENV } from "./support/aws-test-env";
import { useAwsWorld } from "./support/aws-world";
import { ControllerStandIn } from "./support/controller-stand-in";
import { DynamicProviderHost, dynamicUrn } from "./support/dynamic-provider-host";
import { KubernetesApiServer } from "./support/kubernetes-api-server";
import { captureCheckProvider } from "./support/serialized-provider";
import { ScopeDeployment, deployScope } from "./support/scope-deployment";

type K8s = typeof import("@kubernetes/client-node");

const HOST = "checkout.apps.example.com";
const PATHS = [
    { path: "/api", pathType: "Prefix" as const },
    { path: "/health", pathType: "Exact" as const },
];

describe("reconciliation check (engine protocol)", function () {
    this.timeout(60_000);
    const world = useAwsWorld();
    let k8s: K8s;
    let kube: KubernetesApiServer;
    let controller: ControllerStandIn | undefined;
    let host: DynamicProviderHost;
    let provider: string;

    before(async () => {
        k8s = await import("@kubernetes/client-node");
        kube = await KubernetesApiServer.start();
        provider = await captureCheckProvider();
    });
    beforeEach(async () => {
        kube.reset();
        host = await DynamicProviderHost.start({
            ...AWS_TEST_ENV,
            AWS_ENDPOINT_URL: world.proxy.url,
            KUBECONFIG: kube.kubeconfigPath,
            SCOPE_INGRESS_KUBERNETES_TIMEOUT_SECONDS: "5",
        });
    });
    afterEach(async () => {
        await controller?.stop();
        controller = undefined;
        await host.stop();
    });
    after(async () => {
        await kube?.close();
    });

    function startController(delayMs: number): ControllerStandIn {
        controller = new ControllerStandIn(kube, { motoUrl: world.moto.url, delayMs });
        controller.start();
        return controller;
    }

    async function applyIngress(name: string, balancer: string): Promise<void> {
        const config = new k8s.KubeConfig();
        config.loadFromFile(kube.kubeconfigPath);
        await config.makeApiClient(k8s.NetworkingV1Api).createNamespacedIngress({
            namespace: "checkout",
            body: buildIngressManifest(
                {
                    name,
                    namespace: "checkout",
                    visibility: "internet-facing",
                    hosts: [HOST],
                    paths: PATHS,
                    service: { name: "checkout", port: 8080 },
                    listenPorts: DEFAULT_LISTEN_PORTS,
                    sslRedirectPort: DEFAULT_SSL_REDIRECT_PORT,
                },
                balancer,
            ),
        });
    }

    async function createCheck(name: string, loadBalancerArn: string, timeoutSeconds: number) {
        const urn = dynamicUrn(`${name}-reconciliation`);
        const inputs = {
            __provider: provider,
            region: "us-east-1",
            balancerName: "alb-a",
            loadBalancerArn,
            hosts: [HOST],
            paths: PATHS,
            rulePorts: [443],
            ingress: { namespace: "checkout", name },
            timeoutSeconds,
        };
        const checked = await host.check(urn, {}, inputs);
        expect(checked.failures).to.deep.equal([]);
        return host.create(urn, checked.inputs);
    }

    it("waits for a slow controller (2.5 s), logging its progress, then succeeds once every host and path is routed", async () => {
        const alb = await world.albs.createBalancer({ name: "alb-a" });
        startController(2_500);
        const started = Date.now();
        await applyIngress("checkout", "alb-a");
        const created = await createCheck("checkout", alb.arn, 30);
        expect(Date.now() - started).to.be.at.least(2_500);
        expect(created.properties.waitedSeconds).to.be.at.least(2);
        expect(created.properties.balancerName).to.equal("alb-a");
        expect(host.stderr).to.match(
            /waiting for ALB "alb-a" to route Ingress checkout\/checkout: \d+ route\(s\) missing/,
        );
        expect(host.stderr).to.contain('ALB "alb-a" routes all 2 host/path pair(s) of Ingress checkout/checkout');
    });

    it("fails within its timeout with the controller's FailedDeployModel TooManyRules Event and what to do, when the rules never come", async () => {
        const alb = await world.albs.createBalancer({ name: "alb-a" });
        const stand = startController(200);
        stand.fail("checkout", "checkout", "TooManyRules: A listener can't have more than 100 rules");
        await applyIngress("checkout", "alb-a");
        const started = Date.now();
        const failure = await createCheck("checkout", alb.arn, 3).then(
            () => undefined,
            (err: Error) => err,
        );
        const elapsed = Date.now() - started;
        expect(failure, "the create must fail").to.be.instanceOf(Error);
        expect(elapsed).to.be.at.least(2_500).and.below(10_000);
        const message = failure!.message;
        expect(message).to.contain('ALB "alb-a" does not route Ingress checkout/checkout after 3 s');
        expect(message).to.contain(`no listener rule for ${HOST} /api (Prefix) on port 443`);
        expect(message).to.match(
            /Warning FailedDeployModel( \(x\d+\))?: Failed deploy model due to TooManyRules: A listener can't have more than 100 rules/,
        );
        expect(message).to.contain("What to do:");
        expect(message).to.contain("reconciliation.timeoutSeconds");
    });

    it("says the controller never acted when the Ingress has no Events at all", async () => {
        const alb = await world.albs.createBalancer({ name: "alb-a" });
        await applyIngress("checkout", "alb-a");
        const failure = await createCheck("checkout", alb.arn, 1).then(
            () => undefined,
            (err: Error) => err,
        );
        expect(failure?.message).to.contain("The cluster has no Events for Ingress checkout/checkout");
    });

    describe("a whole ScopeIngress deployment, in the order the SDK registers it", () => {
        let zoneId: string;
        let deployment: ScopeDeployment;

        afterEach(() => deployment?.dispose());

        async function aliasesInZone(): Promise<string[]> {
            const route53 = new Route53Client({ endpoint: world.moto.url, region: "us-east-1" });
            const sets = await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
            return (sets.ResourceRecordSets ?? []).filter(r => r.AliasTarget).map(r => r.Name!.replace(/\.$/, ""));
        }

        it("writes the records only after the ALB routes the scope (slow controller), and never when the controller fails", async () => {
            const alb = await world.albs.createBalancer({ name: "alb-a" });
            startController(2_000);
            deployment = await deployScope({
                world,
                kube,
                host,
                provider,
                balancer: alb,
                name: "checkout",
                hosts: [HOST],
                paths: PATHS,
            });
            zoneId = deployment.zoneId;
            const result = await deployment.run({ timeoutSeconds: 20 });
            expect(result.error).to.equal(undefined);
            const record = result.writes.find(w => w.kind === "record")!;
            const check = result.writes.find(w => w.kind === "check")!;
            expect(record.at).to.be.at.least(check.at);
            // At the moment the record was written the ALB already routed the host.
            expect(record.routedWhenWritten).to.equal(true);
            expect(await aliasesInZone()).to.deep.equal([HOST]);
        });

        it("leaves DNS untouched when the check fails", async () => {
            const alb = await world.albs.createBalancer({ name: "alb-a" });
            const stand = startController(200);
            stand.fail("checkout", "checkout", "TooManyRules: A listener can't have more than 100 rules");
            deployment = await deployScope({
                world,
                kube,
                host,
                provider,
                balancer: alb,
                name: "checkout",
                hosts: [HOST],
                paths: PATHS,
            });
            zoneId = deployment.zoneId;
            const result = await deployment.run({ timeoutSeconds: 2 });
            expect(result.error?.message).to.contain("TooManyRules");
            expect(result.writes.map(w => w.kind)).to.not.include("record");
            expect(await aliasesInZone()).to.deep.equal([]);
        });
    });
});
