/** How a coordinated write retries after a 409 Conflict: until a time limit, with capped exponential backoff and full jitter. */
import { secondsFromEnvironment } from "./process-ledger";

/** Environment variable that sets how long a placement keeps retrying conflicting reservation writes, in seconds (default 60). */
export const RESERVATION_RETRY_VARIABLE = "SCOPE_INGRESS_RESERVATION_RETRY_SECONDS";

/** Default of {@link RESERVATION_RETRY_VARIABLE}: long enough for many stacks racing for one pool to take turns. */
export const DEFAULT_RESERVATION_RETRY_SECONDS = 60;

/** A hard bound on attempts besides the time limit, so a misbehaving server that answers 409 at once cannot spin a placement. */
export const MAX_RESERVATION_ATTEMPTS = 500;

/** The first pause's upper bound, in ms; doubled per attempt up to {@link BACKOFF_CAP_MS}. */
export const BACKOFF_BASE_MS = 20;

/** The largest pause's upper bound, in ms: with many stacks racing, longer pauses only waste the time limit. */
export const BACKOFF_CAP_MS = 1000;

/**
 * The pause before attempt `attempt + 1`: uniformly random in `[0, min(cap, base × 2^attempt))` ("full jitter").
 * Racing stacks choose the same least-loaded ALB, so the losers must spread out in time, not retry in lock-step.
 */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
    return random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 30));
}

/** The retry budget of one placement or release, started when it is made. */
export interface ConflictRetry {
    /** The time limit, in seconds ({@link RESERVATION_RETRY_VARIABLE}). */
    seconds: number;
    /** True when no attempt after attempt `attempt` may be made: the time limit or {@link MAX_RESERVATION_ATTEMPTS} is reached. */
    exhausted(attempt: number): boolean;
    /**
     * After the conflict of attempt `attempt`: pauses (never past the time limit) and resolves true to try again,
     * or resolves false at once when the time limit or {@link MAX_RESERVATION_ATTEMPTS} is reached.
     */
    pause(attempt: number): Promise<boolean>;
}

/** The time limit of conflict retries, in seconds ({@link RESERVATION_RETRY_VARIABLE}); 0 or below is refused. */
export function reservationRetrySeconds(): number {
    return secondsFromEnvironment(RESERVATION_RETRY_VARIABLE, DEFAULT_RESERVATION_RETRY_SECONDS, {
        aboveZero: "a placement that never retries fails whenever another stack writes the same ConfigMap first",
    });
}

/** A retry budget of `seconds` starting now. */
export function conflictRetry(seconds: number): ConflictRetry {
    const deadline = Date.now() + seconds * 1000;
    const exhausted = (attempt: number) => attempt >= MAX_RESERVATION_ATTEMPTS || Date.now() >= deadline;
    return {
        seconds,
        exhausted,
        async pause(attempt) {
            if (exhausted(attempt)) {
                return false;
            }
            await new Promise(resolve => setTimeout(resolve, Math.min(backoffMs(attempt), deadline - Date.now())));
            return true;
        },
    };
}
