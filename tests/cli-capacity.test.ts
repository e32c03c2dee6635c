/** `scope-ingress capacity`, the built binary against moto: the table, --json, exit statuses, credentials, region, stack config, bad input. */
import { expect } from "chai";
import type { CapacityReport } from "../cli/capacity-report";
import { NARROW_BAR_WIDTH, usageBar } from "../cli/report-tables";
import { CliRun, runCli, useCliWorld } from "./support/cli-world";
import { useTempDirs } from "./support/temp-dirs";

/** The cells of the table row whose ALB column is `name` (first line of the row). */
function rowCells(stdout: string, name: string): string[] {
    const line = stdout.split("\n").find(l => l.split("│").map(c => c.trim())[2] === name);
    expect(line, `a row for ${name} in:\n${stdout}`).to.be.a("string");
    return line!
        .split("│")
        .slice(1, -1)
        .map(c => c.trim());
}

/** The note of `name` in the default table: the row spanning the columns beneath its row, wrapped lines joined. */
function noteBelow(stdout: string, name: string): string {
    const lines = stdout.split("\n");
    const start = lines.findIndex(l => l.split("│").map(c => c.trim())[2] === name);
    expect(start, `a row for ${name} in:\n${stdout}`).to.be.at.least(0);
    const note: string[] = [];
    // Past the separator under its row, each line of the note has two cells: the empty marker and the text.
    for (let i = start + 2; i < lines.length && lines[i].split("│").length === 4; i++) {
        note.push(lines[i].split("│")[2].trim());
    }
    return note.join(" ");
}

/** The note column of `name`'s row in the `--wide` table, its wrapped lines joined. */
function wideNote(stdout: string, name: string): string {
    const lines = stdout.split("\n");
    const start = lines.findIndex(l => l.split("│").map(c => c.trim())[2] === name);
    const note: string[] = [];
    for (let i = start; i < lines.length && lines[i].startsWith("│"); i++) {
        note.push(
            lines[i]
                .split("│")
                .slice(1, -1)
                .map(c => c.trim())[8],
        );
    }
    return note.join(" ");
}

/** The widest line of `text`, in characters (the box drawing is one column per character). */
function widest(text: string): number {
    return Math.max(...text.split("\n").map(line => [...line].length));
}

/** A one-line message on stderr, no stack trace, and what it says. */
function oneLine(run: CliRun): string {
    expect(run.stderr.trimEnd().split("\n"), run.stderr).to.have.length(1);
    expect(run.stderr).to.not.match(/^\s+at /m);
    return run.stderr.trim();
}

