/** Which ALBs a scope may be placed on: the pool of a visibility, from the arguments, stack config, then the defaults. */
import { assertBalancerName } from "./balancer-name";

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

/**
 * Throws an error naming `field` and the value when `value` is not a {@link Visibility}.
 */
export function assertVisibility(value: unknown, field = "visibility"): Visibility {
    if (!VISIBILITIES.includes(value as Visibility)) {
        throw new Error(`${field}: ${JSON.stringify(value)} is not a visibility; use "internet-facing" or "internal" (the Load Balancer Controller's scheme).`);
    }
    return value as Visibility;
}

/**
 * The warning for a scope whose stored ALB is no longer a candidate (the pool changed after it was
 * placed), or `undefined`. A pinned ALB was chosen on purpose and is not warned about again.
 */
export function poolDepartureWarning(balancerName: string, pool: CandidatePool, pinnedBalancer?: string): string | undefined {
    if (pool.candidates.includes(balancerName) || balancerName === pinnedBalancer) {
        return undefined;
    }
    return `ALB "${balancerName}" is no longer in the ${pool.visibility} pool (${pool.candidates.join(", ")}); the scope stays on it, ` +
        "because its DNS and routing both follow the stored assignment. To move it, set pinnedBalancer to an ALB of the pool.";
}

/**
 * Resolves the candidate pool for `visibility`: explicit selection, then stack config, then defaults.
 * Every name is checked against the AWS ALB naming rules.
 */
export function resolveCandidatePool(visibility: Visibility, selection: PoolSelection = {}, config: StackConfigReader = () => undefined): CandidatePool {
    assertVisibility(visibility);
    const keys = POOL_CONFIG_KEYS[visibility];
    const base = selection.base !== undefined
        ? assertBalancerName(selection.base, "balancers.base")
        : configuredBase(config, keys.base) ?? defaultBaseBalancer(visibility);
    const additional = selection.additional !== undefined
        ? namesOf(selection.additional, "balancers.additional")
        : configuredAdditional(config, keys.additional);
    return { visibility, base, candidates: [...new Set([base, ...additional])] };
}

function configuredBase(config: StackConfigReader, key: string): string | undefined {
    const value = config(key);
    return value === undefined ? undefined : assertBalancerName(value, `stack config scope-ingress:${key}`);
}

function configuredAdditional(config: StackConfigReader, key: string): string[] {
    const raw = config(key);
    if (raw === undefined) {
        return [];
    }
    const field = `stack config scope-ingress:${key}`;
    let parsed: unknown;
    try {
        parsed = JSON.parse(raw);
    } catch {
        throw new Error(`${field}: ${JSON.stringify(raw)} is not JSON; set it to a JSON array of ALB names, e.g. ["alb-2","alb-3"].`);
    }
    return namesOf(parsed, field);
}

function namesOf(value: unknown, field: string): string[] {
    if (!Array.isArray(value)) {
        throw new Error(`${field}: ${JSON.stringify(value)} is not an array; give a list of ALB names, e.g. ["alb-2","alb-3"].`);
    }
    return value.map((name, i) => assertBalancerName(name, `${field}[${i}]`));
}
