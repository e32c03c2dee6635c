/** The CLI's pure parts: placement simulation, capacity report, exit statuses, usage bar and pool arguments. */
import { expect } from "chai";
import { buildCapacityReport } from "../cli/capacity-report";
import { capacityOutcome, placementOutcome } from "../cli/exit-status";
import { previewPlacements, simulatePlacements } from "../cli/placement-preview";
import { resolvePoolArguments, resolveScopeCount } from "../cli/pool-arguments";
import { usageBar } from "../cli/report-tables";
import { readStackConfigFile } from "../cli/stack-config-file";
import { InvalidInputError, renderProblem } from "../core/problems";
import { resolveCandidatePool } from "../core/candidate-pool";
import { resolveRuleLimits } from "../core/rule-limits";
import { failed, measured } from "./support/measurements";
import { useTempDirs } from "./support/temp-dirs";

const pool = resolveCandidatePool("internet-facing", { base: "a", additional: ["b", "c"] });

describe("CLI reports (pure)", () => {
    describe("simulatePlacements", () => {
        it("places scopes one after another on the ledger, ties to the earlier ALB, until none has room", () => {
            const sim = simulatePlacements(
                pool,
                [measured("a", 10), measured("b", 10), measured("c", 12)],
                resolveRuleLimits({ maxRules: 12 }),
                5,
            );
            expect(sim).to.deep.include({ status: "full", order: ["a", "b", "a", "b"], unplaced: 1 });
            expect(
                sim.seen.map(c => c.rules),
                "loads before the first scope",
            ).to.deep.equal([10, 10, 12]);
        });

        it("never falls back to the base ALB: an unmeasured pool is reported as such, with the causes", () => {
            const sim = simulatePlacements(
                pool,
                [failed("a", "gone", true), failed("b", "denied"), failed("c", "denied")],
                resolveRuleLimits(),
                3,
            );
            expect(sim).to.deep.include({ status: "unmeasurable", order: [], unplaced: 3 });
            expect(sim.seen.map(c => c.skipped)).to.deep.equal(["gone", "denied", "denied"]);
        });

        it("reports a pool whose measured ALBs are all of the other scheme as unmeasurable, with the causes, instead of throwing", () => {
            const sim = simulatePlacements(
                pool,
                [measured("a", 0, "internal"), measured("b", 0, "internal"), failed("c", "denied")],
                resolveRuleLimits(),
                1,
            );
            expect(sim).to.deep.include({ status: "unmeasurable", order: [], unplaced: 1 });
            expect(sim.seen.map(c => c.skipped)).to.deep.equal([
                "its scheme is internal, but this pool is internet-facing",
                "its scheme is internal, but this pool is internet-facing",
                "denied",
            ]);
        });
    });

    describe("buildCapacityReport", () => {
        it("marks the least-loaded ALB with room as next and reports room against the threshold", () => {
            const report = buildCapacityReport(
                pool,
                [measured("a", 74), measured("b", 76), measured("c", 70)],
                resolveRuleLimits(),
                "eu-west-1",
            );
            expect(report).to.deep.include({ status: "fits", next: "c", region: "eu-west-1" });
            expect(report.balancers.map(b => [b.name, b.room, b.fits, b.next])).to.deep.equal([
                ["a", 1, true, false],
                ["b", -1, false, false],
                ["c", 5, true, true],
            ]);
        });

        it("tells a missing ALB (found false) from one that could not be asked (found null)", () => {
            const report = buildCapacityReport(
                pool,
                [measured("a", 1), failed("b", "LoadBalancerNotFound", true), failed("c", "AccessDenied")],
                resolveRuleLimits(),
                "r",
            );
            expect(report.balancers.map(b => [b.found, b.rules, b.error, b.skipped])).to.deep.equal([
                [true, 1, undefined, undefined],
                [false, null, "LoadBalancerNotFound", "LoadBalancerNotFound"],
                [null, null, "AccessDenied", "AccessDenied"],
            ]);
            expect(report.balancers[0]).to.not.have.any.keys("error", "skipped");
        });
    });

    describe("previewPlacements and exit statuses", () => {
        it("sums the scopes per ALB and counts those that do not fit as exit 2", () => {
            const preview = previewPlacements(
                pool,
                [measured("a", 73), measured("b", 74), measured("c", 75)],
                resolveRuleLimits(),
                5,
                "r",
            );
            expect(preview.placements.map(p => [p.balancerName, p.scopes, p.rulesAfter])).to.deep.equal([
                ["a", 2, 75],
                ["b", 1, 75],
                ["c", 0, 75],
            ]);
            expect(preview).to.deep.include({ placed: 3, unplaced: 2 });
            expect(placementOutcome(preview).exitCode).to.equal(2);
        });

        it("names ALBs that failed alike once in the unmeasurable message (exit 1)", () => {
            const report = buildCapacityReport(
                pool,
                ["a", "b", "c"].map(n => failed(n, "CredentialsProviderError: no credentials")),
                resolveRuleLimits(),
                "r",
            );
            const outcome = capacityOutcome(report);
            expect(outcome.exitCode).to.equal(1);
            expect(outcome.message).to.match(
                /^could not measure any ALB of the internet-facing pool \(a, b, c: CredentialsProviderError: no credentials\); check/,
            );
        });
    });

    describe("usageBar", () => {
        it("is full only at or over the threshold, and shows the percentage past 100", () => {
            expect(usageBar(0, 75)).to.equal("[....................]   0%");
            expect(usageBar(74, 75)).to.equal("[###################.]  99%");
            expect(usageBar(75, 75)).to.equal("[####################] 100%");
            expect(usageBar(80, 75)).to.equal("[####################] 107%");
            expect(usageBar(0, 0)).to.equal("[####################] 100%");
        });
    });

    describe("resolvePoolArguments", () => {
        const temp = useTempDirs("scope-ingress-args-");
        const stackFile = (text: string) => temp.write("Pulumi.dev.yaml", text);

        it("without --balancers or --stack-config, uses the engine's default base ALB for the visibility", () => {
            expect(resolvePoolArguments({}).pool.candidates).to.deep.equal(["k8s-nullplatform-internet-facing"]);
            expect(resolvePoolArguments({ visibility: "internal" }).pool.candidates).to.deep.equal([
                "k8s-nullplatform-internal",
            ]);
        });

        it("trims names, drops duplicates, and applies the defaults 75 / 1 in strict mode", () => {
            const args = resolvePoolArguments({ balancers: " alb-a , alb-b,alb-a" });
            expect(args.pool).to.deep.equal({
                visibility: "internet-facing",
                base: "alb-a",
                candidates: ["alb-a", "alb-b"],
            });
            expect(args.limits).to.deep.equal({ maxRules: 75, expectedRules: 1, strict: true });
        });

        it("takes --region over the stack's aws:region, and rejects a malformed one", () => {
            const file = stackFile("config:\n  aws:region: eu-west-1\n");
            expect(resolvePoolArguments({ stackConfig: file }).region).to.equal("eu-west-1");
            expect(resolvePoolArguments({ stackConfig: file, region: "us-west-2" }).region).to.equal("us-west-2");
            expect(() => resolvePoolArguments({ region: "US East" })).to.throw(
                /^--region: "US East" is not an AWS region code/,
            );
        });

        it("reads a YAML list and a JSON-array string alike, and a file without config as empty", () => {
            const list = readStackConfigFile(
                stackFile("config:\n  scope-ingress:additionalPrivateBalancers: [x, y]\n"),
            );
            const json = readStackConfigFile(
                stackFile(`config:\n  scope-ingress:additionalPrivateBalancers: '["x","y"]'\n`),
            );
            expect(JSON.parse(list.read("additionalPrivateBalancers")!)).to.deep.equal(
                JSON.parse(json.read("additionalPrivateBalancers")!),
            );
            expect(readStackConfigFile(stackFile("encryptionsalt: abc\n")).read("publicBalancer")).to.equal(undefined);
            expect(() => readStackConfigFile(stackFile("config: [1, 2]\n"))).to.throw(/"config" in .* is not a map/);
            expect(() => readStackConfigFile(stackFile("config: [1, 2\n"))).to.throw(
                /^--stack-config: .* is not valid YAML/,
            );
        });

        it("refuses a number past the CLI's bound exactly as typed, once per flag, and reads 2.0 as 2", () => {
            const refusal = (flags: Parameters<typeof resolvePoolArguments>[0]) => {
                try {
                    resolvePoolArguments(flags);
                } catch (err) {
                    return (err as InvalidInputError).problems.map(renderProblem);
                }
                expect.fail("no error");
            };
            // The refused --max-rules is not judged again against --expected-rules 80 (the engine saw the default 75).
            expect(refusal({ maxRules: "99999999999999999999", expectedRules: "80" })).to.deep.equal([
                "--max-rules: 99999999999999999999 must be at most 10000; set it to the number of listener rules one ALB may carry (default 75, AWS quota 100)",
            ]);
            expect(refusal({ expectedRules: "1.00000000000000000001" })).to.deep.equal([
                '--expected-rules: "1.00000000000000000001" is not a whole number; set it to the number of listener rules this scope\'s Ingress adds (hosts x paths)',
            ]);
            expect(resolvePoolArguments({ maxRules: "2.0", expectedRules: " +2 " }).limits).to.deep.include({
                maxRules: 2,
                expectedRules: 2,
            });
        });

        it("warns, without refusing, of a threshold above the AWS quota", () => {
            expect(resolvePoolArguments({ maxRules: "101" }).warnings.map(renderProblem)).to.deep.equal([
                '--max-rules: 101 is above the AWS default quota of 100 rules per ALB ("Rules per Application Load Balancer"); ' +
                    "AWS refuses rules past an account's quota: check in Service Quotas that yours is at least 101, or lower --max-rules to 100 or less",
            ]);
            expect(resolvePoolArguments({ maxRules: "100" }).warnings).to.deep.equal([]);
        });

        it("checks the stack's aws:region as written, and refuses an encrypted one without showing it", () => {
            expect(() => resolvePoolArguments({ stackConfig: stackFile("config:\n  aws:region: 5\n") })).to.throw(
                /^stack config aws:region: 5 is not an AWS region code; give a region code such as us-east-1, or pass --region$/,
            );
            const encrypted = stackFile("config:\n  aws:region:\n    secure: v1:c2FsdA==:ZW5jcnlwdGVk\n");
            expect(() => resolvePoolArguments({ stackConfig: encrypted })).to.throw(
                /^stack config aws:region: is encrypted; pass --region, e\.g\. --region us-east-1 \(the CLI does not decrypt stack secrets\)$/,
            );
            expect(resolvePoolArguments({ stackConfig: encrypted, region: "eu-west-1" }).region).to.equal("eu-west-1");
        });

        it("names the pool keys a stack file lacks only when the pool comes from it", () => {
            const file = stackFile("config:\n  scope-ingress:privateBalancer: alb-int\n");
            expect(resolvePoolArguments({ stackConfig: file }).warnings.map(w => w.rule)).to.deep.equal([
                "holds neither scope-ingress:publicBalancer nor scope-ingress:additionalPublicBalancers (its scope-ingress keys: scope-ingress:privateBalancer), " +
                    "so the internet-facing pool is the default ALB k8s-nullplatform-internet-facing",
            ]);
            expect(resolvePoolArguments({ stackConfig: file, visibility: "internal" }).warnings).to.deep.equal([]);
            expect(resolvePoolArguments({ stackConfig: file, balancers: "alb-a" }).warnings).to.deep.equal([]);
            const onlyAdditional = stackFile("config:\n  scope-ingress:additionalPublicBalancers: [alb-b]\n");
            expect(resolvePoolArguments({ stackConfig: onlyAdditional }).warnings).to.deep.equal([]);
        });

        it("bounds --scopes", () => {
            expect(resolveScopeCount("12")).to.equal(12);
            expect(() => resolveScopeCount("10001")).to.throw(/--scopes: 10001 must be at most 10000/);
            expect(() => resolveScopeCount("99999999999999999999")).to.throw(
                /^--scopes: 99999999999999999999 must be at most 10000;/,
            );
        });
    });
});
