/**
 * Which members a `BalancerPool` has once the cluster is read: the declared ones, the grown ones it takes into its
 * state, the ones it would remove, and the scopes still on each member. Pure: the cluster's Ingresses in, lists out.
 */
import { ALB_ANNOTATIONS } from "./alb-annotations";
import { GROWN_LABEL, MEMBER_LABEL, POOL_LABEL, PoolSettings, memberName } from "./pool-settings";
import type { Problem } from "./problems";

/** An Ingress as the cluster lists it, reduced to what membership reads. */
export interface ListedIngress {
    namespace: string;
    name: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
}

/** A member's anchor Ingress found in the cluster. */
export interface FoundAnchor {
    member: string;
    /** Whether a placement created it (label {@link GROWN_LABEL}), rather than the platform stack. */
    grown: boolean;
}

/** The members of a pool after reading the cluster. */
export interface PoolMembership {
    /** Every member the pool keeps, in order: declared ones, then grown ones by number. */
    members: string[];
    /** The members whose anchor a placement created: their manifest keeps the grown label, and the platform imports them. */
    grown: string[];
    /** Anchors of this pool in the cluster that the pool no longer has (lowered counts, a member removed). */
    removed: string[];
}

/** The anchors of pool `poolName` among `ingresses`. */
export function anchorsOf(poolName: string, ingresses: readonly ListedIngress[]): FoundAnchor[] {
    return ingresses
        .filter(i => i.labels[POOL_LABEL] === poolName && i.labels[MEMBER_LABEL] !== undefined)
        .map(i => ({ member: i.labels[MEMBER_LABEL], grown: i.labels[GROWN_LABEL] === "true" }));
}

/**
 * The scopes on each of `members`: every Ingress whose `group.name` is the member, anchors excluded, as
 * `namespace/name` sorted. A scope's Ingress names its ALB in `group.name` (and `load-balancer-name`).
 */
export function scopesOnMembers(
    members: readonly string[],
    ingresses: readonly ListedIngress[],
): Map<string, string[]> {
    const scopes = new Map(members.map(m => [m, [] as string[]]));
    for (const ingress of ingresses) {
        if (ingress.labels[MEMBER_LABEL] !== undefined) {
            continue;
        }
        scopes.get(ingress.annotations[ALB_ANNOTATIONS.groupName])?.push(`${ingress.namespace}/${ingress.name}`);
    }
    for (const list of scopes.values()) {
        list.sort();
    }
    return scopes;
}

/** The number n of member `<namePrefix>-<n>`, or undefined when `member` is not named so. */
export function memberNumber(namePrefix: string, member: string): number | undefined {
    const n = Number(member.slice(namePrefix.length + 1));
    return Number.isInteger(n) && n >= 1 && memberName(namePrefix, n) === member ? n : undefined;
}

/**
 * The pool's members: the `declared` ones of `settings`, plus every grown anchor found whose number is within
 * `maxMembers` (a pool of explicit names never grows, so it keeps none); every other anchor found is removed.
 */
export function poolMembership(settings: PoolSettings, found: readonly FoundAnchor[]): PoolMembership {
    const declared = settings.members;
    const prefix = settings.namePrefix;
    const keptGrown = found
        .filter(a => a.grown)
        .filter(a => {
            const n = prefix === undefined ? undefined : memberNumber(prefix, a.member);
            return declared.includes(a.member) || (n !== undefined && n <= settings.maxMembers);
        })
        .map(a => a.member);
    const extra = [...new Set(keptGrown.filter(m => !declared.includes(m)))].sort(
        (a, b) => memberNumber(prefix!, a)! - memberNumber(prefix!, b)!,
    );
    const members = [...declared, ...extra];
    return {
        members,
        grown: [...new Set(keptGrown)],
        removed: [...new Set(found.map(a => a.member).filter(m => !members.includes(m)))].sort(),
    };
}

/** One problem per member about to be removed that still has scopes, each listing them. */
export function shrinkProblems(removed: readonly string[], scopes: ReadonlyMap<string, string[]>): Problem[] {
    return removed
        .filter(member => (scopes.get(member) ?? []).length > 0)
        .map(member => ({
            field: `member ${member}`,
            value: undefined,
            rule: `would be removed from the pool, but still has ${scopes.get(member)!.length} scope(s): ${scopes.get(member)!.join(", ")}`,
            fix: "keep the member (mark it draining so that no new scope goes there), move its scopes with pinnedBalancer, or delete them first",
        }));
}
