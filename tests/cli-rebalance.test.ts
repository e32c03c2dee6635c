/** `scope-ingress rebalance`, the built binary against moto and the Kubernetes stand-in: the plan's table and --json, drains, exit statuses, help. */
import { expect } from "chai";
import type { RebalanceReport } from "../cli/rebalance-report";
import { ALB_ANNOTATIONS } from "../core/alb-annotations";
import { estimateIngressRules } from "../core/ingress-rule-estimate";
import { reservationConfigMapName, reservationLabels } from "../core/reservation-records";
import { useAwsWorld } from "./support/aws-world";
import { runCli, useCliWorld } from "./support/cli-world";
import { KubernetesApiServer } from "./support/kubernetes-api-server";
import { RESOURCE_TYPES } from "./support/kubernetes-object-store";
import { scopeIngress } from "./support/scope-ingress-object";

const POOL = ["--balancers", "alb-a,alb-b,alb-c", "--region", "us-east-1"];

/** The widest line of `text`, in characters. */
function widest(text: string): number {
    return Math.max(...text.split("\n").map(line => [...line].length));
}

/** `text` with every run of white space as one space: wrapped prose read as one line. */
function flat(text: string): string {
    return text.replace(/\s+/g, " ");
}

/** The cells of the table rows whose first cell is `first`, trimmed. */
function row(stdout: string, first: string): string[] {
    const line = stdout.split("\n").find(l => l.split("│")[1]?.trim() === first);
    expect(line, `a row for ${first} in:\n${stdout}`).to.be.a("string");
    return line!
        .split("│")
        .slice(1, -1)
        .map(c => c.trim());
}

/** Seeds a scope's Ingress as ScopeIngress writes it, reconciled by the controller (its rules are in AWS's count). */
function seedReconciledScope(
    kube: KubernetesApiServer,
    namespace: string,
    name: string,
    balancer: string,
    hosts: string[],
): void {
    const seeded = kube.seed(scopeIngress(namespace, name, balancer, hosts) as never);
    kube.store.update(
        RESOURCE_TYPES.ingresses,
        namespace,
        name,
        {
            ...seeded,
            status: { loadBalancer: { ingress: [{ hostname: `${balancer}-1.us-east-1.elb.amazonaws.com` }] } },
        },
        "status",
    );
}

