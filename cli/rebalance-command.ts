/** `scope-ingress rebalance`: reads the pool and its scopes, plans the moves, prints them, and says how it ends. */
import { BALANCER_NAME_FIX, balancerNameProblem } from "../core/balancer-name";
import { InvalidInputError, Problems } from "../core/problems";
import { resolveThresholds } from "../core/quota-thresholds";
import { planRebalance } from "../core/rebalance-plan";
import { wholeNumberProblem } from "../core/rule-limits";
import { EXIT, Outcome } from "./exit-status";
import { MAX_FLAG_NUMBER, readNumberFlag } from "./number-flags";
import { PoolArguments, PoolFlags, resolvePoolArguments } from "./pool-arguments";
import { measurePool } from "./pool-measurement";
import { readClusterForRebalance, rebalanceInputs } from "./rebalance-inputs";
import { RebalanceReport, buildRebalanceReport, renderRebalanceReport } from "./rebalance-report";

/** Rules an ALB may be off the pool's mean when `--tolerance` is not given. */
export const DEFAULT_TOLERANCE = 5;

/** `rebalance`'s own flags, as commander hands them over. */
export interface RebalanceFlags extends PoolFlags {
    /** `--tolerance <rules>`: rules an ALB may be off the mean; default {@link DEFAULT_TOLERANCE}. */
    tolerance?: string;
    /** `--drain <alb>`: the ALB to empty instead of balancing; default none. */
    drain?: string;
    /** `--json`: print the report as JSON; default a table. */
    json?: boolean;
}

/** The flags checked: the pool's, and the tolerance and drained ALB. Throws one error naming every bad flag. */
export function resolveRebalanceArguments(
    flags: RebalanceFlags,
): PoolArguments & { tolerance: number; drain?: string } {
    const problems = new Problems();
    let pool: PoolArguments | undefined;
    try {
        pool = resolvePoolArguments(flags);
    } catch (err) {
        // The pool's problems and these flags' in one error.
        if (!(err instanceof InvalidInputError)) {
            throw err;
        }
        problems.addAll(err.problems);
    }
    const fix = `give how many listener rules an ALB may be off the pool's mean, 0-${MAX_FLAG_NUMBER}, e.g. --tolerance 5`;
    const raw = readNumberFlag(
        flags.tolerance ?? String(DEFAULT_TOLERANCE),
        { name: "--tolerance", min: 0, max: MAX_FLAG_NUMBER, fix },
        problems,
    );
    if (raw !== undefined) {
        problems.check("--tolerance", raw, wholeNumberProblem(raw, 0, MAX_FLAG_NUMBER), fix);
    }
    if (flags.drain !== undefined) {
        const candidates = pool?.pool.candidates ?? [];
        const named = problems.check("--drain", flags.drain, balancerNameProblem(flags.drain), BALANCER_NAME_FIX);
        if (named && pool !== undefined) {
            problems.check(
                "--drain",
                flags.drain,
                candidates.includes(flags.drain) ? undefined : "is not an ALB of the pool",
                `name one of ${candidates.join(", ")}, or add it to --balancers`,
            );
        }
    }
    problems.throwIfAny();
    return { ...pool!, tolerance: raw as number, ...(flags.drain !== undefined && { drain: flags.drain }) };
}

/**
 * Runs `rebalance`: measures the pool (and reads the account's limits and ACM's certificates), reads the cluster's
 * Ingresses, plans, prints; changes nothing.
 */
export async function rebalance(flags: RebalanceFlags, warn: (args: PoolArguments) => void): Promise<Outcome> {
    const args = resolveRebalanceArguments(flags);
    warn(args);
    // ACM too: a scope's certificates are those the controller discovers for its hosts, unless it names them.
    const { region, measurements, accountLimits, catalog } = await measurePool(args, true);
    const cluster = await readClusterForRebalance(args.coordinationNamespace, region);
    // Every dimension's threshold from its flag, a share ("75%") of the account's own limit, as capacity and place judge it.
    const threshold = resolveThresholds(args.thresholds, accountLimits.limits);
    const inputs = rebalanceInputs(args.pool, measurements, cluster, threshold, args.drain, catalog.certificates);
    // Said only when some ALB was measured (else the measurement's own failure says what is wrong), and for ACM only
    // when some scope's certificates had to be guessed.
    const measured = measurements.some(m => m.kind === "measured");
    for (const warning of [
        measured ? accountLimits.warning : undefined,
        inputs.certificatesAssumed ? catalog.warning : undefined,
    ]) {
        if (warning !== undefined) {
            process.stderr.write(`scope-ingress: warning: ${warning}\n`);
        }
    }
    const drainLeftOut = inputs.leftOut.find(b => b.name === args.drain);
    if (drainLeftOut !== undefined) {
        return {
            exitCode: EXIT.FAILURE,
            message: `--drain ${args.drain}: the ALB cannot be planned for (${drainLeftOut.reason}); fix that, or drain an ALB of the pool that AWS measures.`,
        };
    }
    if (inputs.balancers.length === 0) {
        return {
            exitCode: EXIT.FAILURE,
            message: `no ALB of the ${args.pool.visibility} pool can take part (${inputs.leftOut.map(b => `${b.name}: ${b.reason}`).join("; ")}); check the ALB names, --region, --visibility and the AWS credentials.`,
        };
    }
    const plan = planRebalance({
        balancers: inputs.balancers,
        scopes: inputs.scopes,
        tolerance: args.tolerance,
        ...(args.drain !== undefined && { drain: args.drain }),
    });
    const report = buildRebalanceReport(plan, args.pool, region, inputs.leftOut, args.coordinationNamespace);
    process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : renderRebalanceReport(report));
    return rebalanceOutcome(report);
}

/** How `rebalance` ends: 0 when the plan reaches its goal (or nothing needs doing), {@link EXIT.UNREACHABLE} when not. */
export function rebalanceOutcome(report: RebalanceReport): Outcome {
    if (report.reached) {
        return { exitCode: EXIT.OK };
    }
    if (report.goal === "drain") {
        return {
            exitCode: EXIT.UNREACHABLE,
            message: `${report.drain} cannot be emptied: ${report.blocked.map(b => `${b.namespace}/${b.name}`).join(", ")} fit(s) on no other ALB; add an ALB to the pool or raise the thresholds.`,
        };
    }
    return {
        exitCode: EXIT.UNREACHABLE,
        message: `no plan brings every ALB within ${report.tolerance} rule(s) of the mean ${report.meanRules}; raise --tolerance, add an ALB, or raise the thresholds.`,
    };
}
