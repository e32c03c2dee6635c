/**
 * Placement on a pool that may grow: the pool's grown members join the candidates, draining members leave them,
 * and when no member has room the placement claims the next member through the cluster, has the controller
 * build it from its anchor Ingress, waits until it is active and places the scope there (`source: grown`).
 */
import type { CandidatePool } from "../core/candidate-pool";
import { CapacityExhaustedError } from "../core/placement";
import type { PoolReference, PoolSettings } from "../core/pool-settings";
import {
    CoordinatedPlacementRequest,
    placeCoordinated,
    releaseReservation,
    reserveNamed,
    withReleaseFailure,
} from "./coordinated-placement";
import { liveGrownMembers } from "../core/pool-growth-record";
import { claimNextMember, readGrowth, readPublishedSettings, requireSettings } from "./growth-claim";
import { coordinationAccess } from "./cluster-load-reading";
import { awaitMember, ensureAnchor, growthTimeoutSeconds } from "./member-arrival";
import { processState } from "./process-ledger";
import type { ScopePlacement } from "./scope-placement";

/** What a placement knows of its pool: the `pool` input of a `BalancerAssignment`. */
export type PoolInput = PoolReference["pool"];

/** Everything {@link placeInPool} needs: a coordinated placement's request, and the pool it belongs to. */
export interface PoolPlacementRequest extends CoordinatedPlacementRequest {
    poolInput: PoolInput;
}

/** A placement, and whether this create grew (or waited for the growth of) the member it landed on. */
export type PoolPlacement = ScopePlacement & { grown: boolean };

/** The pool is full and has as many members as it may have: the capacity error, which names the maximum. */
export class PoolMaximumReachedError extends CapacityExhaustedError {
    constructor(
        cause: CapacityExhaustedError,
        readonly poolName: string,
        readonly maxMembers: number,
        readonly members: string[],
    ) {
        super(cause.pool, cause.seen, cause.limits);
        this.message +=
            `\nPool "${poolName}" cannot grow: it has reached its maximum of ${maxMembers} members (maxMembers ${maxMembers}: ${members.join(", ")}). ` +
            `Raise maxMembers on the BalancerPool "${poolName}" in the platform stack and run its pulumi up, then run this deployment again.`;
        this.name = "PoolMaximumReachedError";
    }
}

/** Rounds of place → grow or wait → place again before giving up: each round follows another stack's growth. */
const MAX_ROUNDS = 10;

/**
 * Places a scope on pool `poolInput` through the cluster's coordination. Each round reads the pool's growth
 * record and its published settings, places among the declared, published and grown members (those `draining`
 * in the input or the settings left out), and, when no member has room (`CapacityExhaustedError`):
 * - a grown member that is not active yet (another stack's growth, or an earlier attempt that timed out) is
 *   waited for (its anchor created again if missing), and the scope placed again with it in view: one new member
 *   serves every need that found the pool full at once, and a retry after a failed wait builds the same member,
 *   never a second one; so is a published member the platform stack is still building;
 * - else, below `maxMembers`, the next member name is claimed in the growth record under `resourceVersion`
 *   (a 409 or a changed record: another stack grew, so place again); the winner reserves what the scope adds (every quota dimension) on
 *   it at once (so the stacks that wait for the same member count them), creates its anchor Ingress, waits,
 *   and places the scope there; a wait that fails removes the reservation and leaves the claim and the anchor;
 * - at `maxMembers` (or with no `namePrefix`), the capacity error says why the pool does not grow.
 */