describe("scope-ingress rebalance (the built binary against moto and the Kubernetes stand-in)", function () {
    this.timeout(60_000);
    useCliWorld();
    let kube: KubernetesApiServer;
    /** Hosts of each seeded scope, by name: each host is one rule (HTTPS only, HTTP redirects). */
    const hosts: Record<string, string[]> = {};

    /** A scope's Ingress as ScopeIngress writes it, reconciled by the controller (its rules are in AWS's count). */
    function seedScope(namespace: string, name: string, balancer: string, count: number): void {
        hosts[name] = Array.from({ length: count }, (_, i) => `${name}-${i}.apps.example.com`);
        seedReconciledScope(kube, namespace, name, balancer, hosts[name]);
    }

    before(async () => {
        kube = await KubernetesApiServer.start({ contextName: "rebalance-cluster" });
    });
    /**
     * AWS counts alb-a 40, alb-b 5, alb-c 30 rules. alb-a holds the scopes big (12 hosts), m1 and m2 (8 each) and
     * small (4): 32 rules, so 8 belong to no scope; alb-c holds c1 (10). Mean 25; with tolerance 5, alb-a must
     * shed at least 10 rules and alb-b gain 15: no single scope does both, two do.
     */
    beforeEach(() => {
        kube.reset();
        seedScope("apps", "big", "alb-a", 12);
        seedScope("apps", "m1", "alb-a", 8);
        seedScope("shop", "m2", "alb-a", 8);
        seedScope("shop", "small", "alb-a", 4);
        seedScope("apps", "c1", "alb-c", 10);
    });
    after(async () => {
        await kube?.close();
    });
    const env = () => ({ KUBECONFIG: kube.kubeconfigPath });

    it("--json plans the fewest moves for a skewed pool, each with its hostnames and the pinnedBalancer to set", async () => {
        expect(estimateIngressRules(scopeIngress("apps", "x", "alb-a", hosts.big) as never)).to.equal(12);
        const run = await runCli(["rebalance", ...POOL, "--json"], env());
        expect(run.code, run.stderr).to.equal(0);
        const report = JSON.parse(run.stdout) as RebalanceReport;
        expect(report).to.include({
            goal: "balance",
            reached: true,
            method: "exact",
            fewestPossible: 2,
            meanRules: 25,
            tolerance: 5,
        });
        // No single move evens the pool (alb-a must shed 10 and alb-b gain 15), so two is the fewest.
        expect(report.moves).to.have.length(2);
        const after = new Map([
            ["alb-a", 40],
            ["alb-b", 5],
            ["alb-c", 30],
        ]);
        // Target groups as placement counts them: max(AWS, the group's reconciled Ingresses). AWS counts one on each
        // ALB (the fixture's rules all forward to one shared target group); alb-a's four scopes have one each.
        const targetGroups = new Map([
            ["alb-a", 4],
            ["alb-b", 1],
            ["alb-c", 1],
        ]);
        for (const [i, move] of report.moves.entries()) {
            expect(move).to.include({ step: i + 1, pinnedBalancer: move.to });
            expect(move.hostnames).to.deep.equal(hosts[move.name]);
            // Each scope's Ingress: one rule per host, one target group (its one backend Service port), and no
            // certificate: ACM's *.apps.example.com covers its hosts and is on every ALB's HTTPS listener already
            // (without ACM each host would count as one).
            expect(move.usage).to.include({ rules: hosts[move.name].length, targetGroups: 1, certificates: 0 });
            after.set(move.from, after.get(move.from)! - move.usage.rules);
            after.set(move.to, after.get(move.to)! + move.usage.rules);
            targetGroups.set(move.from, targetGroups.get(move.from)! - 1);
            targetGroups.set(move.to, targetGroups.get(move.to)! + 1);
        }
        expect(report.balancers.map(b => [b.name, b.before.rules, b.after.rules])).to.deep.equal([
            ["alb-a", 40, after.get("alb-a")],
            ["alb-b", 5, after.get("alb-b")],
            ["alb-c", 30, after.get("alb-c")],
        ]);
        expect(report.balancers.map(b => b.after.targetGroups)).to.deep.equal([...targetGroups.values()]);
        for (const b of report.balancers) {
            expect(Math.abs(b.after.rules - 25), b.name).to.be.at.most(5);
            // The defaults resolved against the account's limits (moto's are AWS's defaults): 75, and 75% of 100, 25, 50.
            expect(b.threshold, b.name).to.deep.equal({ rules: 75, targetGroups: 75, certificates: 18, listeners: 37 });
        }
        expect(kube.reads("ingresses"), "the cluster's Ingresses were listed").to.be.above(0);
        expect(kube.writes(), "nothing is changed in the cluster").to.equal(0);
    });

    it("prints the moves and the load before and after per ALB in 80 columns", async () => {
        const run = await runCli(["rebalance", ...POOL], env());
        expect(run.code, run.stderr).to.equal(0);
        expect(widest(run.stdout), run.stdout).to.be.at.most(80);
        expect(flat(run.stdout)).to.contain("mean 25 rules, tolerance 5 rules either side");
        expect(run.stdout).to.match(/│ # +│ scope +│ hostnames +│ from +│ pinnedBalancer/);
        const json = JSON.parse((await runCli(["rebalance", ...POOL, "--json"], env())).stdout) as RebalanceReport;
        for (const move of json.moves) {
            const cells = row(run.stdout, String(move.step));
            expect([cells[1], cells[3], cells[4]]).to.deep.equal([
                `${move.namespace}/${move.name}`,
                move.from,
                move.pinnedBalancer,
            ]);
            // The first two hosts and how many more: every scope here has more than two.
            expect(cells[2]).to.equal(hosts[move.name][0]);
            expect(flat(run.stdout)).to.contain(`${hosts[move.name][1]} (+${hosts[move.name].length - 2} more)`);
        }
        for (const b of json.balancers) {
            expect(row(run.stdout, b.name)[1]).to.equal(`${b.before.rules} -> ${b.after.rules}`);
        }
        expect(flat(run.stdout)).to.contain("2 moves bring every ALB within 5 rules of the mean 25 (the fewest moves");
        expect(flat(run.stdout)).to.contain("set the scope's pinnedBalancer to the value shown");
    });

    it("says nothing needs doing, exit 0, when the pool is within tolerance", async () => {
        const run = await runCli(["rebalance", ...POOL, "--tolerance", "20"], env());
        expect(run.code, run.stderr).to.equal(0);
        expect(flat(run.stdout)).to.contain("Every ALB is within 20 rules of the mean 25: nothing to do.");
        expect(run.stdout).to.not.contain("pinnedBalancer");
    });

    it("exits 3 when no order of moves brings every ALB within the tolerance", async () => {
        // Tolerance 0: alb-a would need exactly 17 rules of scopes (25 - 8); no subset of 12, 8, 8, 4 sums to 17.
        const run = await runCli(["rebalance", ...POOL, "--tolerance", "0", "--json"], env());
        expect(run.code).to.equal(3);
        expect(JSON.parse(run.stdout)).to.include({ reached: false, method: "exact" });
        expect(run.stderr).to.contain("no plan brings every ALB within 0 rule(s) of the mean 25");
    });

    it("--drain empties an ALB: every scope on it moves, none onto it", async () => {
        const run = await runCli(["rebalance", ...POOL, "--drain", "alb-c", "--json"], env());
        expect(run.code, run.stderr).to.equal(0);
        const report = JSON.parse(run.stdout) as RebalanceReport;
        expect(report).to.include({ goal: "drain", drain: "alb-c", reached: true });
        expect(report.moves.map(m => [m.namespace, m.name, m.from, m.pinnedBalancer])).to.deep.equal([
            ["apps", "c1", "alb-c", "alb-b"],
        ]);
        const table = await runCli(["rebalance", ...POOL, "--drain", "alb-c"], env());
        expect(flat(table.stdout)).to.contain("emptying alb-c of its scopes");
        expect(flat(table.stdout)).to.contain("1 move empties alb-c of its scopes");
        expect(widest(table.stdout)).to.be.at.most(80);
    });

    it("--drain that cannot be done exits 3 naming the scopes that fit nowhere else, and where each is refused", async () => {
        // Threshold 32: alb-b has room for 27 rules, alb-c for 2; alb-a's 32 rules of scopes cannot all leave.
        const run = await runCli(["rebalance", ...POOL, "--max-rules", "32", "--drain", "alb-a", "--json"], env());
        expect(run.code).to.equal(3);
        const report = JSON.parse(run.stdout) as RebalanceReport;
        expect(report).to.include({ reached: false, method: "exact" });
        expect(report.blocked.length).to.be.above(0);
        for (const b of report.blocked) {
            expect(b.refusedBy.map(r => [r.balancer, r.over])).to.deep.equal([
                ["alb-b", ["rules"]],
                ["alb-c", ["rules"]],
            ]);
            expect(run.stderr).to.contain(`${b.namespace}/${b.name}`);
        }
        expect(run.stderr).to.contain("alb-a cannot be emptied");
        const table = await runCli(["rebalance", ...POOL, "--max-rules", "32", "--drain", "alb-a"], env());
        expect(table.code).to.equal(3);
        expect(flat(table.stdout)).to.match(
            /alb-a cannot be emptied: \S+ \(8 rules, 1 target group\) fits on no other/,
        );
        expect(widest(table.stdout)).to.be.at.most(80);
    });

    it("counts another tool's Ingress and the reservations in flight in the load, and never moves them", async () => {
        // On alb-b: an Ingress of its group that ScopeIngress did not write (no load-balancer-name), not yet
        // reconciled (6 rules on top of AWS's 5), and a reservation of 10 rules whose Ingress is not in the cluster.
        const foreign = scopeIngress("tools", "foreign", "alb-b", [
            "f0.x.com",
            "f1.x.com",
            "f2.x.com",
            "f3.x.com",
            "f4.x.com",
            "f5.x.com",
        ]);
        delete (foreign.metadata.annotations as Record<string, unknown>)[ALB_ANNOTATIONS.loadBalancerName];
        kube.seed(foreign as never);
        kube.seed({
            apiVersion: "v1",
            kind: "ConfigMap",
            metadata: {
                name: reservationConfigMapName("us-east-1", "alb-b"),
                namespace: "scope-ingress",
                labels: reservationLabels("us-east-1", "alb-b"),
            },
            data: {
                pending: JSON.stringify({
                    rules: 10,
                    ingress: { namespace: "apps", name: "cart" },
                    expiresAt: new Date(Date.now() + 600_000).toISOString(),
                }),
            },
        } as never);
        const run = await runCli(["rebalance", ...POOL, "--coordination-namespace", "scope-ingress", "--json"], env());
        expect(run.code, run.stderr).to.equal(0);
        const report = JSON.parse(run.stdout) as RebalanceReport;
        expect(report.coordinationNamespace).to.equal("scope-ingress");
        // Target groups: AWS's one, the unreconciled Ingress's one, and the one a reservation without a usage holds.
        expect(report.balancers[1].before).to.include({ rules: 5 + 6 + 10, targetGroups: 1 + 1 + 1 });
        // Mean 30.3, tolerance 5: one 8-rule scope from alb-a to alb-b is enough.
        expect(report.moves.map(m => [m.from, m.to, m.usage.rules])).to.deep.equal([["alb-a", "alb-b", 8]]);

        const drain = await runCli(
            ["rebalance", ...POOL, "--coordination-namespace", "scope-ingress", "--drain", "alb-b"],
            env(),
        );
        expect(drain.code, drain.stderr).to.equal(0);
        expect(flat(drain.stdout)).to.contain(
            "alb-b holds no scope: nothing to do. 21 rules that belong to no scope stay on it",
        );
    });

    it("leaves out an ALB that cannot take scopes, names it, and refuses to drain it", async () => {
        const pool = ["--balancers", "alb-a,alb-b,alb-c,alb-int", "--region", "us-east-1"];
        const run = await runCli(["rebalance", ...pool, "--json"], env());
        expect(run.code, run.stderr).to.equal(0);
        const report = JSON.parse(run.stdout) as RebalanceReport;
        expect(report.balancers.map(b => b.name)).to.deep.equal(["alb-a", "alb-b", "alb-c"]);
        expect(report.leftOut).to.deep.equal([
            { name: "alb-int", reason: "its scheme is internal, but this pool is internet-facing" },
        ]);
        const table = await runCli(["rebalance", ...pool], env());
        expect(flat(table.stdout)).to.contain("Left out alb-int: its scheme is internal");
        const drain = await runCli(["rebalance", ...pool, "--drain", "alb-int"], env());
        expect(drain.code).to.equal(1);
        expect(drain.stderr).to.contain("--drain alb-int: the ALB cannot be planned for (its scheme is internal");
    });

    it("refuses bad flags with exit 1, every one on one line", async () => {
        const run = await runCli(["rebalance", ...POOL, "--tolerance", "-1", "--drain", "alb-z"], env());
        expect(run.code).to.equal(1);
        expect(run.stdout).to.equal("");
        expect(run.stderr).to.contain("--tolerance: -1 must be at least 0");
        expect(run.stderr).to.contain('--drain: "alb-z" is not an ALB of the pool; name one of alb-a, alb-b, alb-c');
        expect(kube.requests, "bad input never reaches the cluster").to.deep.equal([]);
        const typo = await runCli(["rebalance", ...POOL, "--wide"], env());
        expect(typo.code).to.equal(1);
        expect(typo.stderr).to.contain("unknown option '--wide'");
    });

    it("exits 1 naming the kubeconfig context when the cluster refuses the list of Ingresses", async () => {
        kube.forbid("list", "ingresses");
        const run = await runCli(["rebalance", ...POOL], env());
        expect(run.code).to.equal(1);
        expect(run.stderr).to.contain('kubeconfig context "rebalance-cluster" failed: HTTP 403');
        expect(run.stderr).to.contain("grant list on ingresses in every namespace");
    });

    it("has help with examples, the tolerance, drain and exit statuses", async () => {
        const run = await runCli(["rebalance", "--help"]);
        expect(run.code).to.equal(0);
        expect(run.stdout).to.contain("Examples:");
        expect(run.stdout).to.contain("$ scope-ingress rebalance --stack-config Pulumi.prod.yaml --drain k8s-public-2");
        expect(run.stdout).to.contain("--tolerance <rules>");
        // The thresholds of capacity and place, every dimension.
        for (const flag of ["--max-rules", "--max-target-groups", "--max-certificates", "--max-listeners"]) {
            expect(run.stdout).to.contain(flag);
        }
        expect(run.stdout).to.match(/3 no plan\s+brings every ALB/);
        const top = await runCli(["--help"]);
        expect(top.stdout).to.match(/rebalance \[options\]/);
    });
});

describe("scope-ingress rebalance in every quota dimension (the built binary against moto and the Kubernetes stand-in)", function () {
    this.timeout(120_000);
    const world = useAwsWorld();
    let kube: KubernetesApiServer;

    before(async () => {
        kube = await KubernetesApiServer.start({ contextName: "rebalance-quotas" });
    });
    after(async () => {
        await kube?.close();
    });

    it("refuses a move onto an ALB that a scope would take past its target groups or certificates, and the threshold flags move them", async () => {
        // alb-src holds the scope shop (shop.example.org: ACM's certificate for it is on alb-src only); alb-groups
        // routes to 75 target groups, and alb-certs carries two certificates besides its default one. Both
        // have rules to spare: only their other dimensions stand in the way.
        const src = await world.albs.createBalancer({ name: "alb-src", listeners: [{ port: 443, rules: 0 }] });
        const groups = await world.albs.createBalancer({ name: "alb-groups", listeners: [{ port: 443, rules: 0 }] });
        await world.albs.addTargetGroups(groups.listenerArns[0], 75);
        const certs = await world.albs.createBalancer({ name: "alb-certs", listeners: [{ port: 443, rules: 0 }] });
        await world.albs.addListenerCertificates(certs.listenerArns[0], [
            await world.albs.createCertificate("a.example.net"),
            await world.albs.createCertificate("b.example.net"),
        ]);
        // The controller discovered it for shop when it reconciled it on alb-src.
        await world.albs.addListenerCertificates(src.listenerArns[0], [
            await world.albs.createCertificate("shop.example.org"),
        ]);
        kube.reset();
        seedReconciledScope(kube, "apps", "shop", "alb-src", ["shop.example.org"]);
        const drain = async (...flags: string[]) => {
            const run = await runCli(
                [
                    "rebalance",
                    "--balancers",
                    "alb-src,alb-groups,alb-certs",
                    "--region",
                    "us-east-1",
                    "--drain",
                    "alb-src",
                    "--max-certificates",
                    "2",
                    ...flags,
                    "--json",
                ],
                { KUBECONFIG: kube.kubeconfigPath },
            );
            return { run, report: JSON.parse(run.stdout || "{}") as RebalanceReport };
        };

        const blocked = await drain();
        expect(blocked.run.code, blocked.run.stderr).to.equal(3);
        expect(blocked.report.balancers.map(b => [b.name, b.before.targetGroups, b.before.certificates])).to.deep.equal(
            [
                ["alb-src", 1, 1],
                ["alb-groups", 75, 0],
                ["alb-certs", 0, 2],
            ],
        );
        expect(blocked.report.blocked).to.have.length(1);
        // One rule, one target group, and the one certificate ACM holds for its host, which neither target carries.
        expect(blocked.report.blocked[0].usage).to.include({ rules: 1, targetGroups: 1, certificates: 1 });
        expect(blocked.report.blocked[0].refusedBy).to.deep.equal([
            { balancer: "alb-groups", over: ["targetGroups"] },
            { balancer: "alb-certs", over: ["certificates"] },
        ]);
        expect(blocked.run.stderr).to.contain("alb-src cannot be emptied: apps/shop");

        // Room for a third certificate: the scope goes to alb-certs; alb-groups still has no room for a target group.
        const certificates = await drain("--max-certificates", "3");
        expect(certificates.run.code, certificates.run.stderr).to.equal(0);
        expect(certificates.report.moves.map(m => [m.name, m.pinnedBalancer])).to.deep.equal([["shop", "alb-certs"]]);

        // A share of the account's limit of 100 target groups: alb-groups has room; alb-certs still has none for a certificate.
        const targetGroups = await drain("--max-target-groups", "100%");
        expect(targetGroups.run.code, targetGroups.run.stderr).to.equal(0);
        expect(targetGroups.report.moves.map(m => [m.name, m.pinnedBalancer])).to.deep.equal([["shop", "alb-groups"]]);
        expect(kube.writes(), "nothing is changed in the cluster").to.equal(0);
    });
});
