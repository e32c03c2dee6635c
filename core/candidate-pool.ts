/** Which ALBs a scope may be placed on: the pool of a visibility, from the arguments, stack config, then the defaults. */
import { BALANCER_NAME_FIX, balancerNameProblem } from "./balancer-name";
import { Problems, collecting } from "./problems";

/** Which ALBs a scope may use: the Load Balancer Controller's `scheme`. */
export type Visibility = "internet-facing" | "internal";

/** Every valid {@link Visibility}. */
export const VISIBILITIES: readonly Visibility[] = ["internet-facing", "internal"];

/** Reads one key of the `scope-ingress` stack-config namespace (as `new pulumi.Config("scope-ingress").get`). */
export type StackConfigReader = (key: string) => string | undefined;

/** The pool a caller names explicitly; what it leaves out comes from stack config, then the defaults. */
export interface PoolSelection {
    /** The base ALB. Default: stack config `publicBalancer`/`privateBalancer`, then `k8s-nullplatform-<visibility>`. */
    base?: string;
    /** ALBs added to the pool after the base. An empty array means none. Default: stack config `additionalPublicBalancers`/`additionalPrivateBalancers` (JSON arrays), then none. */
    additional?: readonly string[];
}

/** The candidates for one visibility: the base first, then the additional ALBs, without duplicates. */
export interface CandidatePool {
    /** The visibility every candidate must have. */
    visibility: Visibility;
    /** The base ALB, always `candidates[0]`; the fallback when no candidate can be measured. */
    base: string;
    /** The ALBs in preference order: ties go to the earlier one. */
    candidates: string[];
}

/** The stack-config keys (namespace `scope-ingress`) that name a visibility's pool. */
export const POOL_CONFIG_KEYS: Record<Visibility, { base: string; additional: string }> = {
    "internet-facing": { base: "publicBalancer", additional: "additionalPublicBalancers" },
    internal: { base: "privateBalancer", additional: "additionalPrivateBalancers" },
};

/** The base ALB used when neither the caller nor stack config names one. */
export function defaultBaseBalancer(visibility: Visibility): string {
    return `k8s-nullplatform-${visibility}`;
}

/** Why `value` is not a {@link Visibility}, or `undefined`. */
export function visibilityProblem(value: unknown): string | undefined {
    return VISIBILITIES.includes(value as Visibility) ? undefined : "is not a visibility";
}

/** What to do about a bad visibility, wherever it was given. */
export const VISIBILITY_FIX = 'use "internet-facing" or "internal" (the Load Balancer Controller\'s scheme)';

/**
 * The warning for a scope whose stored ALB is no longer a candidate (the pool changed after it was
 * placed), or `undefined`. A pinned ALB was chosen on purpose and is not warned about again.
 */
export function poolDepartureWarning(
    balancerName: string,
    pool: CandidatePool,
    pinnedBalancer?: string,
): string | undefined {
    if (pool.candidates.includes(balancerName) || balancerName === pinnedBalancer) {
        return undefined;
    }
    return (
        `ALB "${balancerName}" is no longer in the ${pool.visibility} pool (${pool.candidates.join(", ")}); the scope stays on it, ` +
        "because its DNS and routing both follow the stored assignment. To move it, set pinnedBalancer to an ALB of the pool."
    );
}

/**
 * Resolves the candidate pool for `visibility`: explicit selection, then stack config, then defaults.
 * Every name is checked against the AWS ALB naming rules. With `problems` the problems join the caller's
 * (and the pool returned is a best effort); without, they are thrown as one {@link InvalidInputError}.
 */
export function resolveCandidatePool(
    visibility: Visibility,
    selection: PoolSelection = {},
    config: StackConfigReader = () => undefined,
    problems?: Problems,
): CandidatePool {
    return collecting(problems, found => {
        // Without a valid visibility the stack-config keys are unknown; the explicit names are still checked.
        const keys = found.check("visibility", visibility, visibilityProblem(visibility), VISIBILITY_FIX)
            ? POOL_CONFIG_KEYS[visibility]
            : undefined;
        const base =
            selection.base !== undefined
                ? checkedName(found, "balancers.base", selection.base)
                : ((keys && configuredBase(found, config, keys.base)) ?? defaultBaseBalancer(visibility));
        const additional =
            selection.additional !== undefined
                ? namesOf(found, "balancers.additional", selection.additional)
                : keys
                  ? configuredAdditional(found, config, keys.additional)
                  : [];
        return { visibility, base, candidates: [...new Set([base, ...additional])] };
    });
}

function checkedName(problems: Problems, field: string, name: unknown): string {
    problems.check(field, name, balancerNameProblem(name), BALANCER_NAME_FIX);
    return name as string;
}

function configuredBase(problems: Problems, config: StackConfigReader, key: string): string | undefined {
    const value = config(key);
    return value === undefined ? undefined : checkedName(problems, `stack config scope-ingress:${key}`, value);
}

function configuredAdditional(problems: Problems, config: StackConfigReader, key: string): string[] {
    const raw = config(key);
    if (raw === undefined) {
        return [];
    }
    const field = `stack config scope-ingress:${key}`;
    let parsed: unknown;
    try {
        parsed = JSON.parse(raw);
    } catch {
        problems.check(field, raw, "is not JSON", 'set it to a JSON array of ALB names, e.g. ["alb-2","alb-3"]');
        return [];
    }
    return namesOf(problems, field, parsed);
}

function namesOf(problems: Problems, field: string, value: unknown): string[] {
    if (
        !problems.check(
            field,
            value,
            Array.isArray(value) ? undefined : "is not an array",
            'give a list of ALB names, e.g. ["alb-2","alb-3"]',
        )
    ) {
        return [];
    }
    return (value as unknown[]).map((name, i) => checkedName(problems, `${field}[${i}]`, name));
}
