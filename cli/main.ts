#!/usr/bin/env node
/**
 * `scope-ingress`: how full an ALB pool is, where new scopes would go, and which scopes to move to even it out,
 * with the engine the provider places scopes with. Reads AWS (and the cluster); changes nothing.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Command, CommanderError, Help, Option } from "commander";
import { InvalidInputError, Problem, renderProblem } from "../core/problems";
import { AWS_RULES_PER_ALB_QUOTA, DEFAULT_EXPECTED_RULES, DEFAULT_MAX_RULES } from "../core/rule-limits";
import { buildCapacityReport } from "./capacity-report";
import { CoordinatedLoad, withClusterLoad } from "./coordinated-load";
import { drainingScopes, renderDrainingMembers } from "./draining-scopes";
import { EXIT, Outcome, capacityOutcome, placementOutcome } from "./exit-status";
import { MAX_FLAG_NUMBER } from "./number-flags";
import {
    MAX_PREVIEW_SCOPES,
    PoolArguments,
    PoolFlags,
    resolvePoolArguments,
    resolveScopeCount,
} from "./pool-arguments";
import { measurePool } from "./pool-measurement";
import { previewPlacements } from "./placement-preview";
import { DEFAULT_TOLERANCE, rebalance } from "./rebalance-command";
import { scopeQuotaCheck } from "../core/quota-check";
import type { Usage } from "../core/quota-dimensions";
import type { RuleLimits } from "../core/rule-limits";
import { renderCapacityReport, renderPlacementPreview } from "./report-tables";
import { wrapToTerminal } from "./terminal-text";

const PROGRAM = "scope-ingress";

interface OutputFlags {
    json?: boolean;
    wide?: boolean;
}

async function capacity(flags: PoolFlags & OutputFlags): Promise<Outcome> {
    const args = resolvePoolArguments(flags);
    warn(args.warnings);
    const { region, measurements, breakdown, held, limits, accountLimits } = await measureWithCluster(args);
    const report = buildCapacityReport(
        args.pool,
        measurements,
        limits,
        region,
        args.coordinationNamespace === undefined ? undefined : { namespace: args.coordinationNamespace, breakdown },
        { held, accountLimits },
    );
    const draining = await drainingScopes(args.draining);
    process.stdout.write(
        flags.json
            ? `${JSON.stringify(draining.length === 0 ? report : { ...report, draining }, null, 2)}\n`
            : renderCapacityReport(report, { wide: flags.wide }) + renderDrainingMembers(draining),
    );
    return capacityOutcome(report);
}

async function place(flags: PoolFlags & OutputFlags & { scopes?: string }): Promise<Outcome> {
    const args = resolvePoolArguments(flags);
    const scopes = resolveScopeCount(flags.scopes);
    warn(args.warnings);
    const { region, measurements, held, limits, accountLimits } = await measureWithCluster(args);
    const preview = previewPlacements(args.pool, measurements, limits, scopes, region, args.coordinationNamespace, {
        held,
        accountLimits,
    });
    process.stdout.write(
        flags.json ? `${JSON.stringify(preview, null, 2)}\n` : renderPlacementPreview(preview, { wide: flags.wide }),
    );
    return placementOutcome(
        preview,
        measurements.some(m => m.kind === "measured"),
    );
}

/**
 * The pool's measurement and the account's limits, with the cluster's Ingresses and reservations counted in when a
 * coordination namespace is given, and the limits that judge every quota dimension (a new scope of the CLI is known by
 * its `--expected-rules` only: it adds those rules and one target group).
 */
async function measureWithCluster(
    args: PoolArguments,
): Promise<CoordinatedLoad & { region: string; limits: RuleLimits; accountLimits: Usage }> {
    const { region, measurements, accountLimits } = await measurePool(args);
    // Said only when some ALB was measured: when none is, the measurement's own failure says what is wrong.
    if (accountLimits.warning !== undefined && measurements.some(m => m.kind === "measured")) {
        process.stderr.write(`${PROGRAM}: warning: ${accountLimits.warning}\n`);
    }
    const quotas = scopeQuotaCheck({
        thresholds: args.thresholds,
        accountLimits: accountLimits.limits,
        expectedRules: args.limits.expectedRules,
    });
    // A --max-rules given as a share is judged, and reported, as that share of the account's quota.
    const limits = { ...args.limits, maxRules: quotas.thresholds.rules, quotas };
    const load =
        args.coordinationNamespace === undefined
            ? { measurements, breakdown: new Map(), held: new Map() }
            : await withClusterLoad(measurements, args.coordinationNamespace, region);
    return { region, ...load, limits, accountLimits: accountLimits.limits };
}

