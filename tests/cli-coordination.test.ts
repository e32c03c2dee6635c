/** `capacity` and `place` with a coordination namespace: the built binary counts the cluster's Ingresses and reservations as the provider does, and fails as it does. */
import * as fs from "node:fs";
import { expect } from "chai";
import type { CapacityReport } from "../cli/capacity-report";
import type { PlacementPreview } from "../cli/placement-preview";
import { estimateIngressRules } from "../core/ingress-rule-estimate";
import { reservationConfigMapName, reservationLabels } from "../core/reservation-records";
import { runCli, useCliWorld } from "./support/cli-world";
import { RESOURCE_TYPES } from "./support/kubernetes-object-store";
import { KubernetesApiServer } from "./support/kubernetes-api-server";
import { scopeIngress } from "./support/scope-ingress-object";
import { useTempDirs } from "./support/temp-dirs";

const NAMESPACE = "scope-ingress";
const POOL = ["--balancers", "alb-a,alb-b,alb-c", "--region", "us-east-1"];

/** An Ingress of group `balancer` with one path per host, as ScopeIngress builds it. */
/** The widest line of `text`, in characters. */
function widest(text: string): number {
    return Math.max(...text.split("\n").map(line => [...line].length));
}

describe("scope-ingress capacity and place with --coordination-namespace (the built binary against moto and the Kubernetes stand-in)", function () {
    this.timeout(60_000);
    useCliWorld();
    const temp = useTempDirs("scope-ingress-cli-coordination-");
    let kube: KubernetesApiServer;
    /** What the cluster asks of alb-b: 8 hosts' Ingress, more than AWS's 5, estimated as the provider estimates it. */
    let clusterRules: number;

    before(async () => {
        kube = await KubernetesApiServer.start({ contextName: "cli-cluster" });
    });
    beforeEach(() => {
        kube.reset();
        const hosts = Array.from({ length: 8 }, (_, i) => `h${i}.apps.example.com`);
        const ingress = scopeIngress("apps", "checkout", "alb-b", hosts);
        clusterRules = estimateIngressRules(ingress as never);
        const seeded = kube.seed(ingress as never);
        // A create cannot set status (the API server clears it): write it through /status, as the controller does.
        kube.store.update(
            RESOURCE_TYPES.ingresses,
            "apps",
            "checkout",
            { ...seeded, status: { loadBalancer: { ingress: [{ hostname: "alb-b-1.us-east-1.elb.amazonaws.com" }] } } },
            "status",
        );
        const future = new Date(Date.now() + 600_000).toISOString();
        const past = new Date(Date.now() - 1_000).toISOString();
        kube.seed({
            apiVersion: "v1",
            kind: "ConfigMap",
            metadata: {
                name: reservationConfigMapName("us-east-1", "alb-b"),
                namespace: NAMESPACE,
                labels: reservationLabels("us-east-1", "alb-b"),
            },
            data: {
                // Counts: its Ingress is not in the cluster yet.
                pending: JSON.stringify({ rules: 30, ingress: { namespace: "apps", name: "cart" }, expiresAt: future }),
                // Does not count: its Ingress (checkout) is visible and counted as an Ingress.
                landed: JSON.stringify({
                    rules: 8,
                    ingress: { namespace: "apps", name: "checkout" },
                    expiresAt: future,
                }),
                // Does not count: its deployment died and the TTL passed.
                expired: JSON.stringify({ rules: 50, expiresAt: past }),
            },
        } as never);
    });
    after(async () => {
        await kube?.close();
    });

    const env = () => ({ KUBECONFIG: kube.kubeconfigPath });

    it("capacity --json counts max(AWS, cluster) + reservations in flight, gives the breakdown, and picks the next ALB on it", async () => {
        expect(clusterRules).to.be.above(5);
        const plain = await runCli(["capacity", ...POOL, "--json"], env());
        const before = JSON.parse(plain.stdout) as CapacityReport;
        expect(before.next, "AWS alone").to.equal("alb-b");
        expect(before.balancers[1]).to.not.have.property("awsRules");
        expect(kube.requests, "no cluster call without the namespace").to.deep.equal([]);

        const run = await runCli(["capacity", ...POOL, "--coordination-namespace", NAMESPACE, "--json"], env());
        expect(run.code, run.stderr).to.equal(0);
        const report = JSON.parse(run.stdout) as CapacityReport;
        expect(report.coordinationNamespace).to.equal(NAMESPACE);
        expect(report.balancers[1]).to.include({
            name: "alb-b",
            awsRules: 5,
            clusterRules,
            reservedRules: 30,
            rules: clusterRules + 30,
            room: 75 - clusterRules - 30,
        });
        expect(report.balancers[0]).to.include({ name: "alb-a", awsRules: 40, clusterRules: 0, reservedRules: 0 });
        expect(report.next).to.equal("alb-c");
    });

    it("capacity's table counts the combined load in 80 columns, and --wide shows AWS / cluster / reserved", async () => {
        const narrow = await runCli(["capacity", ...POOL, "--coordination-namespace", NAMESPACE], env());
        expect(narrow.code, narrow.stderr).to.equal(0);
        expect(widest(narrow.stdout), narrow.stdout).to.be.at.most(80);
        expect(narrow.stdout).to.contain(`reservations in flight in namespace ${NAMESPACE}`);
        expect(narrow.stdout).to.match(new RegExp(`alb-b\\s+│ ${clusterRules + 30}\\s`));
        const wide = await runCli(["capacity", ...POOL, "--coordination-namespace", NAMESPACE, "--wide"], env());
        expect(wide.stdout).to.match(/│ AWS\s+│ cluster\s+│ reserved\s+│ total/);
        expect(wide.stdout).to.match(
            new RegExp(`alb-b .*│ 5\\s+│ ${clusterRules}\\s+│ 30\\s+│ ${clusterRules + 30}\\s`),
        );
    });

    it("place simulates on the combined load, the namespace read from the stack's scope-ingress:coordinationNamespace", async () => {
        const stack = temp.write(
            "Pulumi.dev.yaml",
            `config:\n  aws:region: us-east-1\n  scope-ingress:coordinationNamespace: ${NAMESPACE}\n`,
        );
        const run = await runCli(
            ["place", "--stack-config", stack, "--balancers", "alb-a,alb-b,alb-c", "--scopes", "10", "--json"],
            env(),
        );
        expect(run.code, run.stderr).to.equal(0);
        const preview = JSON.parse(run.stdout) as PlacementPreview;
        expect(preview.coordinationNamespace).to.equal(NAMESPACE);
        const b = preview.placements.find(p => p.balancerName === "alb-b")!;
        expect(b.rulesBefore).to.equal(clusterRules + 30);
        // alb-c (30) is now the least loaded; on AWS's count alone (alb-b 5) all 10 would go to alb-b.
        expect(preview.placements.find(p => p.balancerName === "alb-c")!.scopes).to.be.above(0);
        expect(b.scopes).to.be.below(10);
    });

    it("refuses a namespace that is not a DNS label, under the flag's name", async () => {
        const run = await runCli(["capacity", ...POOL, "--coordination-namespace", "Not_A_Namespace"], env());
        expect(run.code).to.equal(1);
        expect(run.stderr).to.contain('--coordination-namespace: "Not_A_Namespace" must be lowercase');
    });

    it("exits 1 with the provider's message when the cluster forbids a read", async () => {
        kube.forbid("list", "configmaps");
        const run = await runCli(["capacity", ...POOL, "--coordination-namespace", NAMESPACE], env());
        expect(run.code).to.equal(1);
        expect(run.stdout).to.equal("");
        expect(run.stderr).to.contain(
            `coordinationNamespace "${NAMESPACE}": listing the reservation ConfigMaps of us-east-1 through the cluster of kubeconfig context "cli-cluster" failed: HTTP 403`,
        );
        expect(run.stderr).to.contain(
            `Grant "ci-deployer" the verb "list" on configmaps in the namespace "${NAMESPACE}"`,
        );
    });

    it("exits 1 naming the context when the cluster cannot be reached", async () => {
        const doomed = await KubernetesApiServer.start({ contextName: "doomed-cluster" });
        const kubeconfig = temp.write("kubeconfig", fs.readFileSync(doomed.kubeconfigPath, "utf8"));
        await doomed.close();
        const run = await runCli(["place", ...POOL, "--scopes", "1", "--coordination-namespace", NAMESPACE], {
            KUBECONFIG: kubeconfig,
        });
        expect(run.code).to.equal(1);
        expect(run.stderr).to.contain(
            'through the cluster of kubeconfig context "doomed-cluster" failed: cannot reach',
        );
        expect(run.stderr).to.contain("ECONNREFUSED");
    });
});
