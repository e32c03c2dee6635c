import { PlacementLedger } from "./placement-ledger";

/** Environment variable that sets how long the provider reuses a pool measurement, in seconds (default 60). */
export const MEASUREMENT_TTL_VARIABLE = "SCOPE_INGRESS_MEASUREMENT_TTL_SECONDS";

/**
 * The ledger of this dynamic-provider process. One process serves every dynamic resource of a
 * deployment and this module is loaded once in it, so every create of one `pulumi up` shares it.
 */
export const processLedger = new PlacementLedger({ measurementTtlSeconds: ttlFromEnvironment() });

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
