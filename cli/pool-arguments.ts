/** The CLI's pool flags turned into a pool, limits and a region, with the engine's own rules. */
import { regionProblem } from "../core/aws-region-code";
import { BALANCER_NAME_FIX, balancerNameProblem } from "../core/balancer-name";
import {
    CandidatePool,
    POOL_CONFIG_KEYS,
    PoolSelection,
    VISIBILITY_FIX,
    Visibility,
    resolveCandidatePool,
    visibilityProblem,
} from "../core/candidate-pool";
import { dnsLabelProblem } from "../core/kubernetes-names";
import { Problem, Problems } from "../core/problems";
import { COORDINATION_CONFIG_KEY } from "../core/stack-config-keys";
import {
    AWS_RULES_PER_ALB_QUOTA,
    DEFAULT_MAX_RULES,
    RuleLimits,
    resolveRuleLimits,
    wholeNumberProblem,
} from "../core/rule-limits";
import { checkScopePool } from "../core/pool-reference-check";
import { missingPoolKeysWarning, quotaWarning } from "./argument-warnings";
import type { QuotaDimension } from "../core/quota-dimensions";
import { QuotaThresholds, THRESHOLD_FIELDS, checkThresholds } from "../core/quota-thresholds";
import { MAX_FLAG_NUMBER, readNumberFlag } from "./number-flags";
import { readPoolJsonFile } from "./pool-json-file";
import { StackConfigFile, readStackConfigFile } from "./stack-config-file";

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
    /** `--coordination-namespace <ns>`: count the cluster's Ingresses and the reservations in `ns`, as the provider does. */
    coordinationNamespace?: string;
    /** `--pool-json <file>`: a `BalancerPool`'s exported reference; it names the pool, visibility, region, thresholds and namespace. */
    poolJson?: string;
    /** `--max-target-groups`, `--max-certificates`, `--max-listeners`: a number, or a share of the account's limit (`75%`). */
    maxTargetGroups?: string;
    maxCertificates?: string;
    maxListeners?: string;
}

/** The pool to measure, the limits to judge it by, and where. */
export interface PoolArguments {
    pool: CandidatePool;
    limits: RuleLimits;
    /** `--region`, else the stack's `aws:region`; `undefined` leaves it to the AWS SDK's default chain. */
    region?: string;
    /** `--coordination-namespace`, else the stack's `scope-ingress:coordinationNamespace`; undefined: AWS's count only. */
    coordinationNamespace?: string;
    /** The `--pool-json` pool's draining members: not candidates, their scopes listed by `capacity`. Default none. */
    draining: string[];
    /** Arguments accepted but worth a word on stderr: a threshold past the AWS quota, a stack file that names no pool. */
    warnings: Problem[];
    /** The threshold of every quota dimension (rules: `--max-rules`, absolute), resolved against the account's limits once read. */
    thresholds: QuotaThresholds;
}

/** More scopes than this are not a preview anyone needs, and would only make `place` slow. */
export const MAX_PREVIEW_SCOPES = MAX_FLAG_NUMBER;

const MAX_RULES_FIX = `set it to the number of listener rules one ALB may carry (default ${DEFAULT_MAX_RULES}, AWS quota ${AWS_RULES_PER_ALB_QUOTA})`;
const EXPECTED_RULES_FIX = "set it to the number of listener rules one new scope adds (hosts x paths)";
const SCOPES_FIX = `give how many new scopes to place, from 1 to ${MAX_PREVIEW_SCOPES}, e.g. --scopes 10; preview more in several runs`;
const REGION_FIX = "give a region code such as us-east-1";

/**
 * Turns the flags into a pool and limits with the engine's own resolution and checks: `--balancers`
 * wins over the stack config's pool keys, and without either the pool is the engine's default base ALB
 * for the visibility, exactly as the provider would resolve it. Throws one error naming every bad flag.
 */
export function resolvePoolArguments(given: PoolFlags): PoolArguments {
    if (given.poolJson !== undefined) {
        return poolJsonArguments(given);
    }
    const flags = given;
    const problems = new Problems();
    const visibility = (flags.visibility ?? "internet-facing") as Visibility;
    const visibilityOk = problems.check("--visibility", visibility, visibilityProblem(visibility), VISIBILITY_FIX);
    const stack = flags.stackConfig === undefined ? undefined : readStackConfigFile(flags.stackConfig);
    const known = problems.list.length;
    const selection = flags.balancers === undefined ? {} : balancerList(flags.balancers, problems);
    const poolFromStack = stack !== undefined && flags.balancers === undefined && visibilityOk;
    if (poolFromStack) {
        encryptedPoolKeys(stack, visibility, problems);
    }
    // The visibility and --balancers were checked above under their flags' names: the pool is resolved only
    // from what passed, so no problem is reported twice under the engine's field names.
    const pool =
        visibilityOk && problems.list.length === known
            ? resolveCandidatePool(visibility, selection, stack?.read, problems)
            : { visibility, base: "", candidates: [] };
    const limits = ruleLimits(flags, problems);
    const thresholds = thresholdsOf(flags, limits, problems);
    const region = regionOf(flags, stack, problems);
    const coordinationNamespace = coordinationNamespaceOf(flags, stack, problems);
    problems.throwIfAny();
    const warnings = [quotaWarning(limits), poolFromStack ? missingPoolKeysWarning(stack, visibility) : undefined];
    return {
        pool,
        limits,
        region,
        ...(coordinationNamespace !== undefined && { coordinationNamespace }),
        draining: [],
        warnings: warnings.filter((w): w is Problem => w !== undefined),
        thresholds,
    };
}

