/** Which AWS states of an ALB let it take a new scope, and why the others do not. */
import type { MeasuredBalancer } from "./balancer-load";

/**
 * The ELBv2 `LoadBalancerState` codes (API reference, LoadBalancerState): an ALB starts `provisioning`,
 * is `active` once it routes traffic, `active_impaired` when it routes but lacks the resources to scale,
 * and `failed` when it could not be set up.
 */
export const BALANCER_STATES = {
    active: "active",
    provisioning: "provisioning",
    impaired: "active_impaired",
    failed: "failed",
} as const;

/**
 * Why the measured ALB `m` cannot take a new scope in its current state, or `undefined` when it can: it is
 * `active`, or `provisioning` and measured as in flight (`assumeMissingInFlight`), in which case the
 * placement waits for it to turn active. An absent state (AWS always reports one) is not held against it, as
 * an absent scheme or type is not.
 */
export function stateUnavailability(
    m: Pick<MeasuredBalancer, "state" | "stateReason" | "inFlight">,
): string | undefined {
    const state = m.state;
    if (state === undefined || state === BALANCER_STATES.active) {
        return undefined;
    }
    const because = stateReasonText(m.stateReason);
    if (state === BALANCER_STATES.provisioning) {
        // In flight, it is waited for until active; otherwise a scope put on it would not be served yet.
        return m.inFlight
            ? undefined
            : `its state is provisioning${because}: it cannot serve yet; it takes scopes once it is active, ` +
                  "or now in a pool that allows ALBs in flight (assumeMissingInFlight), whose create waits until it is active";
    }
    if (state === BALANCER_STATES.impaired) {
        // It serves its scopes, but more traffic on an ALB that cannot scale would hurt them all.
        return (
            `its state is active_impaired${because}: it routes traffic but lacks the resources to scale, so it takes no new scope ` +
            "until it is active again"
        );
    }
    if (state === BALANCER_STATES.failed) {
        return `its state is failed${because}: AWS could not set it up and it will never serve; replace it or take it out of the pool`;
    }
    // A code AWS adds later is not known to serve: refused rather than guessed at.
    return `its state is ${state}${because}, not active, so it takes no new scope`;
}

/** AWS's reason for a state as messages show it after the state: ` (AWS says: …)`, or nothing. */
export function stateReasonText(reason: string | undefined): string {
    return reason ? ` (AWS says: ${reason})` : "";
}