describe("scope-ingress capacity (the built binary against moto)", function () {
    const world = useCliWorld();
    const temp = useTempDirs("scope-ingress-cli-");
    const writeStackConfig = (text: string) => temp.write("Pulumi.dev.yaml", text);

    /** No AWS config or credentials files of the machine running the tests: an empty home. */
    const noAwsFiles = () => ({
        HOME: temp.make(),
        AWS_CONFIG_FILE: undefined,
        AWS_SHARED_CREDENTIALS_FILE: undefined,
        AWS_PROFILE: undefined,
    });

    /** No region and no profile: only the flags and the stack config can name a region. */
    const noRegion = () => ({ ...noAwsFiles(), AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined });

    /** No credentials anywhere in the default chain (the instance metadata service is off for every test). */
    const noCredentials = () => ({
        ...noAwsFiles(),
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_SESSION_TOKEN: undefined,
        AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
        AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
        AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
    });

    it("with --wide, prints one row per ALB with state, rules per listener, total, threshold, bar, room and note, and marks the next scope's ALB", async () => {
        const run = await runCli(["capacity", "--balancers", "alb-a,alb-b,alb-c", "--wide"]);
        expect(run.code, run.stderr).to.equal(0);
        expect(run.stderr).to.equal("");
        expect(run.stdout).to.match(
            /^internet-facing pool in us-east-1: 3 ALBs, threshold 75 rules per ALB\.\nA new scope adds 1 rule\.\n/,
        );
        expect(rowCells(run.stdout, "alb-a")).to.deep.equal([
            "",
            "alb-a",
            "active",
            "HTTP:80 15, HTTPS:443 25",
            "40",
            "75",
            "[##########..........]  53%",
            "35",
            "",
        ]);
        expect(rowCells(run.stdout, "alb-b")).to.deep.equal([
            "->",
            "alb-b",
            "active",
            "HTTP:80 2, HTTPS:443 3",
            "5",
            "75",
            usageBar(5, 75),
            "70",
            "",
        ]);
        expect(rowCells(run.stdout, "alb-c")).to.deep.equal([
            "",
            "alb-c",
            "active",
            "HTTPS:443 30",
            "30",
            "75",
            usageBar(30, 75),
            "45",
            "",
        ]);
        expect(run.stdout.trimEnd().split("\n").pop()).to.equal("Next scope -> alb-b (5 rules, room 70).");
    });

    it("writes no colour or other escape codes when piped, even with FORCE_COLOR set", async () => {
        const run = await runCli(["capacity", "--balancers", "alb-a,alb-b"], { FORCE_COLOR: "1" });
        expect(run.code, run.stderr).to.equal(0);
        expect(run.stdout).to.include("┌").and.include("alb-b");
        expect(run.stdout).to.not.include("\x1b[");
        expect(run.stderr).to.not.include("\x1b[");
    });

    it("--json prints the same data with the documented field names", async () => {
        const run = await runCli(["capacity", "--balancers", "alb-a,alb-b,alb-c", "--json"]);
        expect(run.code, run.stderr).to.equal(0);
        const report = JSON.parse(run.stdout) as CapacityReport;
        expect(report).to.deep.include({
            status: "fits",
            visibility: "internet-facing",
            region: "us-east-1",
            maxRules: 75,
            expectedRules: 1,
            next: "alb-b",
        });
        expect(report.balancers.map(b => [b.name, b.rules, b.room, b.fits, b.next])).to.deep.equal([
            ["alb-a", 40, 35, true, false],
            ["alb-b", 5, 70, true, true],
            ["alb-c", 30, 45, true, false],
        ]);
        expect(report.balancers[1]).to.deep.equal({
            name: "alb-b",
            found: true,
            state: "active",
            scheme: "internet-facing",
            dnsName: world.albs["alb-b"].dnsName,
            rules: 5,
            listeners: [
                { port: 80, protocol: "HTTP", rules: 2 },
                { port: 443, protocol: "HTTPS", rules: 3 },
            ],
            maxRules: 75,
            room: 70,
            fits: true,
            next: true,
        });
    });

    it("exits 2 with a one-line way out when no ALB has room, and still prints the report", async () => {
        const run = await runCli(["capacity", "--balancers", "alb-a,alb-c", "--max-rules", "30", "--json"]);
        expect(run.code).to.equal(2);
        expect(oneLine(run)).to.match(
            /^scope-ingress: no ALB of the internet-facing pool has room for 1 more rule\(s\) under --max-rules 30; add an ALB to the pool, raise --max-rules/,
        );
        const report = JSON.parse(run.stdout) as CapacityReport;
        expect(report).to.deep.include({ status: "full", next: null });
        // alb-c is exactly at the threshold: 30 + 1 > 30, no room; alb-a is over it.
        expect(report.balancers.map(b => [b.name, b.room, b.fits, b.next])).to.deep.equal([
            ["alb-a", -10, false, false],
            ["alb-c", 0, false, false],
        ]);
    });

    it("exits 0 when the next scope fits exactly at the threshold (rules + expectedRules <= maxRules)", async () => {
        const run = await runCli(["capacity", "--balancers", "alb-a,alb-c", "--max-rules", "31"]);
        expect(run.code, run.stderr).to.equal(0);
        expect(rowCells(run.stdout, "alb-c")[0]).to.equal("->");
        expect(noteBelow(run.stdout, "alb-a")).to.equal("full: no room for 1 more rule");
    });

    it("shows an ALB that cannot be measured in its row with the cause, and reports the others", async () => {
        world.proxy.faults.push({
            match: r =>
                r.action === "DescribeRules" && r.params.get("ListenerArn") === world.albs["alb-c"].listenerArns[0],
            respond: "access-denied",
        });
        const run = await runCli(["capacity", "--balancers", "alb-a,alb-gone,alb-c,alb-b", "--wide"]);
        expect(run.code, run.stderr).to.equal(0);
        expect(rowCells(run.stdout, "alb-c").slice(0, 8)).to.deep.equal([
            "",
            "alb-c",
            "error",
            "-",
            "-",
            "75",
            "-",
            "-",
        ]);
        expect(wideNote(run.stdout, "alb-c")).to.match(
            /^skipped: counting its listener rules failed: AccessDenied: .*not authorized to perform: elasticloadbalancing:DescribeRules$/,
        );
        expect(rowCells(run.stdout, "alb-gone").slice(0, 3)).to.deep.equal(["", "alb-gone", "not found"]);
        expect(wideNote(run.stdout, "alb-gone")).to.match(/LoadBalancerNotFound: no ALB named "alb-gone" exists/);
        expect(rowCells(run.stdout, "alb-b")[0]).to.equal("->");
        expect(oneLine(run)).to.match(
            /^scope-ingress: warning: 2 ALB\(s\) left out of the count \(alb-gone: LoadBalancerNotFound.*; alb-c: counting its listener rules failed: AccessDenied/,
        );
    });

    it("shows an ALB of the other scheme as skipped, with its load", async () => {
        const run = await runCli(["capacity", "--balancers", "alb-a,alb-int", "--json"]);
        expect(run.code, run.stderr).to.equal(0);
        const report = JSON.parse(run.stdout) as CapacityReport;
        expect(report.next).to.equal("alb-a");
        expect(report.balancers[1]).to.deep.include({
            name: "alb-int",
            scheme: "internal",
            rules: 4,
            fits: false,
            next: false,
            skipped: "its scheme is internal, but this pool is internet-facing",
        });
        expect(report.balancers[1]).to.not.have.property("error");
    });

    it("shows a failed or active_impaired ALB's state in its row, skipped with the state named, and places on the others", async () => {
        world.proxy.balancerStates.set("alb-b", { code: "failed", reason: "Subnet has insufficient free addresses" });
        world.proxy.balancerStates.set("alb-c", { code: "active_impaired" });
        const run = await runCli(["capacity", "--balancers", "alb-a,alb-b,alb-c", "--wide"]);
        expect(run.code, run.stderr).to.equal(0);
        expect(rowCells(run.stdout, "alb-b").slice(0, 8)).to.deep.equal([
            "",
            "alb-b",
            "failed",
            "HTTP:80 2, HTTPS:443 3",
            "5",
            "75",
            usageBar(5, 75),
            "70",
        ]);
        expect(wideNote(run.stdout, "alb-b")).to.equal(
            "skipped: its state is failed (AWS says: Subnet has insufficient free addresses): AWS could not set it up and it will never serve; replace it or take it out of the pool",
        );
        expect(rowCells(run.stdout, "alb-c").slice(0, 3)).to.deep.equal(["", "alb-c", "active_impaired"]);
        expect(wideNote(run.stdout, "alb-c")).to.match(
            /^skipped: its state is active_impaired: it routes traffic but lacks the resources to scale/,
        );
        expect(
            rowCells(run.stdout, "alb-a")[0],
            "the only ALB that can serve takes the next scope, though it is the fullest",
        ).to.equal("->");
        expect(oneLine(run)).to.match(
            /^scope-ingress: warning: 2 ALB\(s\) left out of the count \(alb-b: its state is failed .*; alb-c: its state is active_impaired: /,
        );
    });

    it("--json gives a provisioning ALB its state, fits false and the reason it is skipped", async () => {
        world.proxy.balancerStates.set("alb-b", { code: "provisioning" });
        const run = await runCli(["capacity", "--balancers", "alb-a,alb-b", "--json"]);
        expect(run.code, run.stderr).to.equal(0);
        const report = JSON.parse(run.stdout) as CapacityReport;
        expect(report.next).to.equal("alb-a");
        expect(report.balancers[1]).to.deep.include({
            name: "alb-b",
            found: true,
            state: "provisioning",
            rules: 5,
            fits: false,
            next: false,
        });
        expect(report.balancers[1].skipped).to.match(
            /^its state is provisioning: it cannot serve yet; it takes scopes once it is active/,
        );
        expect(report.balancers[1]).to.not.have.property("error");
    });

    it("exits 1 saying no ALB can take a scope, not that none could be measured, when every ALB is failed", async () => {
        world.proxy.balancerStates.set("alb-a", { code: "failed" });
        world.proxy.balancerStates.set("alb-b", { code: "failed" });
        const run = await runCli(["capacity", "--balancers", "alb-a,alb-b", "--wide"]);
        expect(run.code).to.equal(1);
        expect(oneLine(run)).to.match(
            /^scope-ingress: no ALB of the internet-facing pool can take a new scope \(alb-a, alb-b: its state is failed: .*\); fix the causes named \(an ALB must be active, /,
        );
        expect(rowCells(run.stdout, "alb-a")[2]).to.equal("failed");
    });

    it("exits 1 when no ALB could be measured, naming each cause once", async () => {
        const run = await runCli(["capacity", "--balancers", "alb-x,alb-y"]);
        expect(run.code).to.equal(1);
        expect(oneLine(run)).to.match(
            /^scope-ingress: could not measure any ALB of the internet-facing pool \(alb-x: LoadBalancerNotFound: no ALB named "alb-x".*; alb-y: LoadBalancerNotFound.*\); check the ALB names, --region/,
        );
        expect(noteBelow(run.stdout, "alb-x")).to.match(/^skipped: LoadBalancerNotFound: no ALB named "alb-x"/);
        expect(run.stdout.trimEnd().split("\n").pop()).to.equal("No ALB of the pool could be measured.");
    });

    it("exits 1 without AWS credentials, saying so once for the ALBs that failed alike", async () => {
        const run = await runCli(["capacity", "--balancers", "alb-a,alb-b"], noCredentials());
        expect(run.code).to.equal(1);
        expect(oneLine(run)).to.match(
            /could not measure any ALB of the internet-facing pool \(alb-a, alb-b: DescribeLoadBalancers failed: CredentialsProviderError: .*\); check .*AWS credentials/,
        );
        expect(world.proxy.count(), "no request reaches AWS unsigned").to.equal(0);
    });

    it("exits 1 before any AWS call when no region is known, and takes --region when given", async () => {
        const none = await runCli(["capacity", "--balancers", "alb-a"], noRegion());
        expect(none.code).to.equal(1);
        expect(oneLine(none)).to.equal(
            "scope-ingress: no AWS region: pass --region (e.g. --region us-east-1), set AWS_REGION, or set aws:region in the --stack-config file.",
        );
        expect(world.proxy.count()).to.equal(0);
        const given = await runCli(["capacity", "--balancers", "alb-a", "--region", "us-east-1", "--json"], noRegion());
        expect(given.code, given.stderr).to.equal(0);
        expect(JSON.parse(given.stdout)).to.deep.include({ region: "us-east-1", next: "alb-a" });
    });

    it("warns on stderr when --max-rules is above the AWS default quota of 100, and keeps the exit status", async () => {
        const [fits, full, atQuota] = await Promise.all([
            runCli(["capacity", "--balancers", "alb-a,alb-b", "--max-rules", "150"]),
            runCli(["capacity", "--balancers", "alb-a", "--max-rules", "101", "--expected-rules", "62", "--json"]),
            runCli(["capacity", "--balancers", "alb-a,alb-b", "--max-rules", "100"]),
        ]);
        expect(fits.code, fits.stderr).to.equal(0);
        expect(oneLine(fits)).to.equal(
            "scope-ingress: warning: --max-rules: 150 is above the AWS default quota of 100 rules per ALB " +
                '("Rules per Application Load Balancer"); AWS refuses rules past an account\'s quota: check in Service Quotas that yours is at least 150, ' +
                "or lower --max-rules to 100 or less",
        );
        expect(fits.stdout).to.match(/threshold 150 rules per ALB/);
        // alb-a: 40 + 62 > 101, so the pool is full: exit 2 as without the warning, whose line comes first.
        expect(full.code).to.equal(2);
        const lines = full.stderr.trimEnd().split("\n");
        expect(lines).to.have.length(2);
        expect(lines[0]).to.match(
            /^scope-ingress: warning: --max-rules: 101 is above the AWS default quota of 100 rules per ALB/,
        );
        expect(lines[1]).to.match(
            /^scope-ingress: no ALB of the internet-facing pool has room for 62 more rule\(s\) under --max-rules 101;/,
        );
        expect(atQuota.code, atQuota.stderr).to.equal(0);
        expect(atQuota.stderr).to.equal("");
    });

    describe("in an 80-column terminal", () => {
        it("the help of the program and of both commands fits, with examples, and marks the required flag", async () => {
            const [program, capacity, place] = await Promise.all([
                runCli(["--help"]),
                runCli(["capacity", "--help"]),
                runCli(["place", "--help"]),
            ]);
            for (const help of [program, capacity, place]) {
                expect(help.code, help.stderr).to.equal(0);
                expect(widest(help.stdout), help.stdout).to.be.at.most(80);
                expect(help.stdout).to.match(/\nExamples:\n {2}\$ scope-ingress (capacity|place) --/);
            }
            expect(capacity.stdout).to.match(/\n {2}--wide +show every column/);
            expect(capacity.stdout).to.match(/\nExit status: 0 the next scope fits; 2 no ALB has room/);
            expect(capacity.stdout).to.not.include("(required)");
            expect(place.stdout).to.match(/^Usage: scope-ingress place --scopes <n> \[options\]\n/);
            expect(place.stdout).to.match(/\n {2}--scopes <n> +how many new scopes to place, 1-10000\s+\(required\)\n/);
        });

        it("the capacity table fits by default: total, a short bar and room per ALB, and its note on a row beneath it", async () => {
            // The longest name AWS allows (32 characters, the default base ALB's), and an AWS error long enough to wrap.
            const run = await runCli([
                "capacity",
                "--balancers",
                "alb-a,k8s-nullplatform-internet-facing,alb-c",
                "--max-rules",
                "35",
            ]);
            expect(run.code, run.stderr).to.equal(0);
            expect(widest(run.stdout), run.stdout).to.be.at.most(80);
            expect(run.stdout).to.match(
                /^internet-facing pool in us-east-1: 3 ALBs, threshold 35 rules per ALB\.\nA new scope adds 1 rule\.\n/,
            );
            expect(rowCells(run.stdout, "ALB")).to.deep.equal(["", "ALB", "rules", "used", "room"]);
            expect(rowCells(run.stdout, "alb-a")).to.deep.equal([
                "",
                "alb-a",
                "40",
                usageBar(40, 35, NARROW_BAR_WIDTH),
                "-5",
            ]);
            expect(rowCells(run.stdout, "alb-c")).to.deep.equal(["->", "alb-c", "30", "[########..]  86%", "5"]);
            expect(noteBelow(run.stdout, "alb-a")).to.equal("full: no room for 1 more rule");
            expect(noteBelow(run.stdout, "k8s-nullplatform-internet-facing")).to.equal(
                'skipped: LoadBalancerNotFound: no ALB named "k8s-nullplatform-internet-facing" exists in this account and region',
            );
            expect(noteBelow(run.stdout, "alb-c")).to.equal("");
            expect(run.stdout.trimEnd().split("\n").pop()).to.equal("Next scope -> alb-c (30 rules, room 5).");
        });

        it("--wide shows the columns the default table leaves out: state, rules per listener, threshold, and the notes in a column", async () => {
            const args = ["capacity", "--balancers", "alb-a,alb-b"];
            const [narrow, wide] = await Promise.all([runCli(args), runCli([...args, "--wide"])]);
            expect(rowCells(narrow.stdout, "ALB")).to.deep.equal(["", "ALB", "rules", "used", "room"]);
            expect(rowCells(wide.stdout, "ALB")).to.deep.equal([
                "",
                "ALB",
                "state",
                "rules per listener",
                "total",
                "threshold",
                "used",
                "room",
                "note",
            ]);
            expect(rowCells(wide.stdout, "alb-a")).to.deep.equal([
                "",
                "alb-a",
                "active",
                "HTTP:80 15, HTTPS:443 25",
                "40",
                "75",
                usageBar(40, 75),
                "35",
                "",
            ]);
            expect(widest(wide.stdout)).to.be.above(80);
        });
    });

    describe("--stack-config", () => {
        it("reads the pool (a YAML list of additional ALBs) and aws:region from Pulumi.<stack>.yaml", async () => {
            const file = writeStackConfig(
                [
                    "config:",
                    "  aws:region: us-east-1",
                    "  scope-ingress:publicBalancer: alb-a",
                    "  scope-ingress:additionalPublicBalancers:",
                    "    - alb-b",
                    "    - alb-c",
                    "  scope-ingress:privateBalancer: alb-int",
                ].join("\n"),
            );
            const run = await runCli(["capacity", "--stack-config", file, "--json"], noRegion());
            expect(run.code, run.stderr).to.equal(0);
            const report = JSON.parse(run.stdout) as CapacityReport;
            expect(report.region).to.equal("us-east-1");
            expect(report.balancers.map(b => b.name)).to.deep.equal(["alb-a", "alb-b", "alb-c"]);
            expect(report.next).to.equal("alb-b");
            const internal = JSON.parse(
                (await runCli(["capacity", "--stack-config", file, "--visibility", "internal", "--json"], noRegion()))
                    .stdout,
            ) as CapacityReport;
            expect(internal.balancers.map(b => [b.name, b.rules])).to.deep.equal([["alb-int", 4]]);
        });

        it("accepts the additional ALBs as a JSON-array string, and lets --balancers override the pool", async () => {
            const file = writeStackConfig(
                `config:\n  scope-ingress:publicBalancer: alb-a\n  scope-ingress:additionalPublicBalancers: '["alb-c"]'\n`,
            );
            const fromFile = JSON.parse(
                (await runCli(["capacity", "--stack-config", file, "--json"])).stdout,
            ) as CapacityReport;
            expect(fromFile.balancers.map(b => b.name)).to.deep.equal(["alb-a", "alb-c"]);
            expect(fromFile.next).to.equal("alb-c");
            const overridden = JSON.parse(
                (await runCli(["capacity", "--stack-config", file, "--balancers", "alb-b", "--json"])).stdout,
            ) as CapacityReport;
            expect(overridden.balancers.map(b => b.name)).to.deep.equal(["alb-b"]);
        });

        it("warns when the file holds none of the visibility's pool keys, naming the keys it looked for and the ones it has", async () => {
            const file = writeStackConfig("config:\n  aws:region: us-east-1\n  scope-ingress:publicBalancers: alb-a\n");
            const [typo, named] = await Promise.all([
                runCli(["capacity", "--stack-config", file, "--json"]),
                runCli(["capacity", "--stack-config", file, "--balancers", "alb-a", "--json"]),
            ]);
            const lines = typo.stderr.trimEnd().split("\n");
            expect(lines[0]).to.equal(
                `scope-ingress: warning: --stack-config: ${JSON.stringify(file)} holds neither scope-ingress:publicBalancer ` +
                    "nor scope-ingress:additionalPublicBalancers (its scope-ingress keys: scope-ingress:publicBalancers), so the internet-facing pool is " +
                    "the default ALB k8s-nullplatform-internet-facing; name the pool in the stack's settings file (Pulumi.<stack>.yaml), or pass --balancers",
            );
            // The pool is then what the provider would use; there is no such ALB here, so the exit status is the usual 1.
            expect((JSON.parse(typo.stdout) as CapacityReport).balancers.map(b => b.name)).to.deep.equal([
                "k8s-nullplatform-internet-facing",
            ]);
            expect(typo.code).to.equal(1);
            expect(lines.slice(1)).to.have.length(1);
            expect(lines[1]).to.match(
                /^scope-ingress: could not measure any ALB of the internet-facing pool \(k8s-nullplatform-internet-facing: LoadBalancerNotFound/,
            );
            // --balancers names the pool: the file is read for aws:region only, and nothing is missing.
            expect(named.code, named.stderr).to.equal(0);
            expect(named.stderr).to.equal("");
        });

        it("takes --region over an encrypted aws:region, which it cannot read", async () => {
            const file = writeStackConfig(
                "config:\n  aws:region:\n    secure: v1:c2FsdA==:ZW5jcnlwdGVk\n  scope-ingress:publicBalancer: alb-a\n",
            );
            const run = await runCli(
                ["capacity", "--stack-config", file, "--region", "us-east-1", "--json"],
                noRegion(),
            );
            expect(run.code, run.stderr).to.equal(0);
            expect(JSON.parse(run.stdout)).to.deep.include({ region: "us-east-1", next: "alb-a" });
        });

        it("exits 1 naming the stack-config key that holds a bad ALB name", async () => {
            const file = writeStackConfig(`config:\n  scope-ingress:publicBalancer: internal-alb\n`);
            const run = await runCli(["capacity", "--stack-config", file]);
            expect(run.code).to.equal(1);
            expect(oneLine(run)).to.match(
                /^scope-ingress: stack config scope-ingress:publicBalancer: "internal-alb" is not a valid ALB name: it must not begin with "internal-"/,
            );
            expect(world.proxy.count()).to.equal(0);
        });
    });

    describe("bad input: exit 1, one line that says what to do, no stack trace, no AWS call", () => {
        const cases: Array<[string, string[], RegExp]> = [
            [
                "an unknown flag",
                ["capacity", "--balancer", "alb-a"],
                /^scope-ingress: unknown option '--balancer' \(Did you mean --balancers\?\); run "scope-ingress capacity --help" for the options\.$/,
            ],
            [
                "a malformed ALB name",
                ["capacity", "--balancers", "alb-a,alb_b"],
                /^scope-ingress: --balancers item 2: "alb_b" is not a valid ALB name: it may contain only letters, digits and hyphens/,
            ],
            [
                "a non-numeric threshold",
                ["capacity", "--balancers", "alb-a", "--max-rules", "abc"],
                /^scope-ingress: --max-rules: "abc" is not a whole number; set it to the number of listener rules one ALB may carry/,
            ],
            [
                "a fractional expected-rules",
                ["capacity", "--balancers", "alb-a", "--expected-rules", "1.5"],
                /^scope-ingress: --expected-rules: 1\.5 is not a whole number/,
            ],
            [
                "an empty list",
                ["capacity", "--balancers", ""],
                /^scope-ingress: --balancers: "" names no ALB; give ALB names separated by commas/,
            ],
            [
                "an unknown visibility",
                ["capacity", "--balancers", "alb-a", "--visibility", "public"],
                /^scope-ingress: --visibility: "public" is not a visibility; use "internet-facing" or "internal"/,
            ],
            [
                "a missing stack config file",
                ["capacity", "--stack-config", "/nonexistent/Pulumi.dev.yaml"],
                /^scope-ingress: --stack-config: cannot read "\/nonexistent\/Pulumi\.dev\.yaml" \(ENOENT\); give the path/,
            ],
            [
                "a threshold past 2^53",
                ["capacity", "--balancers", "alb-a", "--max-rules", "99999999999999999999"],
                /^scope-ingress: --max-rules: 99999999999999999999 must be at most 10000; set it to the number of listener rules one ALB may carry/,
            ],
            [
                "a threshold past the CLI's bound",
                ["capacity", "--balancers", "alb-a", "--max-rules", "10001"],
                /^scope-ingress: --max-rules: 10001 must be at most 10000; /,
            ],
            [
                "a negative expected-rules past 2^53",
                ["capacity", "--balancers", "alb-a", "--expected-rules", "-99999999999999999999"],
                /^scope-ingress: --expected-rules: -99999999999999999999 must be at least 1; set it to the number of listener rules one new scope adds/,
            ],
            [
                "aws:region: 5 in the stack file",
                [
                    "capacity",
                    "--stack-config",
                    writeStackConfig("config:\n  aws:region: 5\n  scope-ingress:publicBalancer: alb-a\n"),
                ],
                /^scope-ingress: stack config aws:region: 5 is not an AWS region code; give a region code such as us-east-1, or pass --region$/,
            ],
            [
                "an encrypted aws:region in the stack file",
                [
                    "capacity",
                    "--stack-config",
                    writeStackConfig(
                        "config:\n  aws:region:\n    secure: v1:c2FsdA==:ZW5jcnlwdGVk\n  scope-ingress:publicBalancer: alb-a\n",
                    ),
                ],
                /^scope-ingress: stack config aws:region: is encrypted; pass --region, e\.g\. --region us-east-1 \(the CLI does not decrypt stack secrets\)$/,
            ],
            [
                "an encrypted pool key in the stack file",
                [
                    "capacity",
                    "--stack-config",
                    writeStackConfig(
                        "config:\n  scope-ingress:publicBalancer:\n    secure: v1:c2FsdA==:ZW5jcnlwdGVk\n",
                    ),
                ],
                /^scope-ingress: stack config scope-ingress:publicBalancer: is encrypted; set it without --secret .*, or pass --balancers$/,
            ],
            [
                "an unknown command",
                ["capcity"],
                /^scope-ingress: unknown command 'capcity' \(Did you mean capacity\?\); run "scope-ingress --help"/,
            ],
        ];
        for (const [what, args, message] of cases) {
            it(what, async () => {
                const run = await runCli(args);
                expect(run.code).to.equal(1);
                expect(run.stdout).to.equal("");
                expect(oneLine(run)).to.match(message);
                expect(world.proxy.count()).to.equal(0);
            });
        }
    });
});
