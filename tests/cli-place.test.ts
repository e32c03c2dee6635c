/** `scope-ingress place`, the built binary against moto: the dry run of N scopes, exit statuses and bad input. */
import { expect } from "chai";
import type { PlacementPreview } from "../cli/placement-preview";
import { usageBar } from "../cli/report-tables";
import { MeasuredBalancer } from "../core/balancer-load";
import { measureBalancers } from "../provider/balancer-measurement";
import { runCli, useCliWorld } from "./support/cli-world";

function cells(line: string): string[] {
    return line
        .split("│")
        .slice(1, -1)
        .map(c => c.trim());
}

describe("scope-ingress place (the built binary against moto)", function () {
    const world = useCliWorld();

    it("spreads N scopes as the provider's ledger would, prints them per ALB, and changes nothing", async () => {
        const run = await runCli(["place", "--balancers", "alb-a,alb-b,alb-c", "--scopes", "50"]);
        expect(run.code, run.stderr).to.equal(0);
        expect(run.stderr).to.equal("");
        // Least-loaded first, ties to the earlier ALB: alb-b climbs 5 -> 30 (25 scopes), alb-b and alb-c
        // then alternate to 40 (20), and the last 5 go round a, b, c, a, b.
        const rows = run.stdout
            .split("\n")
            .filter(l => /^│ alb-/.test(l))
            .map(cells);
        expect(rows.map(r => r.slice(0, 4))).to.deep.equal([
            ["alb-a", "2", "40", "42"],
            ["alb-b", "37", "5", "42"],
            ["alb-c", "11", "30", "41"],
        ]);
        expect(rows[2][5]).to.equal("34");
        expect(run.stdout).to.match(
            /^internet-facing pool in us-east-1: 3 ALBs, threshold 75 rules per ALB\.\nPlacing 50 new scopes of 1 rule each\. Nothing is changed\.\n/,
        );
        expect(Math.max(...run.stdout.split("\n").map(l => [...l].length)), "fits 80 columns").to.be.at.most(80);
        expect(cells(run.stdout.split("\n").find(l => l.startsWith("│ ALB"))!)).to.deep.equal([
            "ALB",
            "scopes",
            "before",
            "after",
            "used",
            "room",
        ]);
        expect(rows[2][4]).to.equal("55%");
        expect(run.stdout.trimEnd().split("\n").pop()).to.equal("All 50 scopes fit.");
        expect(
            world.proxy.requests.map(r => r.action).filter(a => !a.startsWith("Describe")),
            "only Describe* calls",
        ).to.deep.equal([]);
        const after = await measureBalancers(["alb-a", "alb-b", "alb-c"]);
        expect(after.map(m => (m as MeasuredBalancer).rules)).to.deep.equal([40, 5, 30]);
    });

    it("with --wide, draws the usage after as a bar", async () => {
        const run = await runCli(["place", "--balancers", "alb-a,alb-b", "--scopes", "5", "--wide"]);
        expect(run.code, run.stderr).to.equal(0);
        expect(cells(run.stdout.split("\n").find(l => l.startsWith("│ ALB"))!)).to.deep.equal([
            "ALB",
            "new scopes",
            "rules before",
            "rules after",
            "used after",
            "room after",
        ]);
        expect(cells(run.stdout.split("\n").find(l => l.startsWith("│ alb-b"))!)).to.deep.equal([
            "alb-b",
            "5",
            "5",
            "10",
            usageBar(10, 75),
            "65",
        ]);
    });

    it("exits 2 and says how many scopes would not fit, filling every ALB exactly to the threshold", async () => {
        const run = await runCli(["place", "--balancers", "alb-a,alb-b,alb-c", "--scopes", "200", "--json"]);
        expect(run.code).to.equal(2);
        expect(run.stderr.trimEnd().split("\n")).to.deep.equal([
            'scope-ingress: 50 of 200 scope(s) would not fit in the internet-facing pool under --max-rules 75; add an ALB to the pool, raise --max-rules (the AWS quota is 100 rules per ALB), or have AWS raise the "Rules per Application Load Balancer" quota.',
        ]);
        const preview = JSON.parse(run.stdout) as PlacementPreview;
        expect(preview).to.deep.include({
            status: "full",
            scopes: 200,
            placed: 150,
            unplaced: 50,
            maxRules: 75,
            expectedRules: 1,
            skipped: [],
        });
        expect(preview.placements).to.deep.equal([
            { balancerName: "alb-a", scopes: 35, rulesBefore: 40, rulesAfter: 75 },
            { balancerName: "alb-b", scopes: 70, rulesBefore: 5, rulesAfter: 75 },
            { balancerName: "alb-c", scopes: 45, rulesBefore: 30, rulesAfter: 75 },
        ]);
    });

    it("counts --expected-rules per scope and never passes --max-rules", async () => {
        const run = await runCli([
            "place",
            "--balancers",
            "alb-a,alb-b,alb-c",
            "--scopes",
            "10",
            "--expected-rules",
            "3",
            "--max-rules",
            "33",
            "--json",
        ]);
        expect(run.code, run.stderr).to.equal(0);
        const preview = JSON.parse(run.stdout) as PlacementPreview;
        // alb-b: 5 -> 32 in nine steps of 3; the tenth goes to alb-c (30 -> 33, exactly the threshold); alb-a is over it.
        expect(preview.placements).to.deep.equal([
            { balancerName: "alb-a", scopes: 0, rulesBefore: 40, rulesAfter: 40 },
            { balancerName: "alb-b", scopes: 9, rulesBefore: 5, rulesAfter: 32 },
            { balancerName: "alb-c", scopes: 1, rulesBefore: 30, rulesAfter: 33 },
        ]);
    });

    it("lists the ALBs it left out and why, and places on the rest", async () => {
        const run = await runCli(["place", "--balancers", "alb-b,alb-int,alb-gone", "--scopes", "3"]);
        expect(run.code, run.stderr).to.equal(0);
        expect(run.stdout).to.include("Skipped alb-int: its scheme is internal, but this pool is internet-facing\n");
        expect(run.stdout).to.match(/\nSkipped alb-gone: LoadBalancerNotFound: no ALB named "alb-gone" exists/);
        expect(
            run.stdout
                .split("\n")
                .filter(l => /^│ alb-/.test(l))
                .map(cells)
                .map(r => r.slice(0, 4)),
        ).to.deep.equal([["alb-b", "3", "5", "8"]]);
        expect(run.stderr).to.match(/^scope-ingress: warning: 2 ALB\(s\) left out of the count/);
    });

    it("leaves out an ALB that is not active, naming its state, and places every scope on the others", async () => {
        world.proxy.balancerStates.set("alb-b", { code: "failed" });
        const run = await runCli(["place", "--balancers", "alb-a,alb-b,alb-c", "--scopes", "4", "--json"]);
        expect(run.code, run.stderr).to.equal(0);
        const preview = JSON.parse(run.stdout) as PlacementPreview;
        expect(preview.placements.map(p => [p.balancerName, p.scopes])).to.deep.equal([
            ["alb-a", 0],
            ["alb-c", 4],
        ]);
        expect(preview.skipped).to.have.length(1);
        expect(preview.skipped[0].balancerName).to.equal("alb-b");
        expect(preview.skipped[0].reason).to.match(
            /^its state is failed: AWS could not set it up and it will never serve/,
        );
    });

    it("exits 1 saying no ALB can take a scope when the only ALB is still provisioning", async () => {
        world.proxy.balancerStates.set("alb-b", { code: "provisioning" });
        const run = await runCli(["place", "--balancers", "alb-b", "--scopes", "1"]);
        expect(run.code).to.equal(1);
        expect(run.stdout).to.match(/\nSkipped alb-b: its state is provisioning: it cannot serve yet;/);
        expect(run.stderr).to.match(
            /^scope-ingress: no ALB of the internet-facing pool can take a new scope \(alb-b: its state is provisioning: /,
        );
    });

    it("exits 1 on a bad --scopes without calling AWS", async () => {
        const run = await runCli(["place", "--balancers", "alb-a", "--scopes", "ten"]);
        expect(run.code).to.equal(1);
        expect(run.stderr).to.equal(
            'scope-ingress: --scopes: "ten" is not a whole number; give how many new scopes to place, from 1 to 10000, e.g. --scopes 10; preview more in several runs\n',
        );
        expect(world.proxy.count()).to.equal(0);
        const missing = await runCli(["place", "--balancers", "alb-a"]);
        expect(missing.code).to.equal(1);
        expect(missing.stderr).to.match(
            /^scope-ingress: required option '--scopes <n>' not specified; run "scope-ingress place --help"/,
        );
        const absurd = await runCli(["place", "--balancers", "alb-a", "--scopes", "99999999999999999999"]);
        expect(absurd.code).to.equal(1);
        expect(absurd.stderr).to.equal(
            "scope-ingress: --scopes: 99999999999999999999 must be at most 10000; give how many new scopes to place, from 1 to 10000, e.g. --scopes 10; preview more in several runs\n",
        );
        expect(world.proxy.count()).to.equal(0);
    });
});
