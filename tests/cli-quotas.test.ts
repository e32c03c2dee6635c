/** `scope-ingress capacity` and `place` in every quota dimension, the built binary against moto: tables in 80 columns, --json, the threshold flags. */
import { expect } from "chai";
import type { CapacityReport } from "../cli/capacity-report";
import type { PlacementPreview } from "../cli/placement-preview";
import { useAwsWorld } from "./support/aws-world";
import { runCli } from "./support/cli-world";

function widest(text: string): number {
    return Math.max(...text.split("\n").map(line => [...line].length));
}

describe("scope-ingress in every quota dimension (the built binary against moto)", function () {
    const world = useAwsWorld();

    /** alb-groups: 19 rules and 95 target groups; alb-rules: 40 rules and 1 target group. */
    async function crowdedPool(): Promise<void> {
        const crowded = await world.albs.createBalancer({
            name: "alb-groups",
            listeners: [{ port: 443, rules: 0 }],
        });
        await world.albs.addTargetGroups(crowded.listenerArns[0], 95);
        await world.albs.createBalancer({ name: "alb-rules", listeners: [{ port: 443, rules: 40 }] });
    }

    it("capacity skips the ALB full of target groups, shows every dimension within 80 columns, and --json carries them", async () => {
        await crowdedPool();
        const table = await runCli(["capacity", "--balancers", "alb-groups,alb-rules"]);
        expect(table.code, table.stderr).to.equal(0);
        expect(widest(table.stdout), table.stdout).to.be.at.most(80);
        expect(table.stdout).to.match(/alb-groups: target groups 95\/75 FULL, certificates 0\/18, listeners 1\/37/);
        expect(table.stdout).to.match(/alb-rules: target groups 1\/75, certificates 0\/18, listeners 1\/37/);
        // The note spans the row beneath the ALB's, wrapped inside the table.
        expect(table.stdout.replace(/[│\s]+/g, " ")).to.include("full: no room for a new scope's target groups");
        expect(table.stdout.trimEnd().split("\n").pop()).to.equal("Next scope -> alb-rules (40 rules, room 35).");

        const json = await runCli(["capacity", "--balancers", "alb-groups,alb-rules", "--json"]);
        const report = JSON.parse(json.stdout) as CapacityReport;
        expect(report).to.deep.include({
            next: "alb-rules",
            thresholds: { rules: 75, targetGroups: 75, certificates: 18, listeners: 37 },
            accountLimits: { rules: 100, targetGroups: 100, certificates: 25, listeners: 50 },
        });
        expect(report.quotaUsage).to.deep.equal([
            {
                name: "alb-groups",
                usage: { rules: 19, targetGroups: 95, certificates: 0, listeners: 1 },
                blocking: ["targetGroups"],
            },
            {
                name: "alb-rules",
                usage: { rules: 40, targetGroups: 1, certificates: 0, listeners: 1 },
                blocking: [],
            },
        ]);
        expect(report.balancers.map(b => b.fits)).to.deep.equal([false, true]);

        const wide = await runCli(["capacity", "--balancers", "alb-groups,alb-rules", "--wide"]);
        expect(wide.stdout).to.match(/alb-groups: target groups 95\/75 FULL/);
    });

    it("place checks every dimension, and --max-target-groups (a number or a share) moves the threshold", async () => {
        await crowdedPool();
        const preview = JSON.parse(
            (await runCli(["place", "--balancers", "alb-groups,alb-rules", "--scopes", "5", "--json"])).stdout,
        ) as PlacementPreview;
        expect(preview.placements.map(p => [p.balancerName, p.scopes])).to.deep.equal([
            ["alb-groups", 0],
            ["alb-rules", 5],
        ]);
        expect(preview.quotaUsage?.[1].usageAfter).to.deep.equal({
            rules: 45,
            targetGroups: 6,
            certificates: 0,
            listeners: 1,
        });
        for (const threshold of ["100", "100%"]) {
            const raised = JSON.parse(
                (
                    await runCli([
                        "place",
                        "--balancers",
                        "alb-groups,alb-rules",
                        "--scopes",
                        "5",
                        "--max-target-groups",
                        threshold,
                        "--json",
                    ])
                ).stdout,
            ) as PlacementPreview;
            expect(
                raised.placements.map(p => [p.balancerName, p.scopes]),
                threshold,
            ).to.deep.equal([
                ["alb-groups", 5],
                ["alb-rules", 0],
            ]);
        }
    });

    it("judges --max-rules 75% against the account's raised rules quota, and --max-rules 75 as given", async () => {
        await world.albs.createBalancer({ name: "alb-big", listeners: [{ port: 443, rules: 120 }] });
        world.proxy.accountLimits.set("rules-per-application-load-balancer", 200);
        const share = await runCli(["capacity", "--balancers", "alb-big", "--max-rules", "75%", "--json"]);
        expect(share.code, share.stderr).to.equal(0);
        expect(JSON.parse(share.stdout)).to.deep.include({ maxRules: 150, next: "alb-big" });
        const absolute = await runCli(["capacity", "--balancers", "alb-big", "--max-rules", "75", "--json"]);
        expect(absolute.code).to.equal(2);
        expect(JSON.parse(absolute.stdout)).to.deep.include({ maxRules: 75, next: null, status: "full" });
    });

    it("refuses a bad threshold flag naming the flag, the value and the fix, before AWS is asked", async () => {
        const run = await runCli(["capacity", "--balancers", "alb-a", "--max-certificates", "lots"]);
        expect(run.code).to.not.equal(0);
        expect(run.stderr).to.match(
            /--max-certificates: "lots" is not a whole percentage[^;]*; give the most certificates/,
        );
        expect(world.proxy.count()).to.equal(0);
    });
});
