/** The CLI's pool flags turned into a pool, limits and a region, with the engine's own rules. */
import { assertBalancerName } from "../core/balancer-name";
import { CandidatePool, PoolSelection, assertVisibility, resolveCandidatePool } from "../core/candidate-pool";
import { RuleLimits, limitProblem, resolveRuleLimits } from "../core/rule-limits";
import { readStackConfigFile } from "./stack-config-file";

/** The flags every command takes to name a pool, as commander hands them over (strings, unparsed). */
export interface PoolFlags {
    /** `--balancers alb-a,alb-b`: the base ALB first, then the additional ones. */
    balancers?: string;
    /** `--stack-config Pulumi.<stack>.yaml`: the pool (and `aws:region`) from a stack's settings. */
    stackConfig?: string;
    visibility?: string;
    region?: string;
    maxRules?: string;
    expectedRules?: string;
}

/** The pool to measure, the limits to judge it by, and where. */
export interface PoolArguments {
    pool: CandidatePool;
    limits: RuleLimits;
    /** `--region`, else the stack's `aws:region`; `undefined` leaves it to the AWS SDK's default chain. */
    region?: string;
}

/** More scopes than this are not a preview anyone needs, and would only make `place` slow. */
export const MAX_PREVIEW_SCOPES = 10_000;

/**
 * Turns the flags into a pool and limits with the engine's own resolution and checks: `--balancers`
 * wins over the stack config's pool keys, and without either the pool is the engine's default base ALB
 * for the visibility, exactly as the provider would resolve it. Throws a one-line error naming the flag.
 */
export function resolvePoolArguments(flags: PoolFlags): PoolArguments {
    const visibility = assertVisibility(flags.visibility ?? "internet-facing", "--visibility");
    const stack = flags.stackConfig === undefined ? undefined : readStackConfigFile(flags.stackConfig);
    const selection = flags.balancers === undefined ? {} : balancerList(flags.balancers);
    const pool = resolveCandidatePool(visibility, selection, stack?.read);
    // The CLI never falls back to the base ALB: a report on an unmeasured pool would be a guess.
    const limits = resolveRuleLimits(
        { maxRules: numberFlag(flags.maxRules), expectedRules: numberFlag(flags.expectedRules), strict: true },
        { maxRules: "--max-rules", expectedRules: "--expected-rules" });
    const region = flags.region ?? stack?.region;
    if (region !== undefined && !/^[a-z0-9-]+$/.test(region)) {
        throw new Error(`--region: ${JSON.stringify(region)} is not an AWS region name; give one such as us-east-1.`);
    }
    return { pool, limits, region };
}

/** Parses `--scopes`: how many new scopes `place` simulates. */
export function resolveScopeCount(raw: string | undefined): number {
    const scopes = numberFlag(raw);
    const problem = limitProblem("--scopes", scopes, 1, "give how many new scopes to place, e.g. --scopes 10");
    if (problem !== undefined) {
        throw new Error(problem);
    }
    if ((scopes as number) > MAX_PREVIEW_SCOPES) {
        throw new Error(`--scopes: must be at most ${MAX_PREVIEW_SCOPES}, got ${scopes}; preview fewer scopes at a time.`);
    }
    return scopes as number;
}

function balancerList(raw: string): PoolSelection {
    const names = raw.split(",").map(name => name.trim());
    if (names.every(name => name === "")) {
        throw new Error(`--balancers: ${JSON.stringify(raw)} names no ALB; give ALB names separated by commas, the base first, e.g. --balancers alb-a,alb-b.`);
    }
    names.forEach((name, i) => assertBalancerName(name, `--balancers item ${i + 1}`));
    return { base: names[0], additional: names.slice(1) };
}

/**
 * A decimal flag becomes a number; anything else stays the string it was, so the engine's check
 * reports it as typed (`got "abc"`) instead of as `NaN`.
 */
function numberFlag(raw: string | undefined): unknown {
    return raw !== undefined && /^[+-]?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw;
}
