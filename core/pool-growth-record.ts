/**
 * The growth record of a pool: the members placements grew, in the order they were claimed, kept in one
 * ConfigMap of the coordination namespace that every stack writes under `resourceVersion`. Pure: names,
 * parsing, the next member and the member count, no I/O.
 */
import { memberNumber } from "./pool-membership";
import { memberName } from "./pool-settings";

/** The ConfigMap, in the coordination namespace, holding pool `poolName`'s growth record. */
export function growthConfigMapName(poolName: string): string {
    return `scope-ingress-pool-${poolName}-growth`;
}

/** The data key of that ConfigMap holding the record as JSON. */
export const GROWTH_RECORD_KEY = "growth.json";

/** One member a placement grew. */
export interface GrownMember {
    /** The member's ALB name, `<namePrefix>-<n>`. */
    name: string;
    /** The assignment id of the create that claimed it (for operators reading the record). */
    claimedBy: string;
    /** When it was claimed, ISO 8601. */
    claimedAt: string;
}

/** What the growth ConfigMap holds. */
export interface GrowthRecord {
    members: GrownMember[];
}

/**
 * The record in a growth ConfigMap's `data` (none yet: empty). A record that is not what this package writes
 * is refused with the ConfigMap to fix, never taken as empty: that would grow a member a second time.
 */
export function readGrowthRecord(data: Record<string, string> | undefined, where: string): GrowthRecord {
    const raw = data?.[GROWTH_RECORD_KEY];
    if (raw === undefined) {
        return { members: [] };
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(raw);
    } catch {
        parsed = undefined;
    }
    const members = (parsed as GrowthRecord | undefined)?.members;
    if (!Array.isArray(members) || !members.every(m => typeof m?.name === "string")) {
        throw new Error(
            `${where}: key ${GROWTH_RECORD_KEY} is not a growth record ({"members":[{"name":…}]}): ${raw.slice(0, 200)}. ` +
                "Restore it (each grown member's ALB name, in order) or delete the key if no member was grown, then run the deployment again.",
        );
    }
    return { members };
}

/** `record` with `member` claimed by `claimedBy` at `now`, as the ConfigMap's data. */
export function withGrownMember(
    record: GrowthRecord,
    member: string,
    claimedBy: string,
    now: number,
): Record<string, string> {
    const members = [...record.members, { name: member, claimedBy, claimedAt: new Date(now).toISOString() }];
    return { [GROWTH_RECORD_KEY]: JSON.stringify({ members }) };
}

/**
 * The name of the next member of a pool that names its members `<namePrefix>-<n>`: one past the highest `n`
 * among `known` (so a member removed from the middle is never named again while a higher one lives), or
 * `<namePrefix>-1` when none is named that way.
 */
export function nextMemberName(namePrefix: string, known: readonly string[]): string {
    const pattern = new RegExp(`^${namePrefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-([1-9][0-9]*)$`);
    const numbers = known.flatMap(name => {
        const m = pattern.exec(name);
        return m ? [Number(m[1])] : [];
    });
    return memberName(namePrefix, Math.max(0, ...numbers) + 1);
}

/** How many distinct members a pool has: those its stack declared, those it published, and those placements grew. */
export function memberCount(...lists: readonly (readonly string[])[]): number {
    return new Set(lists.flat()).size;
}

/**
 * The grown members of `record` the pool still has: those numbered within `maxMembers`. A `BalancerPool` whose
 * maximum was lowered below a grown member drops it (see `poolMembership`), so its claim no longer counts: it is
 * neither a candidate nor a member being built, and its name may be claimed again if the maximum rises.
 */
export function liveGrownMembers(record: GrowthRecord, namePrefix: string | undefined, maxMembers: number): string[] {
    return record.members
        .map(m => m.name)
        .filter(name => {
            const n = namePrefix === undefined ? undefined : memberNumber(namePrefix, name);
            return n === undefined || n <= maxMembers;
        });
}
