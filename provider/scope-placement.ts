/** The placement engine: measure the pool, choose and reserve the least-loaded ALB with room, and find its address. */
import type { BalancerAddress, BalancerMeasurement } from "../core/balancer-load";
import type { CandidatePool } from "../core/candidate-pool";
import type { Placement, QuotaCheck } from "../core/placement";
import { PlacementLedger } from "../core/placement-ledger";
import type { RuleLimits } from "../core/rule-limits";
import { ArrivalOptions, waitForBalancer } from "./balancer-address";
import type { MeasureOptions } from "./balancer-measurement";
import { MeasurementCache } from "./measurement-cache";

/** Everything {@link placeScope} needs. */
export interface PlaceScopeRequest {
    pool: CandidatePool;
    limits: RuleLimits;
    /** AWS options, page size and whether missing ALBs count as in flight. */
    measure?: MeasureOptions;
    /** How long to wait for a chosen in-flight ALB (missing, or provisioning) to turn active. */
    arrival?: ArrivalOptions;
    /** Shares reservations with other placements. Default: a new ledger (no reservations). */
    ledger?: PlacementLedger;
    /** Shares one measurement per TTL with other placements. Default: a new cache (a fresh measurement). */
    measurements?: MeasurementCache;
    /**
     * Every quota dimension, read while the pool is measured (account limits, ACM), with the warnings of its
     * fallbacks. Default: rules only (`limits`).
     */
    quotas?: Promise<{ check: QuotaCheck; warnings: string[] }>;
}

/** A placement with the chosen ALB's address (absent only on a base fallback whose ALB could not be described). */
export interface ScopePlacement extends Placement {
    address?: BalancerAddress;
    /** The measurements the choice was made from. */
    measurements: BalancerMeasurement[];
}

/**
 * The placement engine: measures the pool (once per cache and TTL) and chooses and reserves the
 * least-loaded ALB with room. A pool of one is still measured, because the threshold holds for a single
 * ALB and the caller needs its address. A chosen in-flight ALB (missing, or provisioning) is waited for until
 * it is active; when it never is, the reservation is given back before the error is thrown; a caller that
 * fails later must release it itself.
 */
export async function placeScope(request: PlaceScopeRequest): Promise<ScopePlacement> {
    const ledger = request.ledger ?? new PlacementLedger();
    const [measurements, quotas] = await Promise.all([
        (request.measurements ?? new MeasurementCache()).measure(request.pool.candidates, request.measure),
        request.quotas,
    ]);
    const limits = quotas === undefined ? request.limits : { ...request.limits, quotas: quotas.check };
    const choice = ledger.place(request.pool, measurements, limits);
    const placement = quotas === undefined ? choice : { ...choice, warnings: [...choice.warnings, ...quotas.warnings] };
    const chosen = measurements.find(m => m.name === placement.balancerName);
    let address: BalancerAddress | undefined;
    try {
        // In flight, missing or still provisioning: the scope is not pointed at it before it serves.
        if (chosen?.kind === "in-flight" || (chosen?.kind === "measured" && chosen.inFlight)) {
            address = await waitForBalancer(chosen.name, { ...request.measure, ...request.arrival });
        } else if (chosen?.kind === "measured") {
            address = chosen;
        }
    } catch (err) {
        // A placement that fails holds no room: later scopes of the deployment must not be refused for it.
        ledger.release(placement.balancerName, placement.adding ?? request.limits.expectedRules);
        throw err;
    }
    return { ...placement, address: address && pickAddress(address), measurements };
}

function pickAddress({ name, arn, dnsName, canonicalHostedZoneId }: BalancerAddress): BalancerAddress {
    return { name, arn, dnsName, canonicalHostedZoneId };
}
