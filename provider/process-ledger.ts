/** The placement state one dynamic-provider process shares between the creates of a deployment, per region. */
import { PlacementLedger } from "../core/placement-ledger";
import { MeasurementCache } from "./measurement-cache";

/** Environment variable that sets how long the provider reuses a pool measurement, in seconds (default 60). */
export const MEASUREMENT_TTL_VARIABLE = "SCOPE_INGRESS_MEASUREMENT_TTL_SECONDS";

/** Environment variable that sets how long a reservation in the cluster counts if its deployment dies, in seconds (default 600). */
export const RESERVATION_TTL_VARIABLE = "SCOPE_INGRESS_RESERVATION_TTL_SECONDS";

/** Default of {@link RESERVATION_TTL_VARIABLE}: long enough for a deployment to create the scope's Ingress. */
export const DEFAULT_RESERVATION_TTL_SECONDS = 600;

/** What the creates of one region share in this process: the reservations and the pool measurements. */
export interface ProcessPlacementState {
    ledger: PlacementLedger;
    measurements: MeasurementCache;
    /**
     * Runs `task` after every task queued before it in this region has settled: coordinated placements of one
     * process read, choose and write one at a time, so only other stacks make their writes conflict.
     */
    serialized<T>(task: () => Promise<T>): Promise<T>;
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
        let tail: Promise<unknown> = Promise.resolve();
        state = {
            ledger: new PlacementLedger(),
            measurements: new MeasurementCache({
                measurementTtlSeconds: secondsFromEnvironment(MEASUREMENT_TTL_VARIABLE, 60),
            }),
            serialized<T>(task: () => Promise<T>): Promise<T> {
                const run = tail.then(task, task);
                tail = run.catch(() => undefined);
                return run;
            },
        };
        states.set(region, state);
    }
    return state;
}

/** The reservations of `region` in this process (see {@link processState}). */
export function processLedger(region: string): PlacementLedger {
    return processState(region).ledger;
}

/**
 * How long a reservation written now counts, in seconds ({@link RESERVATION_TTL_VARIABLE}). Refused at 0 or
 * below: such a reservation would be expired as written and never count, turning coordination off silently.
 */
export function reservationTtlSeconds(): number {
    return secondsFromEnvironment(RESERVATION_TTL_VARIABLE, DEFAULT_RESERVATION_TTL_SECONDS, {
        aboveZero:
            "a reservation that expires as it is written never counts, so placements would not be coordinated; " +
            "set it above the longest time your deployments take from a scope's placement to its Ingress's creation",
    });
}

/**
 * A number of seconds from environment variable `variable`, `fallback` when unset. With `aboveZero` (why 0 is
 * wrong for this setting), 0 and below are refused too.
 */
export function secondsFromEnvironment(variable: string, fallback: number, rule: { aboveZero?: string } = {}): number {
    const raw = process.env[variable];
    if (raw === undefined || raw === "") {
        return fallback;
    }
    const seconds = Number(raw);
    if (rule.aboveZero !== undefined && Number.isFinite(seconds) && seconds <= 0) {
        throw new Error(
            `${variable}: ${JSON.stringify(raw)} must be a number of seconds above 0: ${rule.aboveZero}. ` +
                `Set it to e.g. ${fallback}, or unset it for the default (${fallback}).`,
        );
    }
    if (!Number.isFinite(seconds) || seconds < 0) {
        throw new Error(
            `${variable}: ${JSON.stringify(raw)} is not a number of seconds; set it to e.g. ${fallback}, or unset it for the default.`,
        );
    }
    return seconds;
}
