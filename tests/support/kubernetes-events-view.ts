/** The events.k8s.io/v1 view of stored core/v1 Events, read-only, as the API server converts between the two. */
import type { KubeObject, ResourceType } from "./kubernetes-object-store";
import { RESOURCE_TYPES } from "./kubernetes-object-store";

/** Events as `events.k8s.io/v1` serves them: the same objects, another group and shape. */
export const EVENTS_V1: ResourceType = {
    ...RESOURCE_TYPES.events,
    group: "events.k8s.io",
    apiVersion: "events.k8s.io/v1",
    readOnly: true,
};

// The field labels events.k8s.io/v1 accepts, and the core/v1 labels they convert to.
const FIELD_CONVERSIONS: Readonly<Record<string, string>> = {
    "regarding.kind": "involvedObject.kind",
    "regarding.namespace": "involvedObject.namespace",
    "regarding.name": "involvedObject.name",
    "regarding.uid": "involvedObject.uid",
    "regarding.apiVersion": "involvedObject.apiVersion",
    "regarding.resourceVersion": "involvedObject.resourceVersion",
    "regarding.fieldPath": "involvedObject.fieldPath",
    reportingController: "reportingComponent",
};

/** An events.k8s.io/v1 field selector in core/v1 terms. */
export function coreFieldSelector(selector: string | undefined): string | undefined {
    return selector?.replace(
        /(^|,)\s*([^,!=]+?)(\s*(?:==|=|!=))/g,
        (_all, start, field, op) => `${start}${FIELD_CONVERSIONS[field] ?? field}${op}`,
    );
}

/** A stored core/v1 Event as events.k8s.io/v1 shows it (`regarding`, `note`, `deprecated*`). */
export function toEventsV1(core: KubeObject): KubeObject {
    const c = core as Record<string, any>;
    const out: Record<string, unknown> = {
        ...(c.apiVersion && { apiVersion: EVENTS_V1.apiVersion }),
        ...(c.kind && { kind: "Event" }),
        metadata: c.metadata,
        eventTime: c.eventTime ?? null,
        series: c.series,
        reportingController: c.reportingComponent,
        reportingInstance: c.reportingInstance,
        action: c.action,
        reason: c.reason,
        regarding: c.involvedObject,
        related: c.related,
        note: c.message,
        type: c.type,
        deprecatedSource: c.source,
        deprecatedFirstTimestamp: c.firstTimestamp,
        deprecatedLastTimestamp: c.lastTimestamp,
        deprecatedCount: c.count,
    };
    return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as KubeObject;
}
