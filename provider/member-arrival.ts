/**
 * A grown member's arrival: its anchor Ingress put in the cluster (the Load Balancer Controller builds the ALB
 * from it), then a bounded wait, with progress in the log, until the ALB is `active`; when it is not in time,
 * the anchor's Kubernetes Events say why.
 */
import type * as k8s from "@kubernetes/client-node";
import { BalancerAddress } from "../core/balancer-load";
import { BALANCER_STATES, stateReasonText } from "../core/balancer-state";
import { PoolSettings, anchorIngress, anchorIngressName } from "../core/pool-settings";
import { errorText } from "./aws-errors";
import { awaitActive } from "./balancer-address";
import {
    KubernetesAccess,
    forbiddenAccess,
    kubernetesErrorText,
    kubernetesStatusCode,
    withDeadline,
} from "./kubernetes-access";
import { secondsFromEnvironment } from "./process-ledger";

/** Environment variable: how long a placement waits for the controller to make a grown member's ALB active, in seconds (default 600). */
export const GROWTH_TIMEOUT_VARIABLE = "SCOPE_INGRESS_POOL_GROWTH_TIMEOUT_SECONDS";

/** Default of {@link GROWTH_TIMEOUT_VARIABLE}: the controller builds an ALB in a few minutes. */
export const DEFAULT_GROWTH_TIMEOUT_SECONDS = 600;

/** How long to wait for a grown member ({@link GROWTH_TIMEOUT_VARIABLE}); a bad value is refused before anything is written. */
export function growthTimeoutSeconds(): number {
    return secondsFromEnvironment(GROWTH_TIMEOUT_VARIABLE, DEFAULT_GROWTH_TIMEOUT_SECONDS, {
        aboveZero: "a placement would give up on a grown member before the controller could build it",
    });
}

/** The controller did not make a grown member's ALB active in time; the message carries its anchor's Events. */
export class MemberArrivalError extends Error {
    constructor(
        readonly member: string,
        message: string,
        options?: { cause?: unknown },
    ) {
        super(message, options);
        this.name = "MemberArrivalError";
    }
}

/**
 * Creates member `member`'s anchor Ingress (see `anchorIngress`), labelled as grown. One that exists already
 * (another stack waiting for the same member, or an earlier attempt) is fine: it is the same manifest.
 */
export async function ensureAnchor(access: KubernetesAccess, settings: PoolSettings, member: string): Promise<void> {
    const body = anchorIngress(settings, member, true) as k8s.V1Ingress;
    try {
        await withDeadline(access.networking.createNamespacedIngress({ namespace: settings.anchorNamespace, body }));
    } catch (err) {
        if (kubernetesStatusCode(err) === 409) {
            return;
        }
        const refused = forbiddenAccess(err);
        throw new Error(
            `pool "${settings.name}": creating the anchor Ingress ${settings.anchorNamespace}/${anchorIngressName(member)} of grown member "${member}" ` +
                `failed: ${kubernetesErrorText(err, access.server)}. ` +
                (refused
                    ? `Grant "${refused.user}" the verb "create" on ingresses in the namespace "${settings.anchorNamespace}" (README "Growth of a pool"). `
                    : "Make the cluster reachable and check the pool's anchor namespace exists. ") +
                `The member stays claimed in the growth record, so the next deployment builds "${member}" rather than another member.`,
            { cause: err },
        );
    }
}

/** Where a wait for a grown member reports its progress: the provider's log (stderr), by default. */
export type ProgressLog = (line: string) => void;

/**
 * Waits until member `member`'s ALB is `active`, for at most `timeoutSeconds`, writing a progress line about every
 * 30 s (or every fifth of the wait, if shorter). `grown`: a member a placement grew (default), rather than one the
 * platform stack declared, which the messages say. Not active in time, or `failed`: rejects with a
 * {@link MemberArrivalError} carrying the anchor Ingress's Events.
 */