/**
 * The pool of a `--pool-json` reference: its members less the draining ones, checked with the component's own
 * rules (`balancers.*` fields); its thresholds (`maxRules`, `maxTargetGroups`, `maxCertificates`, `maxListeners`),
 * region and coordination namespace unless a flag overrides them.
 */
function poolJsonArguments(flags: PoolFlags): PoolArguments {
    const problems = new Problems();
    for (const flag of ["balancers", "stackConfig"] as const) {
        problems.check(
            flag === "balancers" ? "--balancers" : "--stack-config",
            flags[flag],
            flags[flag] === undefined ? undefined : "cannot be given with --pool-json",
            "name the pool one way: --pool-json names it whole",
        );
    }
    const reference = readPoolJsonFile(flags.poolJson!);
    const visibility = reference.pool.visibility;
    const members = resolveCandidatePool(
        visibility,
        { base: reference.base, additional: reference.additional },
        undefined,
        problems,
    );
    const pool = checkScopePool(reference.pool, visibility, flags.region, members, problems);
    const withDefaults: PoolFlags = {
        ...flags,
        maxRules: flags.maxRules ?? referenceThreshold(reference.maxRules),
        maxTargetGroups: flags.maxTargetGroups ?? referenceThreshold(reference.maxTargetGroups),
        maxCertificates: flags.maxCertificates ?? referenceThreshold(reference.maxCertificates),
        maxListeners: flags.maxListeners ?? referenceThreshold(reference.maxListeners),
        region: flags.region ?? reference.pool.region,
        coordinationNamespace: flags.coordinationNamespace ?? reference.coordinationNamespace,
    };
    // A threshold the file gave is named as the reference's field, so a bad one is not blamed on a flag never typed.
    const fieldOf = (d: QuotaDimension): string =>
        flags[THRESHOLD_FIELDS[d]] === undefined && reference[THRESHOLD_FIELDS[d]] !== undefined
            ? `--pool-json ${THRESHOLD_FIELDS[d]}`
            : THRESHOLD_FLAGS[d];
    const limits = ruleLimits(withDefaults, problems, fieldOf("rules"));
    const thresholds = thresholdsOf(withDefaults, limits, problems, fieldOf);
    const region = regionOf(withDefaults, undefined, problems);
    const coordinationNamespace = coordinationNamespaceOf(withDefaults, undefined, problems);
    problems.throwIfAny();
    const warning = quotaWarning(limits);
    return {
        pool,
        limits,
        region,
        ...(coordinationNamespace !== undefined && { coordinationNamespace }),
        draining: members.candidates.filter(m => reference.pool.draining.includes(m)),
        warnings: warning === undefined ? [] : [warning],
        thresholds,
    };
}

/** A reference's threshold as its flag would be typed (`60`, `75%`), so that it goes through the flag's own check. */
function referenceThreshold(value: unknown): string | undefined {
    return value === undefined ? undefined : String(value);
}

/** The flag of each dimension's threshold. */
export const THRESHOLD_FLAGS: Record<QuotaDimension, string> = {
    rules: "--max-rules",
    targetGroups: "--max-target-groups",
    certificates: "--max-certificates",
    listeners: "--max-listeners",
};

/** The threshold of every dimension from its flag: `--max-rules` as the limits resolved it, unless it is a share. */
function thresholdsOf(
    flags: PoolFlags,
    limits: RuleLimits,
    problems: Problems,
    field: (dimension: QuotaDimension) => string = d => THRESHOLD_FLAGS[d],
): QuotaThresholds {
    return {
        ...checkThresholds(
            {
                targetGroups: thresholdFlag(flags.maxTargetGroups),
                certificates: thresholdFlag(flags.maxCertificates),
                listeners: thresholdFlag(flags.maxListeners),
            },
            problems,
            field,
        ),
        // A share ("75%") follows the account's quota; a number stays absolute.
        rules: isShare(flags.maxRules) ? (flags.maxRules!.trim() as `${number}%`) : limits.maxRules,
    };
}

/** Whether a threshold flag is a share of the account's quota, `75%`, rather than a number. */
function isShare(raw: string | undefined): boolean {
    return raw !== undefined && /^\d+%$/.test(raw.trim());
}

/** A threshold flag as typed: a whole number becomes a number, a share (`75%`) stays text; anything else is left for the check. */
function thresholdFlag(raw: string | undefined): unknown {
    if (raw === undefined) {
        return undefined;
    }
    return /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw.trim();
}