/** One stderr line per argument accepted with a warning, before AWS is asked: the exit status is the report's. */
function warn(warnings: readonly Problem[]): void {
    for (const warning of warnings) {
        process.stderr.write(`${PROGRAM}: warning: ${renderProblem(warning)}\n`);
    }
}

/**
 * The options every command shares: which pool, judged by which limits, printed how. `rebalance` places no new
 * scope and has one table, so it takes neither `--expected-rules` nor `--wide`.
 */
function withPoolOptions(command: Command, placing = true): Command {
    command
        .option("--balancers <names>", "the pool: ALB names separated by commas, the base ALB first")
        .option(
            "--stack-config <file>",
            "read the pool (scope-ingress:publicBalancer, ...) and aws:region from a Pulumi.<stack>.yaml",
        )
        .option(
            "--pool-json <file>",
            "the pool a BalancerPool exports (pulumi stack output <name> --json): members, visibility, region, limit, namespace; draining members are no candidates",
        )
        .option("--visibility <scheme>", 'which pool: "internet-facing" or "internal"', "internet-facing")
        .option(
            "--region <region>",
            "AWS region of the ALBs (default: the stack's aws:region, then AWS_REGION / the profile)",
        )
        .option(
            "--max-rules <n>",
            `rules one ALB may carry, 0-${MAX_FLAG_NUMBER}, or a share of the account's quota such as 75% (default ${DEFAULT_MAX_RULES}; the AWS default quota is ${AWS_RULES_PER_ALB_QUOTA})`,
        );
    if (placing) {
        command.option(
            "--expected-rules <n>",
            `rules one new scope adds, 1-${MAX_FLAG_NUMBER} (default ${DEFAULT_EXPECTED_RULES})`,
        );
    }
    command
        .option(
            "--max-target-groups <n|n%>",
            'target groups one ALB may carry: a number, or a share of the account\'s limit (default "75%" of 100)',
        )
        .option(
            "--max-certificates <n|n%>",
            'certificates one ALB may carry, default ones not counted (default "75%" of the account\'s quota)',
        )
        .option("--max-listeners <n|n%>", 'listeners one ALB may carry (default "75%" of the account\'s quota)')
        .option(
            "--coordination-namespace <ns>",
            "count the cluster's Ingresses and the reservations in flight in this namespace, as the provider does (default: the stack's scope-ingress:coordinationNamespace)",
        )
        .option("--json", "print machine-readable JSON instead of a table");
    if (placing) {
        command.option("--wide", "show every column of the table; it is then wider than 80 columns");
    }
    return command.configureOutput({ outputError: (text, write) => write(usageError(text, command.name())) });
}

/** Help text after the options: examples, then paragraphs wrapped to 80 columns as commander wraps its own. */
function helpAfter(examples: string[], ...paragraphs: string[]): string {
    return [
        "",
        "Examples:",
        ...examples.map(e => `  $ ${PROGRAM} ${e}`),
        ...paragraphs.flatMap(p => ["", wrapToTerminal(p)]),
    ].join("\n");
}

const POOL_HELP =
    "The pool: --balancers, else the --stack-config keys scope-ingress:publicBalancer and " +
    "scope-ingress:additionalPublicBalancers (privateBalancer and additionalPrivateBalancers for --visibility internal), " +
    "else the default ALB k8s-nullplatform-<visibility>, as the provider resolves it.";

/** Commander's error as one line that says where to look next, e.g. for a mistyped flag. */
function usageError(text: string, commandName: string): string {
    const help = commandName === PROGRAM ? `${PROGRAM} --help` : `${PROGRAM} ${commandName} --help`;
    return `${PROGRAM}: ${text
        .replace(/^error: /, "")
        .replace(/\s*\n\s*/g, " ")
        .trim()
        .replace(/\.$/, "")}; run "${help}" for the options.\n`;
}

/** An option's description as commander writes it, with a required option marked as such. */
function requiredMarked(this: Help, option: Option): string {
    const description = Help.prototype.optionDescription.call(this, option);
    return option.mandatory ? `${description} (required)` : description;
}

function packageVersion(): string {
    // dist/cli/main.js -> the package root, both in this repository and when installed.
    return (JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string })
        .version;
}