export async function awaitMember(
    access: KubernetesAccess,
    settings: PoolSettings,
    member: string,
    timeoutSeconds: number,
    grown = true,
    log: ProgressLog = line => console.error(`scope-ingress: ${line}`),
): Promise<BalancerAddress> {
    const started = Date.now();
    const deadline = started + timeoutSeconds * 1000;
    // Polls start at half a second and double up to 10 s: a member the controller builds fast is found fast,
    // and a slow one costs few DescribeLoadBalancers calls (they share the account's rate limit).
    const longestPollMs = Math.min(10_000, (timeoutSeconds * 1000) / 10);
    const reportEveryMs = Math.min(30_000, (timeoutSeconds * 1000) / 5);
    let pollMs = Math.min(500, longestPollMs);
    let reported = started;
    log(
        `pool "${settings.name}" ${grown ? "grew" : "is full but has a member being built"}: waiting up to ${timeoutSeconds} s ` +
            `for the Load Balancer Controller to make ALB "${member}" active`,
    );
    let last: { state?: string; reason?: string };
    for (;;) {
        let arrival;
        try {
            // One look (a zero time limit): the loop here paces the looks and reports the progress.
            arrival = await awaitActive(member, { region: settings.region, timeoutSeconds: 0, pollSeconds: 1 });
        } catch (err) {
            throw new MemberArrivalError(
                member,
                `pool "${settings.name}": waiting for grown member ALB "${member}" failed: ${errorText(err)}. ` +
                    "Check elasticloadbalancing:DescribeLoadBalancers permission and the region, and run the deployment again.",
                { cause: err },
            );
        }
        const elapsed = () => Math.round((Date.now() - started) / 1000);
        if (arrival.active) {
            log(`ALB "${member}" of pool "${settings.name}" is active after ${elapsed()} s`);
            return arrival.address;
        }
        last = arrival;
        if (arrival.state === BALANCER_STATES.failed || Date.now() + pollMs > deadline) {
            break;
        }
        if (Date.now() - reported >= reportEveryMs) {
            reported = Date.now();
            log(
                `still waiting for ALB "${member}" of pool "${settings.name}": ${arrival.state ?? "not created yet"}, ` +
                    `${elapsed()} s of ${timeoutSeconds} s`,
            );
        }
        await new Promise(resolve => setTimeout(resolve, pollMs));
        pollMs = Math.min(pollMs * 2, longestPollMs);
    }
    const anchor = `${settings.anchorNamespace}/${anchorIngressName(member)}`;
    const seen =
        last.state === undefined ? "it does not exist" : `its state is ${last.state}${stateReasonText(last.reason)}`;
    throw new MemberArrivalError(
        member,
        (grown
            ? `pool "${settings.name}" grew by member "${member}", but the Load Balancer Controller did not make its ALB active `
            : `pool "${settings.name}" is full, and the Load Balancer Controller did not make the ALB of its member "${member}" (the platform stack's) active `) +
            (last.state === BALANCER_STATES.failed
                ? "(it failed)"
                : `within ${timeoutSeconds} s (${GROWTH_TIMEOUT_VARIABLE})`) +
            `: ${seen}. Events of its anchor Ingress ${anchor}: ${await anchorEvents(access, settings, member)}. ` +
            `Fix what the Events name (the controller's IAM permissions, subnets, security groups, certificate, quotas), then run the deployment again: ` +
            (grown
                ? `the growth record keeps "${member}", so the next attempt waits for the same member instead of growing another. `
                : `the next attempt waits for "${member}" again, since the pool counts it. `) +
            `The anchor Ingress stays; the scope was not placed and holds no reservation.`,
    );
}

/**
 * The anchor's Events, oldest first, as `Warning FailedDeployModel (x3): <message>`; or why they could not be read.
 * The controller's `groupReconciler.buildAndDeployModel` records why a group's ALB could not be built
 * (`FailedBuildModel`, `FailedDeployModel`) on every member through `recordIngressGroupEvent`, the anchor included.
 */
async function anchorEvents(access: KubernetesAccess, settings: PoolSettings, member: string): Promise<string> {
    try {
        const list = await withDeadline(
            access.core.listNamespacedEvent({
                namespace: settings.anchorNamespace,
                fieldSelector: `involvedObject.kind=Ingress,involvedObject.name=${anchorIngressName(member)}`,
            }),
        );
        const events = [...list.items].sort((a, b) => eventTime(a) - eventTime(b));
        if (events.length === 0) {
            return "none (the controller has not acted on it: check that it runs and watches this namespace and IngressClass)";
        }
        return events
            .map(e =>
                `${e.type ?? ""} ${e.reason ?? ""}${(e.count ?? 1) > 1 ? ` (x${e.count})` : ""}: ${e.message ?? ""}`.trim(),
            )
            .join("; ");
    } catch (err) {
        return `could not be read (${kubernetesErrorText(err, access.server)}; grant "list" on events in the namespace "${settings.anchorNamespace}")`;
    }
}

function eventTime(e: k8s.CoreV1Event): number {
    const t = e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp;
    return t === undefined ? 0 : new Date(t as unknown as string).getTime();
}