/** Parses `--scopes`: how many new scopes `place` simulates. */
export function resolveScopeCount(raw: string | undefined): number {
    const problems = new Problems();
    const scopes = readNumberFlag(
        raw,
        { name: "--scopes", min: 1, max: MAX_PREVIEW_SCOPES, fix: SCOPES_FIX },
        problems,
    );
    if (problems.list.length === 0) {
        problems.check("--scopes", scopes, wholeNumberProblem(scopes, 1, MAX_PREVIEW_SCOPES), SCOPES_FIX);
    }
    problems.throwIfAny();
    return scopes as number;
}

/** The limits, judged by the engine once the CLI has refused numbers past its bound. */
function ruleLimits(flags: PoolFlags, problems: Problems, maxRulesField = "--max-rules"): RuleLimits {
    const before = problems.list.length;
    const maxRules = isShare(flags.maxRules)
        ? flags.maxRules!.trim()
        : readNumberFlag(
              flags.maxRules,
              { name: maxRulesField, min: 0, max: MAX_FLAG_NUMBER, fix: MAX_RULES_FIX },
              problems,
          );
    const expectedRules = readNumberFlag(
        flags.expectedRules,
        { name: "--expected-rules", min: 1, max: MAX_FLAG_NUMBER, fix: EXPECTED_RULES_FIX },
        problems,
    );
    const refused = new Set(problems.list.slice(before).map(p => p.field));
    const engine = new Problems();
    // The CLI never falls back to the base ALB: a report on an unmeasured pool would be a guess.
    const limits = resolveRuleLimits(
        { maxRules, expectedRules, strict: true },
        { maxRules: maxRulesField, expectedRules: "--expected-rules" },
        engine,
    );
    // A refused flag was replaced by its default for the engine: what the engine says of it is not news.
    problems.addAll(engine.list.filter(p => !refused.has(p.field)));
    return limits;
}

/** `--region`, else the stack's `aws:region`, checked by the provider's rule; neither is left to the SDK. */
function regionOf(flags: PoolFlags, stack: StackConfigFile | undefined, problems: Problems): string | undefined {
    if (flags.region !== undefined) {
        problems.check("--region", flags.region, regionProblem(flags.region), REGION_FIX);
        return flags.region;
    }
    if (stack?.encrypted.includes("aws:region")) {
        problems.check(
            "stack config aws:region",
            undefined,
            "is encrypted",
            "pass --region, e.g. --region us-east-1 (the CLI does not decrypt stack secrets)",
        );
        return undefined;
    }
    if (stack?.region === undefined) {
        return undefined;
    }
    problems.check(
        "stack config aws:region",
        stack.region,
        regionProblem(stack.region),
        `${REGION_FIX}, or pass --region`,
    );
    return stack.region as string;
}

/** `--coordination-namespace`, else the stack's `scope-ingress:coordinationNamespace`, checked as Check checks it. */
function coordinationNamespaceOf(
    flags: PoolFlags,
    stack: StackConfigFile | undefined,
    problems: Problems,
): string | undefined {
    const key = `scope-ingress:${COORDINATION_CONFIG_KEY}`;
    if (flags.coordinationNamespace === undefined && stack?.encrypted.includes(key)) {
        problems.check(
            `stack config ${key}`,
            undefined,
            "is encrypted",
            "set it without --secret (a namespace name is not secret; the CLI does not decrypt stack secrets), or pass --coordination-namespace",
        );
        return undefined;
    }
    const [field, value] =
        flags.coordinationNamespace !== undefined
            ? ["--coordination-namespace", flags.coordinationNamespace]
            : [`stack config ${key}`, stack?.read(COORDINATION_CONFIG_KEY)];
    if (value === undefined) {
        return undefined;
    }
    problems.check(
        field,
        value,
        dnsLabelProblem(value),
        "name the namespace where placements record their reservations (e.g. scope-ingress), as kubectl get namespaces shows it",
    );
    return value;
}

/** Pool keys set with `--secret`: ALB names are not secret, and the CLI cannot decrypt them. */
function encryptedPoolKeys(stack: StackConfigFile, visibility: Visibility, problems: Problems): void {
    for (const key of [POOL_CONFIG_KEYS[visibility].base, POOL_CONFIG_KEYS[visibility].additional]) {
        problems.check(
            `stack config scope-ingress:${key}`,
            undefined,
            stack.encrypted.includes(`scope-ingress:${key}`) ? "is encrypted" : undefined,
            "set it without --secret (ALB names are not secret; the CLI does not decrypt stack secrets), or pass --balancers",
        );
    }
}

function balancerList(raw: string, problems: Problems): PoolSelection {
    const names = raw.split(",").map(name => name.trim());
    if (
        !problems.check(
            "--balancers",
            raw,
            names.every(name => name === "") ? "names no ALB" : undefined,
            "give ALB names separated by commas, the base first, e.g. --balancers alb-a,alb-b",
        )
    ) {
        return {};
    }
    names.forEach((name, i) =>
        problems.check(`--balancers item ${i + 1}`, name, balancerNameProblem(name), BALANCER_NAME_FIX),
    );
    return { base: names[0], additional: names.slice(1) };
}
