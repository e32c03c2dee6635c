/** The Kubernetes API server's storage semantics for the kinds this package touches, in memory and without HTTP. */
import { randomUUID } from "node:crypto";
import { applyPatch } from "./kubernetes-patch";
import { parseFieldSelector, parseLabelSelector } from "./kubernetes-selectors";
import {
    StatusSubject,
    alreadyExists,
    badRequest,
    conflict,
    internalError,
    invalid,
    notFound,
} from "./kubernetes-status";

/** A stored object: any JSON with `metadata`. */
export interface KubeObject {
    apiVersion?: string;
    kind?: string;
    metadata: {
        name?: string;
        generateName?: string;
        namespace?: string;
        uid?: string;
        resourceVersion?: string;
        generation?: number;
        creationTimestamp?: string;
        deletionTimestamp?: string;
        deletionGracePeriodSeconds?: number;
        finalizers?: string[];
        labels?: Record<string, string>;
        annotations?: Record<string, string>;
        [key: string]: unknown;
    };
    [key: string]: unknown;
}

/** A namespaced kind the stand-in serves. */
export interface ResourceType extends StatusSubject {
    apiVersion: string;
    /** Events may be created by PUT (their strategy allows create-on-update); the others answer 404. */
    createOnUpdate: boolean;
    /** Ingresses have `metadata.generation` (bumped on spec changes) and a `status` only `/status` writes. */
    hasSpecAndStatus: boolean;
    /** Field selector labels beyond `metadata.name` and `metadata.namespace`, each with how to read it. */
    fields: Record<string, (o: KubeObject) => string | undefined>;
    /** A view served for reads only (events.k8s.io/v1 over core/v1 Events). */
    readOnly?: boolean;
}

const involved = (field: string) => (o: KubeObject) =>
    (o.involvedObject as Record<string, string> | undefined)?.[field];

/** The kinds served, by resource (plural) name. */
export const RESOURCE_TYPES: Readonly<Record<string, ResourceType>> = {
    configmaps: {
        group: "",
        resource: "configmaps",
        kind: "ConfigMap",
        apiVersion: "v1",
        createOnUpdate: false,
        hasSpecAndStatus: false,
        fields: {},
    },
    events: {
        group: "",
        resource: "events",
        kind: "Event",
        apiVersion: "v1",
        createOnUpdate: true,
        hasSpecAndStatus: false,
        fields: {
            "involvedObject.kind": involved("kind"),
            "involvedObject.namespace": involved("namespace"),
            "involvedObject.name": involved("name"),
            "involvedObject.uid": involved("uid"),
            "involvedObject.apiVersion": involved("apiVersion"),
            "involvedObject.resourceVersion": involved("resourceVersion"),
            "involvedObject.fieldPath": involved("fieldPath"),
            reason: o => o.reason as string | undefined,
            type: o => o.type as string | undefined,
            reportingComponent: o => o.reportingComponent as string | undefined,
            source: o => (o.source as { component?: string } | undefined)?.component,
        },
    },
    leases: {
        group: "coordination.k8s.io",
        resource: "leases",
        kind: "Lease",
        apiVersion: "coordination.k8s.io/v1",
        createOnUpdate: false,
        hasSpecAndStatus: false,
        fields: {},
    },
    ingresses: {
        group: "networking.k8s.io",
        resource: "ingresses",
        kind: "Ingress",
        apiVersion: "networking.k8s.io/v1",
        createOnUpdate: false,
        hasSpecAndStatus: true,
        fields: {},
    },
};

/** What changed, for in-process watchers (the controller stand-in), after the write is stored. */
export interface StoreChange {
    type: "ADDED" | "MODIFIED" | "DELETED";
    resource: string;
    object: KubeObject;
}

