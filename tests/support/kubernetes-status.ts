/** The `kind: Status` failure bodies the Kubernetes API server answers with, built as apimachinery's `errors.New*` build them. */

/** The kind of object a Status is about: its API group, resource (plural) and kind. */
export interface StatusSubject {
    group: string;
    resource: string;
    kind: string;
}

/** A `meta/v1` Status with `status: Failure`, as sent on the wire. */
export interface FailureStatus {
    kind: "Status";
    apiVersion: "v1";
    metadata: Record<string, never>;
    status: "Failure";
    message: string;
    reason: string;
    details?: {
        name?: string;
        group?: string;
        kind?: string;
        causes?: { reason: string; message: string; field: string }[];
    };
    code: number;
}

/** An API failure: thrown inside the stand-in, answered over HTTP as its {@link FailureStatus}. */
export class KubernetesStatusError extends Error {
    constructor(readonly status: FailureStatus) {
        super(status.message);
    }
}

/** `configmaps` for the core group, `ingresses.networking.k8s.io` otherwise (apimachinery's GroupResource.String). */
export function qualifiedResource(s: StatusSubject): string {
    return s.group ? `${s.resource}.${s.group}` : s.resource;
}

function failure(
    code: number,
    reason: string,
    message: string,
    details?: FailureStatus["details"],
): KubernetesStatusError {
    return new KubernetesStatusError({
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        message,
        reason,
        ...(details && { details }),
        code,
    });
}

// Details name the resource (plural) in `kind`, as the real server does ("Yes we set Kind field to resource").
function details(s: StatusSubject, name: string): FailureStatus["details"] {
    return { name, group: s.group, kind: s.resource };
}

/** 404 NotFound: `configmaps "x" not found`. */
export function notFound(s: StatusSubject, name: string): KubernetesStatusError {
    return failure(404, "NotFound", `${qualifiedResource(s)} "${name}" not found`, details(s, name));
}

/** 409 AlreadyExists: `configmaps "x" already exists`. */
export function alreadyExists(s: StatusSubject, name: string): KubernetesStatusError {
    return failure(409, "AlreadyExists", `${qualifiedResource(s)} "${name}" already exists`, details(s, name));
}

/** The storage layer's optimistic-lock message (apiserver's `OptimisticLockErrorMsg`). */
export const OPTIMISTIC_LOCK_MESSAGE =
    "the object has been modified; please apply your changes to the latest version and try again";

/** 409 Conflict: `Operation cannot be fulfilled on configmaps "x": <why>`. */
export function conflict(s: StatusSubject, name: string, why = OPTIMISTIC_LOCK_MESSAGE): KubernetesStatusError {
    return failure(
        409,
        "Conflict",
        `Operation cannot be fulfilled on ${qualifiedResource(s)} "${name}": ${why}`,
        details(s, name),
    );
}

/**
 * 403 Forbidden as RBAC denies it: `configmaps "x" is forbidden: User "u" cannot update resource "configmaps" in
 * API group "" in the namespace "ns"` (no name for lists and creates; "at the cluster scope" without a namespace).
 */
export function forbidden(
    s: StatusSubject,
    user: string,
    verb: string,
    namespace?: string,
    name?: string,
): KubernetesStatusError {
    const where = namespace ? `in the namespace "${namespace}"` : "at the cluster scope";
    const why = `User "${user}" cannot ${verb} resource "${s.resource}" in API group "${s.group}" ${where}`;
    const subject = name ? `${qualifiedResource(s)} "${name}"` : qualifiedResource(s);
    return failure(403, "Forbidden", `${subject} is forbidden: ${why}`, {
        ...(name && { name }),
        group: s.group,
        kind: s.resource,
    });
}

/** 422 Invalid: `ConfigMap "x" is invalid: <field>: <problem>`; details name the kind here, not the resource. */
export function invalid(
    s: StatusSubject,
    name: string,
    causes: { field: string; message: string; reason?: string }[],
): KubernetesStatusError {
    const kind = s.group ? `${s.kind}.${s.group}` : s.kind;
    const text = causes.map(c => `${c.field}: ${c.message}`);
    const message = `${kind} "${name}" is invalid: ${text.length === 1 ? text[0] : `[${text.join(", ")}]`}`;
    return failure(422, "Invalid", message, {
        name,
        group: s.group,
        kind: s.kind,
        causes: causes.map(c => ({ reason: c.reason ?? "FieldValueInvalid", message: c.message, field: c.field })),
    });
}

/** 400 BadRequest with the server's message. */
export function badRequest(message: string): KubernetesStatusError {
    return failure(400, "BadRequest", message);
}

/** 404 for a path the server does not serve (no details, as the real server's mux answers). */
export function unknownPath(): KubernetesStatusError {
    return failure(404, "NotFound", "the server could not find the requested resource", {});
}

/** 405 MethodNotAllowed, e.g. watch, which this stand-in does not serve. */
export function notSupported(what: string): KubernetesStatusError {
    return failure(405, "MethodNotAllowed", `${what} is not supported by this stand-in`, {});
}

/** 415 UnsupportedMediaType, e.g. a server-side apply patch. */
export function unsupportedMediaType(contentType: string): KubernetesStatusError {
    return failure(
        415,
        "UnsupportedMediaType",
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got ${contentType})`,
    );
}

/** 500 InternalError with `Internal error occurred: <why>`. */
export function internalError(why: string): KubernetesStatusError {
    return failure(500, "InternalError", `Internal error occurred: ${why}`, {
        causes: [{ reason: "", message: why, field: "" }],
    });
}
