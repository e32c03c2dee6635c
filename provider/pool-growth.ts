/**
 * Placement on a pool that may grow: the pool's grown members join the candidates, draining members leave them,
 * and when no member has room the placement claims the next member through the cluster, has the controller
 * build it from its anchor Ingress, waits until it is active and places the scope there (`source: grown`).
 */
import type { CandidatePool } from "../core/candidate-pool";
import { CapacityExhaustedError } from "../core/placement";
import type { PoolReference } from "../core/pool-settings";
import {
    CoordinatedPlacementRequest,
    placeCoordinated,
    releaseReservation,
    reserveNamed,
    withReleaseFailure,
} from "./coordinated-placement";
import { claimNextMember, readGrowth, readPoolSettings } from "./growth-claim";
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
 * record, places among the declared and grown members (draining ones left out), and, when every member is full
 * (`CapacityExhaustedError`):
 * - a grown member that is not active yet (another stack's growth, or an earlier attempt that timed out) is
 *   waited for, and the scope placed again with it in view: one new member serves every need that found the
 *   pool full at once, and a retry after a failed wait builds the same member, never a second one;
 * - else, below `maxMembers`, the next member name is claimed in the growth record under `resourceVersion`
 *   (a 409 or a changed record: another stack grew, so place again); the winner reserves the scope's rules on
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
    const declared = request.pool.candidates;
    let waitedFor: string | undefined;
    for (let round = 1; ; round++) {
        const growth = await readGrowth(access, namespace, poolInput.name);
        const grown = growth.record.members.map(m => m.name);
        try {
            const placement = await placeCoordinated({
                ...request,
                pool: withMembers(request.pool, grown, poolInput.draining),
            });
            return { ...placement, grown: placement.balancerName === waitedFor };
        } catch (err) {
            if (!(err instanceof CapacityExhaustedError) || round >= MAX_ROUNDS) {
                throw err;
            }
            if (poolInput.namePrefix === undefined) {
                err.message += `\nPool "${poolInput.name}" names its members explicitly (no namePrefix), so it does not grow: add a member to the BalancerPool "${poolInput.name}".`;
                throw err;
            }
            // A grown member the placement could not measure (missing or still provisioning) is one being built.
            const building = grown.find(name => err.seen.find(c => c.name === name)?.rules === undefined);
            if (building !== undefined) {
                const settings = await readPoolSettings(access, namespace, poolInput.name);
                await ensureAnchor(access, settings, building);
                await awaitMember(access, settings, building, timeoutSeconds);
                processState(region).measurements.forget(building);
                waitedFor = building;
                continue;
            }
            const settings = await readPoolSettings(access, namespace, poolInput.name);
            const claim = await claimNextMember(access, namespace, settings, declared, growth, key);
            if ("atMaximum" in claim) {
                throw new PoolMaximumReachedError(err, settings.name, settings.maxMembers, claim.members);
            }
            if ("changed" in claim) {
                continue;
            }
            return await growInto(request, settings, claim.claimed, timeoutSeconds);
        }
    }
}

/** The winner's part: reserve on the claimed member, create its anchor, wait for it, place the scope there. */
async function growInto(
    request: PoolPlacementRequest,
    settings: Awaited<ReturnType<typeof readPoolSettings>>,
    member: string,
    timeoutSeconds: number,
): Promise<PoolPlacement> {
    const { namespace, key } = request;
    const region = request.measure.region;
    const reservation = { namespace, region, balancerName: member, key };
    await reserveNamed({ ...reservation, rules: request.limits.expectedRules, ingress: request.ingress });
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
            warnings: [],
            address,
            measurements: [],
            grown: true,
        };
    } catch (err) {
        throw withReleaseFailure(err, await releaseReservation(reservation));
    }
}

/** `pool` with the grown members after the declared ones, and without the draining ones (the base stays the fallback). */
export function withMembers(pool: CandidatePool, grown: readonly string[], draining: readonly string[]): CandidatePool {
    const out = new Set(draining);
    return {
        ...pool,
        candidates: [...new Set([...pool.candidates, ...grown])].filter(name => !out.has(name)),
    };
}
