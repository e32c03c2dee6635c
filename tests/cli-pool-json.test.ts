/** `capacity` and `place` with `--pool-json`: the built binary reads a BalancerPool's reference, leaves draining members out, and lists their scopes. */
import { expect } from "chai";
import type { CapacityReport } from "../cli/capacity-report";
import type { DrainingMember } from "../cli/draining-scopes";
import type { PlacementPreview } from "../cli/placement-preview";
import type { PoolReference } from "../core/pool-settings";
import { runCli, useCliWorld } from "./support/cli-world";
import { KubernetesApiServer } from "./support/kubernetes-api-server";
import { scopeIngress } from "./support/scope-ingress-object";
import { useTempDirs } from "./support/temp-dirs";

const NAMESPACE = "scope-ingress";

/** A reference as BalancerPool exports it, over the CLI world's three internet-facing ALBs. */
const REFERENCE: PoolReference = {
    base: "alb-a",
    additional: ["alb-b", "alb-c"],
    maxRules: 60,
    listenPorts: [{ HTTP: 80 }, { HTTPS: 443 }],
    sslRedirect: 443,
    coordinationNamespace: NAMESPACE,
    pool: {
        name: "public",
        visibility: "internet-facing",
        region: "us-east-1",
        maxMembers: 3,
        draining: ["alb-b"],
    },
};

describe("scope-ingress capacity and place with --pool-json (the built binary against moto and the Kubernetes stand-in)", function () {
    this.timeout(60_000);
    useCliWorld();
    const temp = useTempDirs("scope-ingress-cli-pool-json-");
    let kube: KubernetesApiServer;

    before(async () => {
        kube = await KubernetesApiServer.start({ contextName: "pool-cluster" });
    });
    beforeEach(() => kube.reset());
    after(async () => {
        await kube?.close();
    });

    const env = () => ({ KUBECONFIG: kube.kubeconfigPath });

    it("capacity judges only the members that are not draining, with the reference's limit, and lists the draining member's scopes", async () => {
        kube.seed(scopeIngress("apps", "checkout", "alb-b", ["checkout.apps.example.com"]) as never);
        kube.seed(scopeIngress("shop", "cart", "alb-b", ["cart.apps.example.com"]) as never);
        const file = temp.write("pool.json", JSON.stringify(REFERENCE));
        const run = await runCli(["capacity", "--pool-json", file, "--json"], env());
        expect(run.code, run.stderr).to.equal(0);
        const report = JSON.parse(run.stdout) as CapacityReport & { draining: DrainingMember[] };
        expect(report.balancers.map(b => b.name)).to.deep.equal(["alb-a", "alb-c"]);
        expect(report.maxRules).to.equal(60);
        expect(report.coordinationNamespace).to.equal(NAMESPACE);
        // alb-b has the fewest rules (5) but is draining: alb-c (30) is next.
        expect(report.next).to.equal("alb-c");
        expect(report.draining).to.deep.equal([{ balancerName: "alb-b", scopes: ["apps/checkout", "shop/cart"] }]);

        const table = await runCli(["capacity", "--pool-json", file], env());
        expect(table.stdout).to.contain(
            "Draining alb-b (takes no new scope): 2 scope(s) to move: apps/checkout, shop/cart",
        );
    });

    it("place never places on a draining member", async () => {
        const file = temp.write("pool.json", JSON.stringify(REFERENCE));
        const run = await runCli(["place", "--pool-json", file, "--scopes", "3", "--json"], env());
        expect(run.code, run.stderr).to.equal(0);
        const preview = JSON.parse(run.stdout) as PlacementPreview;
        expect(preview.placements.map(p => p.balancerName)).to.not.include("alb-b");
    });

    it("judges by the reference's every threshold, a flag overriding the reference's", async () => {
        // Shares resolve against the account's limits (moto: AWS's defaults, 100 rules and 25 certificates).
        const thresholds = { maxRules: "80%", maxTargetGroups: 50, maxCertificates: "40%", maxListeners: 20 } as const;
        const file = temp.write("pool.json", JSON.stringify({ ...REFERENCE, ...thresholds }));
        const run = await runCli(["capacity", "--pool-json", file, "--json"], env());
        expect(run.code, run.stderr).to.equal(0);
        expect(JSON.parse(run.stdout)).to.deep.include({
            maxRules: 80,
            thresholds: { rules: 80, targetGroups: 50, certificates: 10, listeners: 20 },
        });
        const flags = ["--max-rules", "70", "--max-target-groups", "90", "--max-certificates", "12"];
        const overridden = await runCli(["capacity", "--pool-json", file, ...flags, "--json"], env());
        expect(overridden.code, overridden.stderr).to.equal(0);
        expect(JSON.parse(overridden.stdout).thresholds).to.deep.equal({
            rules: 70,
            targetGroups: 90,
            certificates: 12,
            listeners: 20,
        });
        // A bad threshold in the file is named as the reference's field, not as a flag that was not typed.
        const bad = temp.write("bad-thresholds.json", JSON.stringify({ ...REFERENCE, maxListeners: "lots" }));
        const badRun = await runCli(["capacity", "--pool-json", bad], env());
        expect(badRun.code).to.equal(1);
        expect(badRun.stderr).to.contain('--pool-json maxListeners: "lots" is not a whole percentage');
    });

    it("refuses --pool-json with --balancers, a file that is not a reference, and a pool with bad members, naming each", async () => {
        const file = temp.write("pool.json", JSON.stringify(REFERENCE));
        const both = await runCli(["capacity", "--pool-json", file, "--balancers", "alb-a"], env());
        expect(both.code).to.equal(1);
        expect(both.stderr).to.contain('--balancers: "alb-a" cannot be given with --pool-json');
        const notReference = await runCli(["capacity", "--pool-json", temp.write("x.json", '{"base":"alb-a"}')], env());
        expect(notReference.code).to.equal(1);
        expect(notReference.stderr).to.contain('is not a BalancerPool reference (no "pool" object)');
        const bad = temp.write(
            "bad.json",
            JSON.stringify({ ...REFERENCE, additional: ["alb b"], pool: { ...REFERENCE.pool, visibility: "public" } }),
        );
        const badRun = await runCli(["capacity", "--pool-json", bad], env());
        expect(badRun.code).to.equal(1);
        expect(badRun.stderr).to.contain('balancers.additional[0]: "alb b" is not a valid ALB name');
        expect(badRun.stderr).to.contain('balancers.pool.visibility: "public" is not a visibility');
    });
});
