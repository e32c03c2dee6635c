/** The placement state one dynamic-provider process shares between the creates of a deployment, per region. */
import { PlacementLedger } from "../core/placement-ledger";
import { MeasurementCache } from "./measurement-cache";

/** Environment variable that sets how long the provider reuses a pool measurement, in seconds (default 60). */
export const MEASUREMENT_TTL_VARIABLE = "SCOPE_INGRESS_MEASUREMENT_TTL_SECONDS";

/** What the creates of one region share in this process: the reservations and the pool measurements. */
export interface ProcessPlacementState {
    ledger: PlacementLedger;
    measurements: MeasurementCache;
}

const states = new Map<string, ProcessPlacementState>();

/**
 * The placement state of `region` in this dynamic-provider process. One process serves every dynamic
 * resource of a deployment and this module is loaded once in it, so every create of one `pulumi up` shares
 * it. One per region, because ALB names (the defaults above all) repeat from region to region.
 */
export function processState(region: string): ProcessPlacementState {
    let state = states.get(region);
    if (state === undefined) {
        state = { ledger: new PlacementLedger(), measurements: new MeasurementCache({ measurementTtlSeconds: ttlFromEnvironment() }) };
        states.set(region, state);
    }
    return state;
}

/** The reservations of `region` in this process (see {@link processState}). */
export function processLedger(region: string): PlacementLedger {
    return processState(region).ledger;
}

function ttlFromEnvironment(): number | undefined {
    const raw = process.env[MEASUREMENT_TTL_VARIABLE];
    if (raw === undefined || raw === "") {
        return undefined;
    }
    const seconds = Number(raw);
    if (!Number.isFinite(seconds) || seconds < 0) {
        throw new Error(`${MEASUREMENT_TTL_VARIABLE}: ${JSON.stringify(raw)} is not a number of seconds; set it to e.g. 60, or unset it for the default.`);
    }
    return seconds;
}
