/** The CLI's pool flags turned into a pool, limits and a region, with the engine's own rules. */
import { regionProblem } from "../core/aws-region-code";
import { BALANCER_NAME_FIX, balancerNameProblem } from "../core/balancer-name";
import { CandidatePool, PoolSelection, VISIBILITY_FIX, Visibility, resolveCandidatePool, visibilityProblem } from "../core/candidate-pool";
import { Problems } from "../core/problems";
import { RuleLimits, resolveRuleLimits, wholeNumberProblem } from "../core/rule-limits";
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
 * for the visibility, exactly as the provider would resolve it. Throws one error naming every bad flag.
 */
export function resolvePoolArguments(flags: PoolFlags): PoolArguments {
    const problems = new Problems();
    const visibility = (flags.visibility ?? "internet-facing") as Visibility;
    const visibilityOk = problems.check("--visibility", visibility, visibilityProblem(visibility), VISIBILITY_FIX);
    const stack = flags.stackConfig === undefined ? undefined : readStackConfigFile(flags.stackConfig);
    const known = problems.list.length;
    const selection = flags.balancers === undefined ? {} : balancerList(flags.balancers, problems);
    // The visibility and --balancers were checked above under their flags' names: the pool is resolved only
    // from what passed, so no problem is reported twice under the engine's field names.
    const pool = visibilityOk && problems.list.length === known
        ? resolveCandidatePool(visibility, selection, stack?.read, problems)
        : { visibility, base: "", candidates: [] };
    // The CLI never falls back to the base ALB: a report on an unmeasured pool would be a guess.
    const limits = resolveRuleLimits(
        { maxRules: numberFlag(flags.maxRules), expectedRules: numberFlag(flags.expectedRules), strict: true },
        { maxRules: "--max-rules", expectedRules: "--expected-rules" }, problems);
    const region = flags.region ?? stack?.region;
    if (region !== undefined) {
        problems.check(flags.region !== undefined ? "--region" : "aws:region of --stack-config", region, regionProblem(region), "give a region code such as us-east-1");
    }
    problems.throwIfAny();
    return { pool, limits, region };
}

/** Parses `--scopes`: how many new scopes `place` simulates. */
export function resolveScopeCount(raw: string | undefined): number {
    const scopes = numberFlag(raw);
    const problems = new Problems();
    problems.check("--scopes", scopes, wholeNumberProblem(scopes, 1, MAX_PREVIEW_SCOPES),
        `give how many new scopes to place, from 1 to ${MAX_PREVIEW_SCOPES}, e.g. --scopes 10; preview more in several runs`);
    problems.throwIfAny();
    return scopes as number;
}

function balancerList(raw: string, problems: Problems): PoolSelection {
    const names = raw.split(",").map(name => name.trim());
    if (!problems.check("--balancers", raw, names.every(name => name === "") ? "names no ALB" : undefined,
        "give ALB names separated by commas, the base first, e.g. --balancers alb-a,alb-b")) {
        return {};
    }
    names.forEach((name, i) => problems.check(`--balancers item ${i + 1}`, name, balancerNameProblem(name), BALANCER_NAME_FIX));
    return { base: names[0], additional: names.slice(1) };
}

/**
 * A decimal flag becomes a number; anything else stays the string it was, so the engine's check
 * reports it as typed (`got "abc"`) instead of as `NaN`.
 */
function numberFlag(raw: string | undefined): unknown {
    return raw !== undefined && /^[+-]?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw;
}