export async function placeInPool(request: PoolPlacementRequest): Promise<PoolPlacement> {
    const { poolInput, namespace, key } = request;
    const region = request.measure.region;
    // Read before anything is written: a refused setting fails the create with nothing claimed or reserved.
    const timeoutSeconds = growthTimeoutSeconds();
    const access = await coordinationAccess(namespace);
    let waitedFor: string | undefined;
    for (let round = 1; ; round++) {
        const [growth, published] = await Promise.all([
            readGrowth(access, namespace, poolInput.name),
            readPublishedSettings(access, namespace, poolInput.name),
        ]);
        const grown = liveGrownMembers(
            growth.record,
            published?.namePrefix ?? poolInput.namePrefix,
            published?.maxMembers ?? poolInput.maxMembers,
        );
        // The published settings are fresher than the scope stack's copy of the pool: members the platform stack
        // added since, and members it marked draining since, count now.
        const pool = withMembers(
            request.pool,
            [...(published?.members ?? []), ...grown],
            [...(poolInput.draining ?? []), ...(published?.draining ?? [])],
        );
        const placed = await placeOrFull(request, pool, round);
        if (!(placed instanceof CapacityExhaustedError)) {
            return { ...placed, grown: placed.balancerName === waitedFor };
        }
        const namePrefix = published?.namePrefix ?? poolInput.namePrefix;
        if (namePrefix === undefined) {
            placed.message += `\nPool "${poolInput.name}" names its members explicitly (no namePrefix), so it does not grow: add a member to the BalancerPool "${poolInput.name}".`;
            throw placed;
        }
        const settings = requireSettings(published, namespace, poolInput.name);
        // A grown or published member the placement could not measure (missing, or still provisioning) is one being
        // built: by another stack's growth, an earlier attempt, or the platform stack.
        const building = [...grown, ...settings.members].find(
            name => pool.candidates.includes(name) && placed.seen.find(c => c.name === name)?.rules === undefined,
        );
        if (building !== undefined) {
            // Only a grown member's anchor is ours to (re)create: the platform stack creates its members' anchors.
            if (grown.includes(building)) {
                await ensureAnchor(access, settings, building);
            }
            await awaitMember(access, settings, building, timeoutSeconds, grown.includes(building));
            processState(region).measurements.forget(building);
            waitedFor = grown.includes(building) ? building : undefined;
            continue;
        }
        const declared = request.pool.candidates;
        const claim = await claimNextMember(access, namespace, { ...settings, namePrefix }, declared, growth, key);
        if ("atMaximum" in claim) {
            throw new PoolMaximumReachedError(placed, settings.name, settings.maxMembers, claim.members);
        }
        if ("claimed" in claim) {
            return await growInto(request, settings, claim.claimed, timeoutSeconds);
        }
        // Another stack grew the pool since it was read: place again with its member in view.
    }
}

/**
 * The coordinated placement on `pool`, or the capacity error when no member has room (also when every member
 * drains: no base fallback onto a draining member). Other errors, and a capacity error after the last round, throw.
 */
async function placeOrFull(
    request: PoolPlacementRequest,
    pool: CandidatePool,
    round: number,
): Promise<ScopePlacement | CapacityExhaustedError> {
    try {
        if (pool.candidates.length === 0) {
            throw new CapacityExhaustedError(pool, [], request.limits);
        }
        return await placeCoordinated({ ...request, pool });
    } catch (err) {
        if (err instanceof CapacityExhaustedError && round < MAX_ROUNDS) {
            return err;
        }
        throw err;
    }
}

/** The winner's part: reserve on the claimed member, create its anchor, wait for it, place the scope there. */
async function growInto(
    request: PoolPlacementRequest,
    settings: PoolSettings,
    member: string,
    timeoutSeconds: number,
): Promise<PoolPlacement> {
    const { namespace, key } = request;
    const region = request.measure.region;
    const reservation = { namespace, region, balancerName: member, key };
    // What the scope adds to the new member in every dimension, as a placement there would reserve it (the member is
    // not measured yet: the quota check's answer for an unmeasured ALB), and the quota reading's warnings.
    const quotas = await request.quotas;
    const adding = quotas?.check.adding(undefined);
    await reserveNamed({
        ...reservation,
        rules: request.limits.expectedRules,
        ...(adding && { usage: adding }),
        ingress: request.ingress,
    });
    try {
        const access = await coordinationAccess(namespace);
        await ensureAnchor(access, settings, member);
        const address = await awaitMember(access, settings, member, timeoutSeconds);
        processState(region).measurements.forget(member);
        return {
            balancerName: member,
            reason: "least-loaded",
            rules: 0,
            seen: [{ name: member, rules: 0 }],
            warnings: quotas?.warnings ?? [],
            ...(adding && { adding }),
            address,
            measurements: [],
            grown: true,
        };
    } catch (err) {
        throw withReleaseFailure(err, await releaseReservation(reservation));
    }
}

/**
 * `pool` with the grown members after the declared ones, and without the draining ones. `pool.base` is kept: it is
 * only used when no candidate at all can be measured.
 */
export function withMembers(pool: CandidatePool, grown: readonly string[], draining: readonly string[]): CandidatePool {
    const out = new Set(draining);
    return {
        ...pool,
        candidates: [...new Set([...pool.candidates, ...grown])].filter(name => !out.has(name)),
    };
}
