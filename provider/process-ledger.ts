import { PlacementLedger } from "./placement-ledger";

/** Environment variable that sets how long the provider reuses a pool measurement, in seconds (default 60). */
export const MEASUREMENT_TTL_VARIABLE = "SCOPE_INGRESS_MEASUREMENT_TTL_SECONDS";

const ledgers = new Map<string, PlacementLedger>();

/**
 * The ledger of `region` in this dynamic-provider process. One process serves every dynamic resource of
 * a deployment and this module is loaded once in it, so every create of one `pulumi up` shares it. One
 * per region, because ALB names (the defaults above all) repeat from region to region.
 */
export function processLedger(region: string): PlacementLedger {
    let ledger = ledgers.get(region);
    if (ledger === undefined) {
        ledger = new PlacementLedger({ measurementTtlSeconds: ttlFromEnvironment() });
        ledgers.set(region, ledger);
    }
    return ledger;
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
