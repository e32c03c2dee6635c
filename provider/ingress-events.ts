/** The Load Balancer Controller's Kubernetes Events about one Ingress, read through the Events API, as lines for an error message. */
import type { IngressRef } from "../core/assignment-contract";
import { KubernetesAccess, kubernetesAccess, kubernetesErrorText, withDeadline } from "./kubernetes-access";

/** Most Events shown in a message: the newest say what is wrong now. */
const MAX_EVENTS = 5;

/** One Event as a message shows it. */
export interface IngressEvent {
    type: string;
    reason: string;
    message: string;
    count: number;
    /** When it last happened, as the API gives it (RFC 3339), or undefined. */
    lastSeen?: string;
}

/**
 * The core/v1 Events whose `involvedObject` is the Ingress (the controller records `FailedDeployModel`,
 * `FailedBuildModel`, `SuccessfullyReconciled` there), Warnings first, newest first within each type.
 */
export async function readIngressEvents(ingress: IngressRef, access?: KubernetesAccess): Promise<IngressEvent[]> {
    const cluster = access ?? (await kubernetesAccess());
    const list = await withDeadline(
        cluster.core.listNamespacedEvent({
            namespace: ingress.namespace,
            fieldSelector: `involvedObject.kind=Ingress,involvedObject.name=${ingress.name}`,
        }),
    );
    const seen = (e: IngressEvent) => e.lastSeen ?? "";
    return (list.items ?? [])
        .map(e => ({
            type: e.type ?? "Normal",
            reason: e.reason ?? "",
            message: e.message ?? "",
            count: e.count ?? 1,
            lastSeen: toText(e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp),
        }))
        .sort((a, b) => rank(a) - rank(b) || (seen(a) < seen(b) ? 1 : seen(a) > seen(b) ? -1 : 0));
}

/**
 * The Ingress's Events as one paragraph for an error message, or what stopped them from being read: the
 * failure that explains a missing route must never be hidden by a second failure while reading it.
 */
export async function ingressEventsText(ingress: IngressRef): Promise<string> {
    const subject = `Ingress ${ingress.namespace}/${ingress.name}`;
    let access: KubernetesAccess | undefined;
    try {
        access = await kubernetesAccess();
        const events = await readIngressEvents(ingress, access);
        if (events.length === 0) {
            return `The cluster has no Events for ${subject}: the Load Balancer Controller has not acted on it (is it running, and is the Ingress's class "alb" its class?).`;
        }
        const lines = events
            .slice(0, MAX_EVENTS)
            .map(e => `  ${e.type} ${e.reason}${e.count > 1 ? ` (x${e.count})` : ""}: ${e.message}`);
        return `The Load Balancer Controller's Events for ${subject}:\n${lines.join("\n")}`;
    } catch (err) {
        const reason = access ? kubernetesErrorText(err, access.server) : String((err as Error).message ?? err);
        return `The Events for ${subject} could not be read (${reason}); run kubectl describe ingress -n ${ingress.namespace} ${ingress.name}.`;
    }
}

/** Warnings first: they say why an ALB does not route. */
function rank(e: IngressEvent): number {
    return e.type === "Warning" ? 0 : 1;
}

function toText(time: unknown): string | undefined {
    if (time instanceof Date) {
        return time.toISOString();
    }
    return typeof time === "string" ? time : undefined;
}