/** List options as the query string carries them. */
export interface ListOptions {
    labelSelector?: string;
    fieldSelector?: string;
    limit?: number;
    continue?: string;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const CONFIGMAP_MAX_BYTES = 1024 * 1024;

/** RFC 3339 at seconds, as `metav1.Time` serializes. */
function now(): string {
    return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Objects by kind and `namespace/name`, written with the API server's rules: one cluster-wide, increasing
 * `resourceVersion` (a string; compare it only for equality, as clients must); optimistic concurrency on
 * update, patch and delete; server-set `uid`, `creationTimestamp` and (Ingresses) `generation` that writes
 * cannot change; a write that changes nothing stores nothing and keeps the `resourceVersion`, as etcd3's
 * GuaranteedUpdate does; finalizers hold a deleted object (with `deletionTimestamp`) until they are removed.
 * Every failure is a {@link KubernetesStatusError} carrying the real Status body.
 */
export class KubernetesObjectStore {
    private readonly objects = new Map<string, Map<string, KubeObject>>();
    private revision = 0;
    private readonly watchers = new Set<(change: StoreChange) => void>();

    /** The cluster's current resourceVersion (what a list returns). */
    get resourceVersion(): string {
        return String(this.revision);
    }

    /** Calls `listener` after every stored change; returns a function that stops it. */
    watch(listener: (change: StoreChange) => void): () => void {
        this.watchers.add(listener);
        return () => this.watchers.delete(listener);
    }

    /** Forgets every object. The resourceVersion keeps increasing, as a real cluster's never goes back. */
    clear(): void {
        this.objects.clear();
    }

    get(type: ResourceType, namespace: string, name: string): KubeObject {
        const found = this.table(type).get(`${namespace}/${name}`);
        if (!found) {
            throw notFound(type, name);
        }
        return this.out(type, found);
    }

    /** The objects of one namespace, or of all when `namespace` is undefined, in etcd's key order. */
    list(
        type: ResourceType,
        namespace: string | undefined,
        options: ListOptions = {},
    ): { items: KubeObject[]; continue?: string; remainingItemCount?: number } {
        const labels = parseLabelSelector(options.labelSelector);
        const fieldNames = ["metadata.name", "metadata.namespace", ...Object.keys(type.fields)];
        const fields = parseFieldSelector(options.fieldSelector, fieldNames);
        const start = options.continue ? Buffer.from(options.continue, "base64url").toString() : "";
        const matching = [...this.table(type).entries()]
            .filter(([key, o]) => (namespace === undefined || o.metadata.namespace === namespace) && key > start)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .filter(
                ([, o]) =>
                    labels(o.metadata.labels ?? {}) &&
                    fields(Object.fromEntries(fieldNames.map(f => [f, fieldValue(type, o, f)]))),
            );
        const page = options.limit && options.limit > 0 ? matching.slice(0, options.limit) : matching;
        const more = matching.length - page.length;
        // List items carry no apiVersion/kind on the wire: the list's kind says what they are.
        const items = page.map(([, o]) => {
            const { apiVersion: _a, kind: _k, ...rest } = this.out(type, o);
            return rest as KubeObject;
        });
        return more > 0
            ? { items, continue: Buffer.from(page[page.length - 1][0]).toString("base64url"), remainingItemCount: more }
            : { items };
    }

    /** POST: a new object; 409 AlreadyExists for a taken name. */
    create(type: ResourceType, namespace: string, body: KubeObject): KubeObject {
        const obj = structuredClone(body);
        obj.metadata ??= {};
        if (obj.metadata.namespace !== undefined && obj.metadata.namespace !== namespace) {
            throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
        if (obj.metadata.resourceVersion) {
            throw internalError("resourceVersion should not be set on objects to be created");
        }
        if (!obj.metadata.name && obj.metadata.generateName) {
            obj.metadata.name = obj.metadata.generateName + randomUUID().replace(/-/g, "").slice(0, 5);
        }
        obj.metadata.namespace = namespace;
        this.validate(type, obj);
        const key = `${namespace}/${obj.metadata.name}`;
        if (this.table(type).has(key)) {
            throw alreadyExists(type, obj.metadata.name!);
        }
        Object.assign(obj.metadata, { uid: randomUUID(), creationTimestamp: now() });
        delete obj.metadata.deletionTimestamp;
        if (type.hasSpecAndStatus) {
            obj.metadata.generation = 1;
            // A create cannot set status: the real strategy clears it.
            obj.status = type.kind === "Ingress" ? { loadBalancer: {} } : {};
        }
        return this.store(type, key, obj, "ADDED");
    }

    /**
     * PUT: replaces the object. A `metadata.resourceVersion` that is not the stored one is a 409 Conflict; none at
     * all is an unconditional update (these kinds allow it). `subresource: "status"` replaces only `status`.
     */
    update(type: ResourceType, namespace: string, name: string, body: KubeObject, subresource?: "status"): KubeObject {
        const obj = structuredClone(body);
        obj.metadata ??= {};
        if (obj.metadata.name !== undefined && obj.metadata.name !== name) {
            throw badRequest(
                `the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`,
            );
        }
        if (obj.metadata.namespace !== undefined && obj.metadata.namespace !== namespace) {
            throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
        const key = `${namespace}/${name}`;
        const old = this.table(type).get(key);
        if (!old) {
            if (type.createOnUpdate && !obj.metadata.resourceVersion) {
                return this.create(type, namespace, { ...obj, metadata: { ...obj.metadata, name } });
            }
            throw notFound(type, name);
        }
        if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== old.metadata.resourceVersion) {
            throw conflict(type, name);
        }
        return this.replace(type, key, old, { ...obj, metadata: { ...obj.metadata, name, namespace } }, subresource);
    }

    /** PATCH: applies the body to the stored object and updates it; a resourceVersion in the result is a precondition. */
    patch(
        type: ResourceType,
        namespace: string,
        name: string,
        contentType: string,
        body: unknown,
        subresource?: "status",
    ): KubeObject {
        const key = `${namespace}/${name}`;
        const old = this.table(type).get(key);
        if (!old) {
            throw notFound(type, name);
        }
        const patched = applyPatch(this.out(type, old), contentType, body) as KubeObject;
        return this.update(type, namespace, name, patched, subresource);
    }

    /**
     * DELETE with optional preconditions (409 Conflict with the storage layer's message when stale). Answers the
     * Status the real server sends for an object gone at once, or the object itself when finalizers hold it.
     */
    delete(
        type: ResourceType,
        namespace: string,
        name: string,
        preconditions: { resourceVersion?: string; uid?: string } = {},
    ): object {
        const key = `${namespace}/${name}`;
        const old = this.table(type).get(key);
        if (!old) {
            throw notFound(type, name);
        }
        const storageKey = `/registry/${type.resource}/${key}`;
        const stale = (what: string, asked: string, actual?: string) =>
            conflict(
                type,
                name,
                `StorageError: invalid object, Code: 4, Key: ${storageKey}, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: ${what} in precondition: ${asked}, ${what} in object meta: ${actual}`,
            );
        if (preconditions.uid !== undefined && preconditions.uid !== old.metadata.uid) {
            throw stale("UID", preconditions.uid, old.metadata.uid);
        }
        if (
            preconditions.resourceVersion !== undefined &&
            preconditions.resourceVersion !== old.metadata.resourceVersion
        ) {
            throw stale("ResourceVersion", preconditions.resourceVersion, old.metadata.resourceVersion);
        }
        if (old.metadata.finalizers?.length) {
            if (old.metadata.deletionTimestamp) {
                return this.out(type, old);
            }
            const marked = structuredClone(old);
            Object.assign(marked.metadata, { deletionTimestamp: now(), deletionGracePeriodSeconds: 0 });
            if (marked.metadata.generation !== undefined) {
                marked.metadata.generation++;
            }
            return this.store(type, key, marked, "MODIFIED");
        }
        this.remove(type, key, old);
        return {
            kind: "Status",
            apiVersion: "v1",
            metadata: {},
            status: "Success",
            details: { name, group: type.group, kind: type.resource, uid: old.metadata.uid },
        };
    }

    private replace(
        type: ResourceType,
        key: string,
        old: KubeObject,
        obj: KubeObject,
        subresource?: "status",
    ): KubeObject {
        // Fields the server owns are copied from the stored object, whatever the write said (rest.BeforeUpdate).
        for (const field of [
            "uid",
            "creationTimestamp",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
            "generation",
        ] as const) {
            if (old.metadata[field] === undefined) {
                delete obj.metadata[field];
            } else {
                (obj.metadata as Record<string, unknown>)[field] = old.metadata[field];
            }
        }
        obj.metadata.resourceVersion = old.metadata.resourceVersion;
        if (type.hasSpecAndStatus) {
            if (subresource === "status") {
                // A status write changes status only.
                const status = obj.status;
                Object.assign(obj, structuredClone(old), { status });
            } else {
                obj.status = structuredClone(old.status);
                if (canonical(obj.spec) !== canonical(old.spec)) {
                    obj.metadata.generation = (old.metadata.generation ?? 0) + 1;
                }
            }
        }
        obj.apiVersion = type.apiVersion;
        obj.kind = type.kind;
        this.validate(type, obj);
        if (old.metadata.deletionTimestamp && !obj.metadata.finalizers?.length) {
            // The last finalizer removed from a deleted object: it goes now.
            this.remove(type, key, old);
            return this.out(type, obj);
        }
        if (canonical(obj) === canonical(this.out(type, old))) {
            return this.out(type, old);
        }
        return this.store(type, key, obj, "MODIFIED");
    }

    private validate(type: ResourceType, obj: KubeObject): void {
        const name = obj.metadata.name ?? "";
        const causes: { field: string; message: string; reason?: string }[] = [];
        if (!name) {
            causes.push({
                field: "metadata.name",
                message: "Required value: name or generateName is required",
                reason: "FieldValueRequired",
            });
        } else if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
            causes.push({
                field: "metadata.name",
                message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
            });
        }
        for (const [key, value] of Object.entries(obj.metadata.labels ?? {})) {
            if (typeof value !== "string" || value.length > 63 || !LABEL_VALUE.test(value)) {
                causes.push({
                    field: "metadata.labels",
                    message: `Invalid value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (label ${key})`,
                });
            }
        }
        if (type.kind === "ConfigMap") {
            const bytes = [obj.data, obj.binaryData].reduce(
                (sum: number, m) =>
                    sum +
                    Object.entries((m ?? {}) as Record<string, string>).reduce(
                        (s, [k, v]) => s + k.length + Buffer.byteLength(v),
                        0,
                    ),
                0,
            );
            if (bytes > CONFIGMAP_MAX_BYTES) {
                causes.push({
                    field: "[]",
                    message: `Too long: must have at most ${CONFIGMAP_MAX_BYTES} bytes`,
                    reason: "FieldValueTooLong",
                });
            }
        }
        if (causes.length > 0) {
            throw invalid(type, name, causes);
        }
    }

    private store(type: ResourceType, key: string, obj: KubeObject, change: "ADDED" | "MODIFIED"): KubeObject {
        obj.apiVersion = type.apiVersion;
        obj.kind = type.kind;
        obj.metadata.resourceVersion = String(++this.revision);
        this.table(type).set(key, obj);
        this.notify({ type: change, resource: type.resource, object: this.out(type, obj) });
        return this.out(type, obj);
    }

    private remove(type: ResourceType, key: string, old: KubeObject): void {
        this.table(type).delete(key);
        // A delete is a write too: the cluster's revision moves on.
        const gone = {
            ...this.out(type, old),
            metadata: { ...old.metadata, resourceVersion: String(++this.revision) },
        };
        this.notify({ type: "DELETED", resource: type.resource, object: gone });
    }

    private notify(change: StoreChange): void {
        for (const w of this.watchers) {
            w(structuredClone(change));
        }
    }

    private out(type: ResourceType, obj: KubeObject): KubeObject {
        return structuredClone({ ...obj, apiVersion: type.apiVersion, kind: type.kind });
    }

    private table(type: ResourceType): Map<string, KubeObject> {
        let t = this.objects.get(type.resource);
        if (!t) {
            t = new Map();
            this.objects.set(type.resource, t);
        }
        return t;
    }
}

function fieldValue(type: ResourceType, o: KubeObject, field: string): string | undefined {
    if (field === "metadata.name") {
        return o.metadata.name;
    }
    if (field === "metadata.namespace") {
        return o.metadata.namespace;
    }
    return type.fields[field]?.(o);
}

/** JSON with keys sorted, so two objects that differ only in key order compare equal. */
function canonical(value: unknown): string {
    return JSON.stringify(value, (_k, v) =>
        v !== null && typeof v === "object" && !Array.isArray(v)
            ? Object.fromEntries(
                  Object.keys(v)
                      .sort()
                      .map(k => [k, v[k]]),
              )
            : v,
    );
}