async function main(argv: string[]): Promise<number> {
    let outcome: Outcome = { exitCode: EXIT.OK };
    const program = new Command(PROGRAM)
        .description(
            "Capacity report, placement preview and rebalance plan for a pool of ALBs managed by pulumi-scope-ingress. Reads AWS (and the cluster); changes nothing.",
        )
        .version(packageVersion())
        // Commander would call process.exit itself; thrown instead, every exit goes through one place.
        .exitOverride()
        .configureOutput({ outputError: (text, write) => write(usageError(text, PROGRAM)) })
        // Set before the commands are added, which inherit it: a required option says so in every help.
        .configureHelp({ optionDescription: requiredMarked })
        .addHelpText(
            "after",
            helpAfter(
                [
                    "capacity --balancers k8s-public-1,k8s-public-2",
                    "capacity --stack-config Pulumi.prod.yaml --wide",
                    "place --stack-config Pulumi.prod.yaml --scopes 40",
                    "rebalance --stack-config Pulumi.prod.yaml --tolerance 5",
                ],
                `Run "${PROGRAM} <command> --help" for a command's options and exit status.`,
            ),
        );
    withPoolOptions(
        program
            .command("capacity")
            .description("how full each ALB of the pool is, and which ALB the next scope would go to"),
    )
        .addHelpText(
            "after",
            helpAfter(
                [
                    "capacity --balancers k8s-public-1,k8s-public-2,k8s-public-3",
                    "capacity --stack-config Pulumi.prod.yaml --visibility internal",
                    "capacity --stack-config Pulumi.prod.yaml --wide",
                    "capacity --stack-config Pulumi.prod.yaml --json",
                    "capacity --pool-json pool.json",
                ],
                POOL_HELP,
                "Exit status: 0 the next scope fits; 2 no ALB has room for it; 1 bad usage, no region, or no ALB could be measured.",
            ),
        )
        .action(async flags => {
            outcome = await capacity(flags);
        });
    withPoolOptions(
        program
            .command("place")
            .description("where N new scopes would go, placed as the provider places them in one deployment")
            .usage("--scopes <n> [options]")
            .requiredOption("--scopes <n>", `how many new scopes to place, 1-${MAX_PREVIEW_SCOPES}`),
    )
        .addHelpText(
            "after",
            helpAfter(
                [
                    "place --balancers k8s-public-1,k8s-public-2 --scopes 40",
                    "place --stack-config Pulumi.prod.yaml --scopes 40 --wide",
                ],
                POOL_HELP,
                "Exit status: 0 every scope fits; 2 some would not fit; 1 bad usage, no region, or no ALB could be measured.",
            ),
        )
        .action(async flags => {
            outcome = await place(flags);
        });
    withPoolOptions(
        program
            .command("rebalance")
            .description(
                "the fewest scope moves that bring every ALB within a tolerance of the mean, or empty one ALB (--drain)",
            )
            .option(
                "--tolerance <rules>",
                `listener rules an ALB may be off the pool's mean, 0-${MAX_FLAG_NUMBER} (default ${DEFAULT_TOLERANCE})`,
            )
            .option("--drain <alb>", "plan the moves that empty this ALB of its scopes instead of balancing"),
        false,
    )
        .addHelpText(
            "after",
            helpAfter(
                [
                    "rebalance --balancers k8s-public-1,k8s-public-2,k8s-public-3",
                    "rebalance --stack-config Pulumi.prod.yaml --tolerance 10",
                    "rebalance --stack-config Pulumi.prod.yaml --drain k8s-public-2",
                    "rebalance --stack-config Pulumi.prod.yaml --json",
                ],
                POOL_HELP,
                "Reads the ALBs from AWS and every Ingress of the cluster (the kubeconfig's current context); a scope is an " +
                    "Ingress whose load-balancer-name and group.name are a pool ALB's name. Moves are make-before-break: " +
                    "a move counts the scope on both ALBs, and no step takes an ALB past a threshold in any dimension. " +
                    "Apply each move in order by setting the scope's pinnedBalancer to the value shown. Changes nothing.",
                "Exit status: 0 the plan reaches the goal, or nothing needs doing; 3 no plan brings every ALB within the " +
                    "tolerance, or the ALB cannot be emptied; 1 bad usage, no region, no ALB could be measured, or the cluster could not be read.",
            ),
        )
        .action(async flags => {
            outcome = await rebalance(flags, args => warn(args.warnings));
        });
    try {
        await program.parseAsync(argv);
    } catch (err) {
        if (err instanceof CommanderError) {
            // Commander has printed its message (or the help/version asked for) already.
            return err.exitCode === 0 ? EXIT.OK : EXIT.FAILURE;
        }
        // Every bad flag on the one stderr line, each with its fix.
        const message =
            err instanceof InvalidInputError
                ? err.problems.map(renderProblem).join("; ")
                : String((err as Error)?.message ?? err);
        outcome = { exitCode: EXIT.FAILURE, message };
    }
    if (outcome.message !== undefined) {
        process.stderr.write(`${PROGRAM}: ${outcome.message.replace(/\s*\n\s*/g, " ")}\n`);
    }
    return outcome.exitCode;
}

// exitCode rather than process.exit(): a piped stdout is flushed before the process ends.
void main(process.argv).then(code => {
    process.exitCode = code;
});
